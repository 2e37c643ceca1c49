"""Write extracted studies as one Parquet file (a shard of a nettool dataset).

A shard is one table, one row per figure: the 21 columns of the JSON contract
(``nettool.models.FIGURE_FIELDS``, in order, typed), ``counts_derived``, then
the columns of the figure's record (``record``: its position in the shard,
``record_index``, ``title``, ``year``, ``design``, ``n_total``, ``arms``, ...).
A record without figures has one row whose figure columns are null (``metric``
is null), so that every analysing command gives from the shard the same result
as from the abstracts.  Record columns repeat on each figure row; dictionary
encoding and zstd make that cheap.  The footer's key-value metadata holds,
under ``nettool``, a JSON object naming the input and its counts with
``"complete": true``.  See docs/contract.md ("Parquet").

pyarrow is imported only when a shard is written or read (``nettool[scale]``).
"""
from __future__ import annotations

import json
from typing import IO, Any, Iterable

from nettool.errors import UsageError
from nettool.models import FIGURE_FIELDS, Study

SHARD_FORMAT = "nettool-figures"
SHARD_VERSION = 1
META_KEY = b"nettool"

# the Parquet type of each contract field that is not a string; "why" is map<string, string>
_NOT_STRING = {"value": "float64", "low": "float64", "high": "float64", "p_value": "float64",
               "events": "int64", "total": "int64", "n": "int64", "start": "int64", "end": "int64", "why": "why",
               "year": "int32"}
# column -> pyarrow type: the contract's columns first, in its order, then counts_derived
FIGURE_TYPES: dict[str, str] = {**{name: _NOT_STRING.get(name, "string") for name in FIGURE_FIELDS},
                                "counts_derived": "bool_"}
# the record's columns (source, pmid and doi are the contract's); "arms" is list<struct<name, n>>
RECORD_TYPES: dict[str, str] = {
    "record": "int32", "record_index": "int32", "format": "string", "title": "string", "journal": "string",
    "record_authors": "list<string>", "publication_types": "list<string>", "design": "string", "kind": "string", "setting": "string",
    "period": "string", "n_total": "int64", "arms": "arms", "conclusion": "string",
}
COLUMNS: tuple[str, ...] = tuple(FIGURE_TYPES) + tuple(RECORD_TYPES)
RECORD_COLUMNS: tuple[str, ...] = ("source", "pmid", "doi", "year") + tuple(RECORD_TYPES)
# never null: a reader can rely on these ("metric" and the figure columns are null on a record's only row
# when it has no figures)
REQUIRED: frozenset[str] = frozenset({"source", "record", "record_index", "format", "record_authors",
                                      "publication_types", "kind", "arms"})

INSTALL_HINT = "pip install 'nettool[scale]'"


def require_pyarrow(what: str = "Parquet output") -> Any:
    """The pyarrow module, or a UsageError that says how to install it."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise UsageError(f"{what} needs pyarrow, which is not installed; {INSTALL_HINT}") from None
    return pyarrow


def schema() -> Any:
    """The pyarrow schema of a shard."""
    pa = require_pyarrow()

    def kind(name: str) -> Any:
        if name == "list<string>":
            return pa.list_(pa.string())
        if name == "arms":
            return pa.list_(pa.struct([pa.field("name", pa.string()), pa.field("n", pa.int64()),
                                       pa.field("aliases", pa.list_(pa.string()))]))
        if name == "why":
            return pa.map_(pa.string(), pa.string())
        return getattr(pa, name)()

    types = {**FIGURE_TYPES, **RECORD_TYPES}
    return pa.schema([pa.field(name, kind(types[name]), nullable=name not in REQUIRED) for name in COLUMNS])


def _record_values(position: int, study: Study) -> dict[str, Any]:
    rec = study.record
    return {
        "source": rec.source, "pmid": rec.pmid, "doi": rec.doi, "record": position, "record_index": rec.index,
        "format": rec.format, "title": rec.title, "journal": rec.journal, "year": rec.year,
        "record_authors": list(rec.authors),
        "publication_types": list(rec.publication_types), "design": study.design, "kind": study.kind,
        "setting": study.setting, "period": study.period, "n_total": study.n_total,
        "arms": [{"name": a.name, "n": a.n, "aliases": list(a.aliases)} for a in study.arms],
        "conclusion": study.conclusion,
    }


def write_shard(studies: Iterable[Study], out: str | IO[bytes], meta: dict[str, Any]) -> dict[str, int]:
    """Write ``studies`` (figures and record columns) to ``out``; return {"records", "figures"}.

    ``meta`` (input path, size, ...) goes into the footer with the counts and
    ``"complete": true``: a shard whose footer reads back is whole.
    """
    pa = require_pyarrow()
    import pyarrow.parquet as pq

    cols: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    figure_only = [n for n in FIGURE_TYPES if n not in RECORD_COLUMNS]
    records = figures = 0
    for position, study in enumerate(studies):
        records += 1
        rec_values = _record_values(position, study)
        for fig in study.figures or [None]:
            for name, value in rec_values.items():
                cols[name].append(value)
            if fig is None:  # a record without figures: one row, figure columns null
                for name in figure_only:
                    cols[name].append(None)
                continue
            figures += 1
            for name in figure_only:
                value = getattr(fig, name)
                cols[name].append(list(value.items()) if name == "why" else value)
    table = pa.Table.from_pydict(cols, schema=schema())
    footer = {"format": SHARD_FORMAT, "version": SHARD_VERSION, **meta,
              "records": records, "figures": figures, "complete": True}
    table = table.replace_schema_metadata({META_KEY: json.dumps(footer, ensure_ascii=False).encode("utf-8")})
    pq.write_table(table, out, compression="zstd")
    return {"records": records, "figures": figures}


def read_footer(path: str) -> dict[str, Any] | None:
    """The ``nettool`` footer object of a shard, or None when ``path`` is not a whole nettool shard."""
    require_pyarrow("Reading Parquet")
    import pyarrow.parquet as pq

    try:
        kv = pq.read_schema(path).metadata or {}
        footer = json.loads(kv[META_KEY])
    except (OSError, KeyError, ValueError, TypeError):
        return None
    except Exception:  # noqa: BLE001 - pyarrow raises ArrowInvalid (a ValueError) and friends on a torn file
        return None
    if not isinstance(footer, dict) or footer.get("format") != SHARD_FORMAT or footer.get("complete") is not True:
        return None
    return footer


__all__ = ["COLUMNS", "RECORD_COLUMNS", "require_pyarrow", "schema", "write_shard", "read_footer"]
