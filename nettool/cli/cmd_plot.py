"""`nettool plot --metric M -o FILE`: forest plot, or dot-and-interval plot of medians/rates."""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from nettool.cli._app import app, debug_enabled
from nettool.cli._output import check_output_path, open_output
from nettool.cli._run import Pipeline
from nettool.cli.cmd_pool import (
    KnhaOpt, MethodOpt, MetricOpt, SeverityOpt, SymptomOpt, TimepointOpt, check_method, compute, one_metric,
)
from nettool.cli.options import FullTextOpt, JobsOpt, PathsArg, QuietOpt


class PlotFormat(str, Enum):
    png = "png"
    svg = "svg"
    pdf = "pdf"


class Sort(str, Enum):
    input = "input"
    year = "year"
    estimate = "estimate"


@app.command()
def plot(
    metric: MetricOpt,
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE", show_default=False,
                                        help="The image to write: .png, .svg or .pdf ('-' with --format: stdout).")],
    paths: PathsArg = None, method: MethodOpt = "dl", timepoint: TimepointOpt = None,
    severity: SeverityOpt = None, symptom: SymptomOpt = None, knha: KnhaOpt = False,
    fmt: Annotated[Optional[PlotFormat], typer.Option("--format", "-f", show_default=False, case_sensitive=False,
                                                      help="Image format. Default: from the -o extension.")] = None,
    sort: Annotated[Sort, typer.Option("--sort", case_sensitive=False,
                                       help="Row order: input, year or estimate.")] = Sort.input,
    dpi: Annotated[int, typer.Option("--dpi", min=50, max=1200, help="Resolution of a PNG.")] = 300,
    size: Annotated[Optional[str], typer.Option("--size", metavar="WxH", show_default=False,
                                                help="Figure size in inches, e.g. 7x5 (default: sized to the rows).")] = None,
    quiet: QuietOpt = False, jobs: JobsOpt = 1, full_text: FullTextOpt = False,
) -> None:
    """Forest plot of a pooled proportion (cc, relief, morbidity, mortality, recurrence):
    one "Author Year — arm" row per study/arm with its Wilson 95% CI and weight, the
    random-effects diamond and its 95% prediction interval, and a caption with the model,
    I², tau², Q and what was left out. For os/dss/pfs/dfs/followup: a dot-and-interval plot
    of the reported medians (or k-year rates with --timepoint) by study and arm, CI, IQR and
    range drawn differently, with the n-weighted median marked. Same selection options as
    `pool`. Needs matplotlib: pip install 'nettool[plot]'.

    \b
    Examples:
      nettool plot --metric cc -o forest.png corpus/
      nettool plot -m morbidity --severity major --sort year --dpi 600 -o major.png corpus/
      nettool plot -m os -o os-medians.svg --size 7x5 corpus/
      nettool plot -m os -t 5y -o os-5y.pdf corpus/
    """
    from nettool.errors import UsageError
    from nettool.extract import study_of
    from nettool.render.plot import parse_size, plot_format, require_matplotlib, write_plot

    name = one_metric(metric)
    method = check_method(method)
    figsize = parse_size(size)
    if output == "-" and fmt is None:
        raise UsageError("plotting to stdout needs --format png|svg|pdf")
    image_format = plot_format(output, fmt.value if fmt else None)
    if output != "-":
        check_output_path(output)
    require_matplotlib()  # fail fast, before reading any input
    with Pipeline(paths, quiet=quiet, jobs=jobs, debug=debug_enabled(), full_text=full_text) as run:
        result = compute(name, method, timepoint, list(run.map(study_of)), severity, symptom, knha)
    with open_output(output, binary=True) as out:
        write_plot(result, out, image_format, sort=sort.value, dpi=dpi, size=figsize)
