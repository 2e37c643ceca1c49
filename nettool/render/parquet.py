"""Write extracted studies as one Parquet file (a shard of a nettool dataset).

A shard holds one row per figure: the 21 columns of the JSON contract
(``nettool.models.FIGURE_FIELDS``, in order, typed), then ``record`` (the
position of the figure's record in the shard) and ``counts_derived``.  The
footer's key-value metadata holds, under ``nettool``, a JSON object naming the
input and its counts, and under ``nettool.studies`` the study metadata of
every record in input order (records without figures too), so that every
analysing command gives from the shard the same result as from the abstracts.
See docs/contract.md ("Parquet").

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
STUDIES_KEY = b"nettool.studies"

# column -> pyarrow type name; the contract's 21 columns first, in order
COLUMN_TYPES: dict[str, str] = {
    "source": "string", "pmid": "string", "doi": "string", "metric": "string", "measure": "string",
    "value": "float64", "unit": "string", "timepoint": "string", "bound": "string",
    "low": "float64", "high": "float64", "events": "int64", "total": "int64",
    "group": "string", "condition": "string", "symptom": "string", "p_value": "float64",
    "sentence": "string", "surface": "string", "start": "int64", "end": "int64",
    "record": "int32", "counts_derived": "bool_",
}
assert tuple(COLUMN_TYPES)[:len(FIGURE_FIELDS)] == FIGURE_FIELDS
COLUMNS: tuple[str, ...] = tuple(COLUMN_TYPES)
# never null: a reader can rely on these
REQUIRED: frozenset[str] = frozenset({"source", "metric", "measure", "value", "unit", "bound", "sentence",
                                      "surface", "start", "end", "record", "counts_derived"})

# the study fields kept in the footer (Record metadata first, then what study_of finds)
STUDY_FIELDS: tuple[str, ...] = (
    "index", "source", "format", "pmid", "doi", "title", "journal", "year", "publication_types",
    "design", "setting", "period", "n_total", "arms", "conclusion",
)

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
    return pa.schema([pa.field(name, getattr(pa, kind)(), nullable=name not in REQUIRED)
                      for name, kind in COLUMN_TYPES.items()])


def study_meta(study: Study) -> dict[str, Any]:
    """What the footer keeps of one study (everything analysis reads but the text)."""
    rec = study.record
    return {
        "index": rec.index, "source": rec.source, "format": rec.format, "pmid": rec.pmid, "doi": rec.doi,
        "title": rec.title, "journal": rec.journal, "year": rec.year,
        "publication_types": list(rec.publication_types),
        "design": study.design, "setting": study.setting, "period": study.period, "n_total": study.n_total,
        "arms": [[a.name, a.n] for a in study.arms], "conclusion": study.conclusion,
    }


def write_shard(studies: Iterable[Study], out: str | IO[bytes], meta: dict[str, Any]) -> dict[str, int]:
    """Write the figures of ``studies`` and their metadata to ``out``; return {"records", "figures"}.

    ``meta`` (input path, size, ...) goes into the footer with the counts and
    ``"complete": true``: a shard whose footer reads back is whole.
    """
    pa = require_pyarrow()
    import pyarrow.parquet as pq

    cols: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    metas: list[dict[str, Any]] = []
    for position, study in enumerate(studies):
        metas.append(study_meta(study))
        for fig in study.figures:
            for name in FIGURE_FIELDS:
                cols[name].append(getattr(fig, name))
            cols["record"].append(position)
            cols["counts_derived"].append(bool(fig.counts_derived))
    table = pa.Table.from_pydict(cols, schema=schema())
    footer = {"format": SHARD_FORMAT, "version": SHARD_VERSION, **meta,
              "records": len(metas), "figures": table.num_rows, "complete": True}
    table = table.replace_schema_metadata({
        META_KEY: json.dumps(footer, ensure_ascii=False).encode("utf-8"),
        STUDIES_KEY: json.dumps(metas, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
    })
    pq.write_table(table, out, compression="zstd")
    return {"records": len(metas), "figures": table.num_rows}


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


__all__ = ["COLUMNS", "COLUMN_TYPES", "STUDY_FIELDS", "require_pyarrow", "schema", "write_shard", "read_footer"]
