"""`nettool compare --metric M`: one metric across studies."""
from __future__ import annotations

from typing import Annotated

import typer

from nettool.cli._app import app, debug_enabled
from nettool.cli._output import open_output, resolve_format, to_terminal
from nettool.cli._run import Pipeline
from nettool.cli.options import FormatOpt, FullTextOpt, JobsOpt, OutputOpt, PathsArg, QuietOpt

FORMATS = ("table", "tsv", "csv", "json", "jsonl", "markdown")


@app.command()
def compare(
    metric: Annotated[str, typer.Option("--metric", "-m", metavar="METRIC", show_default=False,
                                        help="os, dss, pfs, dfs, cc, relief, morbidity, mortality, recurrence, "
                                             "followup, or an alias (overall-survival, cytoreduction, r0, "
                                             "symptoms, complications, ...).")],
    paths: PathsArg = None, fmt: FormatOpt = None, output: OutputOpt = None,
    quiet: QuietOpt = False, jobs: JobsOpt = 1, full_text: FullTextOpt = False,
) -> None:
    """One metric across studies, one row per figure.

    Rows follow the input order of the studies, then the order of the text.
    Columns: study, year, group, condition, n (arm size when stated; the study
    size for whole-cohort figures), measure, value with unit, timepoint,
    CI/range, p.  TSV/CSV/JSON add machine columns (value, low, high, events,
    total, ...) -- a CSV goes straight into R's metafor::escalc (docs/usage.md).

    \b
    Examples:
      nettool compare --metric os
      nettool compare -m cc --format csv corpus/ -o cc.csv
      nettool compare -m os | sort -t$'\\t' -k12,12gr
    """
    from nettool.analyze import resolve_metric
    from nettool.analyze.compare import compare_table
    from nettool.extract import study_of
    from nettool.render import render_table

    name = resolve_metric(metric)
    fmt_name = resolve_format(fmt, output, human="table", machine="tsv", allowed=FORMATS)
    with open_output(output) as out, Pipeline(paths, quiet=quiet, jobs=jobs, debug=debug_enabled(),
                                                    full_text=full_text) as run:
        render_table(compare_table(run.map(study_of), name), fmt_name, out, terminal=to_terminal(output))
