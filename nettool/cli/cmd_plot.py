"""`nettool plot --metric M -o FILE`: forest plot, or dot-and-interval plot of medians/rates."""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from nettool.cli._app import app, debug_enabled
from nettool.cli._output import check_output_path, open_output
from nettool.cli._run import Pipeline
from nettool.cli.cmd_pool import MethodOpt, MetricOpt, TimepointOpt, compute
from nettool.cli.options import FullTextOpt, JobsOpt, PathsArg, QuietOpt


class PlotFormat(str, Enum):
    png = "png"
    svg = "svg"
    pdf = "pdf"


@app.command()
def plot(
    metric: MetricOpt,
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE", show_default=False,
                                        help="The image to write: .png, .svg or .pdf ('-' with --format: stdout).")],
    paths: PathsArg = None, method: MethodOpt = "dl", timepoint: TimepointOpt = None,
    fmt: Annotated[Optional[PlotFormat], typer.Option("--format", "-f", show_default=False, case_sensitive=False,
                                                      help="Image format. Default: from the -o extension.")] = None,
    quiet: QuietOpt = False, jobs: JobsOpt = 1, full_text: FullTextOpt = False,
) -> None:
    """Forest plot of a pooled proportion (cc, relief, morbidity, mortality, recurrence):
    one row per study/arm with its Wilson 95% CI and weight, the random-effects diamond,
    I², tau² and Q in the caption. For os/dss/pfs/dfs/followup: a dot-and-interval plot
    of the reported medians (or k-year rates with --timepoint) by study and arm, with the
    n-weighted median marked. Needs matplotlib: pip install 'nettool[plot]'.

    \b
    Examples:
      nettool plot --metric cc -o forest.png corpus/
      nettool plot -m os -o os-medians.svg corpus/
      nettool plot -m os -t 5y -o os-5y.pdf corpus/
    """
    from nettool.analyze import resolve_metric
    from nettool.errors import UsageError
    from nettool.extract import study_of
    from nettool.render.plot import plot_format, require_matplotlib, write_plot

    resolve_metric(metric)
    if output == "-" and fmt is None:
        raise UsageError("plotting to stdout needs --format png|svg|pdf")
    image_format = plot_format(output, fmt.value if fmt else None)
    if output != "-":
        check_output_path(output)
    require_matplotlib()  # fail fast, before reading any input
    with Pipeline(paths, quiet=quiet, jobs=jobs, debug=debug_enabled(), full_text=full_text) as run:
        _, _, result = compute(metric, method, timepoint, list(run.map(study_of)))
    with open_output(output, binary=True) as out:
        write_plot(result, out, image_format)
