"""`nettool schema`: the JSON Schema of the figure contract."""
from __future__ import annotations

from nettool.cli._app import app
from nettool.cli._output import open_output
from nettool.cli.options import OutputOpt


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema (draft 2020-12) of one figure of `nettool extract --format
    json/jsonl`: exactly the contract fields, in order, all always present.

    \b
    Examples:
      nettool schema > figure.schema.json
      nettool extract --format jsonl | check-jsonschema --schemafile figure.schema.json -
    """
    import json

    from nettool.schema import figure_schema

    with open_output(output) as out:
        out.write(json.dumps(figure_schema(), indent=2, ensure_ascii=False) + "\n")
