"""`nettool pool --metric M`: random-effects pooled proportion, or a summary of medians."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from nettool.cli._app import app, debug_enabled
from nettool.cli._output import open_output, resolve_format, to_terminal
from nettool.cli._run import Pipeline
from nettool.cli.options import FORMATS, FormatOpt, FullTextOpt, JobsOpt, OutputOpt, PathsArg, QuietOpt

MetricOpt = Annotated[list[str], typer.Option(
    "--metric", "-m", metavar="METRIC", show_default=False,
    help="Proportions (pooled): cc, relief, morbidity, mortality, recurrence. Time to event "
         "(summarised, never pooled): os, dss, pfs, dfs, followup. Aliases as in `compare`. Once.")]
MethodOpt = Annotated[str, typer.Option(
    "--method", metavar="dl|reml", help="tau² estimator: DerSimonian-Laird (dl) or REML.")]
TimepointOpt = Annotated[Optional[str], typer.Option(
    "--timepoint", "-t", metavar="Ny", show_default=False,
    help="Only figures at this timepoint (5y, 30d, 90d; 'none' for figures without one; for mortality "
         "also 'in-hospital', 'unstated'). For os/pfs/...: summarise k-year rates instead of medians.")]
SeverityOpt = Annotated[Optional[str], typer.Option(
    "--severity", metavar="any|major|minor", show_default=False,
    help="Morbidity: only complications of this severity as the text words it (major: major, severe, "
         "Clavien-Dindo or grade >= III).")]
SymptomOpt = Annotated[Optional[str], typer.Option(
    "--symptom", metavar="NAME", show_default=False,
    help="Relief: only relief of this symptom (as `extract` names it, e.g. 'carcinoid syndrome').")]
KnhaOpt = Annotated[bool, typer.Option(
    "--hartung-knapp", "--knha", help="Hartung-Knapp adjustment: t-based CI and prediction interval "
                                      "(metafor rma(test=\"knha\")).")]


def one_metric(metric: list[str]) -> str:
    """The one --metric of pool/plot, resolved; several are a usage error."""
    from nettool.analyze import resolve_metric
    from nettool.errors import UsageError

    if len(metric) != 1:
        raise UsageError(f"--metric given {len(metric)} times ({', '.join(metric)}); pool and plot take one "
                         "metric: run the command once per metric")
    return resolve_metric(metric[0])


def compute(name: str, method: str, timepoint: Optional[str], studies, severity: Optional[str] = None,  # type: ignore[no-untyped-def]
            symptom: Optional[str] = None, knha: bool = False):
    """Shared by `pool` and `plot`: run the analysis."""
    from nettool.analyze.pool import pool_metric

    return pool_metric(studies, name, method, timepoint, severity=severity, symptom=symptom, knha=knha)


def check_method(method: str) -> str:
    from nettool.analyze.pool import METHODS
    from nettool.errors import UsageError

    if method.lower() not in METHODS:
        raise UsageError(f"unknown --method {method!r}; use dl or reml")
    return method.lower()


@app.command()
def pool(
    metric: MetricOpt, paths: PathsArg = None, method: MethodOpt = "dl", timepoint: TimepointOpt = None,
    severity: SeverityOpt = None, symptom: SymptomOpt = None, knha: KnhaOpt = False,
    fmt: FormatOpt = None, output: OutputOpt = None, quiet: QuietOpt = False, jobs: JobsOpt = 1,
    full_text: FullTextOpt = False,
) -> None:
    """Random-effects pooled proportion over the studies/arms with events/total.

    Logit transform (0.5 added only when events is 0 or all), DerSimonian-Laird
    tau² (or --method reml), 95% CI back-transformed, 95% prediction interval,
    tau², I², Q and its p, k arms, studies and patients; per arm its Wilson 95% CI
    and weight (as metafor's escalc(measure="PLO") + rma() + predict()). Every
    figure left out is listed with why (no denominator of its own, a bound like
    ">= 97%", a subset such as "after complete cytoreduction", a meta-analysis,
    an arm of a study pooled whole, ...).

    Only comparable figures pool: one timepoint, one morbidity severity (any vs
    major), one relief symptom, one mortality window. Mixed input is refused with
    the groups and the option that picks one (--timepoint, --severity, --symptom).
    Nothing to pool: exit 1 with a message.

    Time-to-event metrics are not pooled: the range and the n-weighted median
    of the reported medians (or of k-year rates with --timepoint), labelled as such.
    --format json gives {"pooled"|"summary": ..., "rows": [...]}.

    \b
    Examples:
      nettool pool --metric cc corpus/
      nettool pool -m relief --symptom "carcinoid syndrome" --method reml --format json corpus/
      nettool pool -m morbidity --severity major --knha corpus/
      nettool pool -m os corpus/            # medians: range + n-weighted median
      nettool pool -m os -t 5y corpus/      # 5-year rates, summarised
    """
    from nettool.analyze.pool import pool_table
    from nettool.extract import study_of
    from nettool.render import render_table

    name = one_metric(metric)  # fail on a bad metric or method before reading anything
    method = check_method(method)
    fmt_name = resolve_format(fmt, output, human="table", machine="tsv", allowed=FORMATS)
    with Pipeline(paths, quiet=quiet, jobs=jobs, debug=debug_enabled(), full_text=full_text) as run:
        result = compute(name, method, timepoint, list(run.map(study_of)), severity, symptom, knha)
    with open_output(output) as out:
        render_table(pool_table(result), fmt_name, out, terminal=to_terminal(output))
