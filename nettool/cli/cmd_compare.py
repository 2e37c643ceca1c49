"""`nettool compare --metric M`: one metric (or several) across studies."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from nettool.cli._app import app, debug_enabled
from nettool.cli._output import open_output, resolve_format, to_terminal
from nettool.cli._run import Pipeline
from nettool.cli.options import FORMATS, FormatOpt, FullTextOpt, JobsOpt, OutputOpt, PathsArg, QuietOpt


@app.command()
def compare(
    metric: Annotated[list[str], typer.Option("--metric", "-m", metavar="METRIC", show_default=False,
                                              help="os, dss, pfs, dfs, cc, relief, morbidity, mortality, recurrence, "
                                                   "followup, or an alias (overall-survival, css, ttp, rfs, r0, "
                                                   "cytoreduction, symptoms, complications, ...). Repeat for "
                                                   "several metrics in one table.")],
    paths: PathsArg = None,
    timepoint: Annotated[Optional[str], typer.Option("--timepoint", "-t", metavar="Ny", show_default=False,
                                                     help="Only figures at this timepoint (5y, 30d; 'none': "
                                                          "figures without one).")] = None,
    measure: Annotated[Optional[str], typer.Option("--measure", metavar="median|mean|rate|hr", show_default=False,
                                                   help="Only figures of this measure.")] = None,
    fmt: FormatOpt = None, output: OutputOpt = None,
    quiet: QuietOpt = False, jobs: JobsOpt = 1, full_text: FullTextOpt = False,
) -> None:
    """One metric across studies, one row per figure.

    Rows follow the input order of the studies, then the order of the text.
    Columns: study, year, group, condition, n (the figure's own denominator:
    stated, its arm's stated size, or the cohort's for a whole-cohort figure;
    empty for a subgroup or condition without a stated size), measure, value
    with unit, timepoint, interval with its kind (95% CI, range, IQR), p as
    printed.  TSV/CSV/JSON add machine columns (value, low, high, interval,
    events, total, kind, subset, pooled, ...) -- a CSV goes straight into R's
    metafor::escalc (docs/analysis.md).

    \b
    Examples:
      nettool compare --metric os
      nettool compare -m cc --format csv corpus/ -o cc.csv
      nettool compare -m os -m dss --measure median corpus/
      nettool compare -m mortality -t 90d corpus/
    """
    from nettool.analyze import resolve_metric
    from nettool.analyze.compare import compare_table
    from nettool.errors import UsageError
    from nettool.extract import study_of
    from nettool.models import MEASURES
    from nettool.render import render_table

    names = list(dict.fromkeys(resolve_metric(m) for m in metric))
    if measure is not None and measure.lower() not in MEASURES:
        raise UsageError(f"unknown --measure {measure!r}; use one of: {', '.join(MEASURES)}")
    fmt_name = resolve_format(fmt, output, human="table", machine="tsv", allowed=FORMATS)
    with open_output(output) as out, Pipeline(paths, quiet=quiet, jobs=jobs, debug=debug_enabled(),
                                                    full_text=full_text) as run:
        table = compare_table(run.map(study_of), names, timepoint, measure.lower() if measure else None)
        render_table(table, fmt_name, out, terminal=to_terminal(output))
