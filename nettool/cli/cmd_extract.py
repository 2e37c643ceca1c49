"""`nettool extract`: every figure, in the JSON contract of docs/contract.md."""
from __future__ import annotations

from typing import Annotated

import typer

from nettool.cli._app import app, debug_enabled
from nettool.cli._output import open_output, resolve_format, to_terminal
from nettool.cli._run import Pipeline, figures_only
from nettool.cli.options import (FORMATS, DaskOpt, ExtractFormatOpt, FullTextOpt, JobsOpt, OutputOpt, PathsArg,
                                 QuietOpt)

ExplainOpt = Annotated[bool, typer.Option(
    "--explain", help="Show beside each figure the rules that made its value, metric, timepoint, group and p "
                      "(the `why` field, which JSON, JSONL, TSV and CSV always carry).")]


@app.command()
def extract(paths: PathsArg = None, fmt: ExtractFormatOpt = None, output: OutputOpt = None,
            quiet: QuietOpt = False, jobs: JobsOpt = 1, explain: ExplainOpt = False,
            full_text: FullTextOpt = False, dask: DaskOpt = None) -> None:
    """Every outcome figure with its provenance, one row per figure.

    JSON and JSONL objects have exactly the fields of the output contract
    (docs/contract.md, `nettool schema`); TSV and CSV have the same columns.
    --format parquet, and --dask, write a folder of shards (-o DIR: one per
    input file, and _manifest.json); running again skips complete shards.
    Every analysing command reads that folder, or JSONL output, back.

    \b
    Examples:
      nettool extract --format jsonl seeds/ > figures.jsonl
      nettool extract --format jsonl | jq -c 'select(.metric == "os")'
      cat abstract.txt | nettool extract -
      nettool extract --explain seeds/
      nettool extract --format parquet -o out/ baseline/
      nettool extract --dask local:2 -o out/ baseline/ && nettool compare -m os out/
    """
    fmt_name = getattr(fmt, "value", fmt)
    if fmt_name == "parquet" or dask is not None:
        from nettool.cli._scale import run_shards

        run_shards(paths, output, fmt_name or "parquet", dask=dask, jobs=jobs, quiet=quiet)
        return

    from nettool.analyze import figures_table
    from nettool.render import render_table

    fmt_name = resolve_format(fmt, output, human="table", machine="tsv", allowed=FORMATS)
    with open_output(output) as out, Pipeline(paths, quiet=quiet, jobs=jobs, debug=debug_enabled(),
                                                    full_text=full_text) as run:
        render_table(figures_table(run.map(figures_only), explain=explain), fmt_name, out, terminal=to_terminal(output))
