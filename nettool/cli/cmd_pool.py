"""`nettool pool --metric M`: random-effects pooled proportion, or a summary of medians."""
from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from nettool.cli._app import app, debug_enabled
from nettool.cli._output import open_output, resolve_format, to_terminal
from nettool.cli._run import Pipeline
from nettool.cli.options import FormatOpt, FullTextOpt, JobsOpt, OutputOpt, PathsArg, QuietOpt

FORMATS = ("table", "tsv", "csv", "json", "jsonl", "markdown")

MetricOpt = Annotated[str, typer.Option(
    "--metric", "-m", metavar="METRIC", show_default=False,
    help="Proportions (pooled): cc, relief, morbidity, mortality, recurrence. Time to event "
         "(summarised, never pooled): os, dss, pfs, dfs, followup. Aliases as in `compare`.")]
MethodOpt = Annotated[str, typer.Option(
    "--method", metavar="dl|reml", help="tau² estimator: DerSimonian-Laird (dl) or REML.")]
TimepointOpt = Annotated[Optional[str], typer.Option(
    "--timepoint", "-t", metavar="Ny", show_default=False,
    help="Only figures at this timepoint (5y, 30d, ...). For os/pfs/...: summarise k-year rates "
         "instead of medians.")]


def compute(metric: str, method: str, timepoint: Optional[str], studies):  # type: ignore[no-untyped-def]
    """Shared by `pool` and `plot`: validate options and run the analysis."""
    from nettool.analyze import resolve_metric
    from nettool.analyze.pool import METHODS, pool_metric
    from nettool.errors import UsageError

    name = resolve_metric(metric)
    method = method.lower()
    if method not in METHODS:
        raise UsageError(f"unknown --method {method!r}; use dl or reml")
    return name, method, pool_metric(studies, name, method, timepoint)


@app.command()
def pool(
    metric: MetricOpt, paths: PathsArg = None, method: MethodOpt = "dl", timepoint: TimepointOpt = None,
    fmt: FormatOpt = None, output: OutputOpt = None, quiet: QuietOpt = False, jobs: JobsOpt = 1,
    full_text: FullTextOpt = False,
) -> None:
    """Random-effects pooled proportion over the studies/arms with events/total.

    Logit transform (0.5 added only when events is 0 or all), DerSimonian-Laird
    tau² (or --method reml), 95% CI back-transformed, tau², I², Q and its p, k
    arms, studies and patients; per arm its Wilson 95% CI and weight. Every
    figure left out is listed with why (no denominator, a bound like ">= 97%",
    an arm of a study pooled whole, ...). Counts are stated, or derived from a
    percent x a stated arm size (the note says so).

    Time-to-event metrics are not pooled: the range and the n-weighted median
    of the reported medians (or of k-year rates with --timepoint), labelled as such.
    --format json gives {"pooled"|"summary": ..., "rows": [...]}.

    \b
    Examples:
      nettool pool --metric cc corpus/
      nettool pool -m relief --method reml --format json corpus/
      nettool pool -m os corpus/            # medians: range + n-weighted median
      nettool pool -m os -t 5y corpus/      # 5-year rates, summarised
    """
    from nettool.extract import study_of

    from nettool.analyze import resolve_metric

    resolve_metric(metric)  # fail on a bad metric before reading anything
    fmt_name = resolve_format(fmt, output, human="table", machine="tsv", allowed=FORMATS)
    with open_output(output) as out, Pipeline(paths, quiet=quiet, jobs=jobs, debug=debug_enabled(),
                                                    full_text=full_text) as run:
        _, _, result = compute(metric, method, timepoint, list(run.map(study_of)))
        if fmt_name == "json":
            json.dump(_jsonable(result.to_dict()), out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            from nettool.analyze.pool import pool_table
            from nettool.render import render_table

            render_table(pool_table(result), fmt_name, out, terminal=to_terminal(output))


def _jsonable(obj):  # type: ignore[no-untyped-def]
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items() if k != "sentence" or v}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, float):
        if obj != obj:  # NaN
            return None
        return int(obj) if obj.is_integer() and abs(obj) < 1e15 else obj
    return obj
