"""`nettool report -o report.html`: one self-contained HTML evidence report."""
from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from nettool.cli._app import app, debug_enabled
from nettool.cli._output import check_output_path, open_output
from nettool.cli._run import Pipeline
from nettool.cli.cmd_pool import MethodOpt
from nettool.cli.options import JobsOpt, PathsArg, QuietOpt


@app.command()
def report(
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE", show_default=False,
                                        help="The HTML file to write ('-': stdout).")],
    paths: PathsArg = None, method: MethodOpt = "dl",
    open_it: Annotated[bool, typer.Option("--open", help="Open the report in the default browser "
                                                         "(when there is a desktop).")] = False,
    quiet: QuietOpt = False, jobs: JobsOpt = 1,
) -> None:
    """One HTML file to read and check the evidence: a header (inputs, records,
    figures, date, version), the studies, one section per metric (its `compare`
    rows; for cc, relief, morbidity, mortality and recurrence the forest plot and
    pooled estimate with heterogeneity; for time to event the reported medians),
    the `check` findings, and every abstract with its figures marked. Click any
    number to see its exact span in the abstract; hover for the sentence. Sort by
    a column, filter by metric, study or text. Self-contained: no network access
    when opened, prints cleanly. See docs/usage.md.

    \b
    Examples:
      nettool report corpus/ -o report.html
      nettool report refs.nbib -o report.html --open
    """
    from nettool import __version__
    from nettool.analyze.pool import METHODS
    from nettool.errors import UsageError
    from nettool.extract import study_of
    from nettool.render.report import build_report, write_report

    if method.lower() not in METHODS:
        raise UsageError(f"unknown --method {method!r}; use dl or reml")
    if output != "-":
        check_output_path(output)
    with Pipeline(paths, quiet=quiet, jobs=jobs, debug=debug_enabled()) as run:
        studies = list(run.map(study_of))
        model = build_report(studies, inputs=list(paths) if paths else ["(the seed abstracts shipped with nettool)"],
                             version=__version__, method=method.lower(), warnings=run.warnings)
    with open_output(output) as out:
        write_report(model, out)
    if output != "-" and not quiet:
        print(f"nettool: wrote {output} ({model.records} records, {model.figures} figures)", file=sys.stderr)
    if open_it:
        _open(output)


def _open(path: str) -> None:
    """Open ``path`` in the default browser; a note on stderr when there is none."""
    if path == "-":
        print("nettool: --open needs a file (-o report.html), not stdout", file=sys.stderr)
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print(f"nettool: no desktop here (no DISPLAY); open {path} in a browser yourself", file=sys.stderr)
        return
    import webbrowser
    from pathlib import Path

    if not webbrowser.open(Path(path).resolve().as_uri()):
        print(f"nettool: could not start a browser; open {path} yourself", file=sys.stderr)
