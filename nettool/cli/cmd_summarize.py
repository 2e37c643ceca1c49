"""`nettool summarize`: a readable evidence summary."""
from __future__ import annotations

from nettool.cli._app import app, debug_enabled
from nettool.cli._output import open_output, resolve_format, to_terminal
from nettool.cli._run import Pipeline
from nettool.cli.options import (
    SUMMARY_FORMATS, FullTextOpt, JobsOpt, OutputOpt, PathsArg, QuietOpt, SummaryFormatOpt,
)

@app.command()
def summarize(paths: PathsArg = None, fmt: SummaryFormatOpt = None, output: OutputOpt = None,
              quiet: QuietOpt = False, jobs: JobsOpt = 1, full_text: FullTextOpt = False) -> None:
    """Findings per study, then a synthesis per metric.

    Per study: title, journal, year, PMID/DOI, design, setting, period, n and
    arms; one line per finding with arms side by side and p; the authors'
    conclusion.  Then per metric across studies: studies, patients, range of
    values and where the extremes come from.

    Every number printed comes from an extracted figure or the record's metadata.
    Formats: text (default), markdown, json (nested); table/tsv/csv/jsonl give one
    row per line of the summary.

    \b
    Examples:
      nettool summarize seeds/
      nettool summarize corpus/ --format markdown -o summary.md
    """
    from nettool.analyze.summary import summarize as build_summary
    from nettool.analyze.summary import summary_table
    from nettool.extract import study_of

    fmt_name = resolve_format(fmt, output, human="text", machine="text", allowed=SUMMARY_FORMATS)
    with open_output(output) as out, Pipeline(paths, quiet=quiet, jobs=jobs, debug=debug_enabled(),
                                                    full_text=full_text) as run:
        summary = build_summary(run.map(study_of))
        if fmt_name in ("text", "markdown", "json"):
            from nettool.render import text

            if fmt_name == "json":
                text.write_json(summary, out)
            elif fmt_name == "markdown":
                text.write_markdown(summary, out)
            elif to_terminal(output):
                text.write_rich(summary, out)
            else:
                text.write_text(summary, out)
        else:
            from nettool.render import render_table

            render_table(summary_table(summary), fmt_name, out, terminal=to_terminal(output))
