"""`nettool extract`: every figure, in the JSON contract of docs/contract.md."""
from __future__ import annotations

from typing import Annotated

import typer

from nettool.cli._app import app, debug_enabled
from nettool.cli._output import open_output, resolve_format, to_terminal
from nettool.cli._run import Pipeline, figures_only
from nettool.cli.options import FORMATS, FormatOpt, FullTextOpt, JobsOpt, OutputOpt, PathsArg, QuietOpt

ExplainOpt = Annotated[bool, typer.Option(
    "--explain", help="Show beside each figure the rules that made its value, metric, timepoint, group and p "
                      "(the `why` field, which JSON, JSONL, TSV and CSV always carry).")]


@app.command()
def extract(paths: PathsArg = None, fmt: FormatOpt = None, output: OutputOpt = None,
            quiet: QuietOpt = False, jobs: JobsOpt = 1, explain: ExplainOpt = False,
            full_text: FullTextOpt = False) -> None:
    """Every outcome figure with its provenance, one row per figure.

    JSON and JSONL objects have exactly the fields of the output contract
    (docs/contract.md, `nettool schema`); TSV and CSV have the same columns.

    \b
    Examples:
      nettool extract --format jsonl seeds/ > figures.jsonl
      nettool extract --format jsonl | jq -c 'select(.metric == "os")'
      cat abstract.txt | nettool extract -
      nettool extract --explain seeds/
    """
    from nettool.analyze import figures_table
    from nettool.render import render_table

    fmt_name = resolve_format(fmt, output, human="table", machine="tsv", allowed=FORMATS)
    with open_output(output) as out, Pipeline(paths, quiet=quiet, jobs=jobs, debug=debug_enabled(),
                                                    full_text=full_text) as run:
        render_table(figures_table(run.map(figures_only), explain=explain), fmt_name, out, terminal=to_terminal(output))
