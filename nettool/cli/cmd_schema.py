"""`nettool schema`: the JSON Schema of the figure contract."""
from __future__ import annotations

from nettool.cli._app import app
from nettool.cli._output import open_output
from nettool.cli.options import OutputOpt


@app.command()
def schema(output: OutputOpt = None) -> None:
    """JSON Schema of the figures that extract writes.

    Draft 2020-12; exactly the contract fields, in order, all always present
    (null when unknown).  See docs/contract.md.

    \b
    Examples:
      nettool schema > figure.schema.json
      nettool extract --format jsonl | check-jsonschema --schemafile figure.schema.json -
    """
    import json

    from nettool.schema import figure_schema

    with open_output(output) as out:
        out.write(json.dumps(figure_schema(), indent=2, ensure_ascii=False) + "\n")
