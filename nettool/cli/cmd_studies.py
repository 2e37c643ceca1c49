"""`nettool studies`: one row per record."""
from __future__ import annotations

from nettool.cli._app import app, debug_enabled
from nettool.cli._output import open_output, resolve_format, to_terminal
from nettool.cli._run import Pipeline
from nettool.cli.options import FORMATS, FormatOpt, FullTextOpt, JobsOpt, OutputOpt, PathsArg, QuietOpt

@app.command()
def studies(paths: PathsArg = None, fmt: FormatOpt = None, output: OutputOpt = None,
            quiet: QuietOpt = False, jobs: JobsOpt = 1, full_text: FullTextOpt = False) -> None:
    """One row per record: metadata and figure count.

    Columns: label, PMID, DOI, title, journal, year, design, setting, period,
    n, arms, figures, source (every input a merged duplicate was read from).

    \b
    Examples:
      nettool studies
      nettool studies --format csv corpus/ -o studies.csv
    """
    from nettool.analyze.studies import studies_table
    from nettool.extract import study_of
    from nettool.render import render_table

    fmt_name = resolve_format(fmt, output, human="table", machine="tsv", allowed=FORMATS)
    with open_output(output) as out, Pipeline(paths, quiet=quiet, jobs=jobs, debug=debug_enabled(),
                                                    full_text=full_text) as run:
        render_table(studies_table(run.map(study_of)), fmt_name, out, terminal=to_terminal(output))
