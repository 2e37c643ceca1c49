"""Read nettool's own extract output back as studies, so analysis need not extract again.

Three inputs are recognised by content (``recognise``):

* a Parquet shard written by ``nettool extract --format parquet`` (``PAR1`` magic
  and a ``nettool`` footer): figures, ``counts_derived`` and the study metadata of
  every record -- the analysing commands give the same result as on the abstracts;
* a dataset folder written by ``nettool extract --format parquet|jsonl -o DIR``
  (it holds ``_manifest.json``): its shards, in input order;
* JSONL in the output contract (``nettool extract --format jsonl``): one object
  per line with the 21 contract keys.  The contract carries figures only, so
  what comes from the record (year, title, design, arm sizes, n, counts_derived)
  is unknown: figure columns are the same, those are empty.

``read_studies`` yields :class:`nettool.models.Study` objects whose record has no
text (``text == ""``).  With Parquet, ``metrics`` and ``skip`` restrict what
is read from disk.
"""
from __future__ import annotations

import os
from typing import Any, BinaryIO, Callable, Iterable, Iterator

from nettool.errors import InputError
from nettool.models import FIGURE_FIELDS, Arm, Figure, Record, Study

MANIFEST = "_manifest.json"
DATASET_FORMAT = "nettool-dataset"
PARQUET_MAGIC = b"PAR1"
_KEYS = frozenset(FIGURE_FIELDS)

ErrorHandler = Callable[[InputError], None]


def recognise(path: str) -> str | None:
    """"dataset", "parquet" or "jsonl" when ``path`` is nettool extract output, else None."""
    try:
        if os.path.isdir(path):
            return "dataset" if os.path.isfile(os.path.join(path, MANIFEST)) else None
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except OSError:
        return None  # the loader reports it
    return recognise_head(head)


def recognise_head(head: bytes) -> str | None:
    """"parquet" or "jsonl" for content starting with ``head`` (a Parquet file or a contract line)."""
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start.startswith(b'{"source"'):
        return None
    import json  # here, not at import: the everyday command never needs it

    line, newline, _ = start.partition(b"\n")
    try:
        obj = json.loads(line)
    except ValueError:
        # a first line cut short (a pipe's first read) that starts like the contract
        return "jsonl" if not newline and start.startswith(b'{"source": "') else None
    return "jsonl" if isinstance(obj, dict) and _KEYS <= obj.keys() else None


def read_manifest(folder: str) -> dict[str, Any]:
    """The manifest of a dataset folder (``{"shards": [...]}``); raises InputError when it is unreadable."""
    import json

    path = os.path.join(folder, MANIFEST)
    try:
        with open(path, encoding="utf-8") as fh:
            manifest = json.load(fh)
    except (OSError, ValueError) as exc:
        raise InputError(path, f"is not a readable nettool manifest ({exc})",
                         "run `nettool extract -o DIR` again to rewrite it") from None
    if not isinstance(manifest, dict) or manifest.get("format") != DATASET_FORMAT:
        raise InputError(path, "is not a nettool manifest", "pass the folder `nettool extract -o DIR` wrote")
    return manifest


def read_studies(path: str, kind: str, *, on_error: ErrorHandler, metrics: Iterable[str] | None = None,
                 skip: Iterable[str] | None = None, stream: BinaryIO | None = None) -> Iterator[Study]:
    """The studies of one extract output (``kind`` from :func:`recognise`); problems go to ``on_error``.

    With ``metrics``, only those figures, and from Parquet only the records that
    have one; ``skip`` names Parquet columns not to read (they come back empty).
    """
    wanted = frozenset(metrics) if metrics else None
    try:
        if kind == "dataset":
            yield from _read_dataset(path, on_error, wanted, skip)
        elif kind == "parquet":
            yield from _read_parquet(path, wanted, skip)
        else:
            yield from _read_jsonl(path, on_error, wanted, stream)
    except InputError as exc:
        on_error(exc)


# --- internals ---------------------------------------------------------------------------------

def _read_dataset(folder: str, on_error: ErrorHandler, wanted: frozenset[str] | None,
                  skip: Iterable[str] | None) -> Iterator[Study]:
    manifest = read_manifest(folder)
    for entry in manifest.get("shards", []):
        if entry.get("status") != "ok":
            on_error(InputError(str(entry.get("input")), f"is missing from {folder}: its extraction failed "
                                f"({entry.get('error') or 'no detail'})",
                                "fix the file and run `nettool extract -o DIR` again (complete shards are kept)"))
            continue
        shard = os.path.join(folder, entry["shard"])
        try:
            if shard.endswith(".parquet"):
                yield from _read_parquet(shard, wanted, skip)
            else:
                yield from _read_jsonl(shard, on_error, wanted, None)
        except InputError as exc:
            on_error(exc)


def _read_parquet(path: str, wanted: frozenset[str] | None, skip: Iterable[str] | None) -> Iterator[Study]:
    """A shard's studies; with ``wanted`` only the records that have a figure of those metrics."""
    import json

    from nettool.render.parquet import COLUMNS, META_KEY, RECORD_COLUMNS, SHARD_FORMAT, require_pyarrow

    require_pyarrow("Reading Parquet extract output")
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        kv = pf.schema_arrow.metadata or {}
    except Exception as exc:  # noqa: BLE001 - pyarrow raises ArrowInvalid and friends
        raise InputError(path, f"is a corrupt or truncated Parquet file ({' '.join(str(exc).split())[:150]})",
                         "write it again with `nettool extract --format parquet -o DIR`") from None
    try:
        footer = json.loads(kv[META_KEY])
        assert footer.get("format") == SHARD_FORMAT
    except (KeyError, ValueError, AssertionError, AttributeError):
        raise InputError(path, "is a Parquet file but not nettool extract output",
                         "pass abstracts, or the output of `nettool extract --format parquet`") from None
    keys = {"metric", "record", "record_index", "source", "pmid", "doi", "year", "title", "record_authors"}
    want = set(COLUMNS) - (set(skip or ()) - keys)
    names = [c for c in COLUMNS if c in want and c in pf.schema_arrow.names]
    try:
        table = pf.read(columns=names)
    except Exception as exc:  # noqa: BLE001
        raise InputError(path, f"could not be read as Parquet ({' '.join(str(exc).split())[:150]})",
                         "write it again with `nettool extract --format parquet -o DIR`") from None
    metric = table.column("metric")
    if wanted is None:
        mask = pc.is_valid(metric)
    else:
        mask = pc.fill_null(pc.is_in(metric, value_set=pa.array(sorted(wanted), pa.string())), False)
    positions = table.column("record").to_pylist()
    fig_rows = pc.indices_nonzero(mask).to_pylist()
    # only the rows that become figures, and one row per record, are turned into Python objects
    fig_names = [n for n in names if n not in RECORD_COLUMNS or n in ("source", "pmid", "doi")]
    fig_data = {n: table.column(n).take(pa.array(fig_rows, pa.int64())).to_pylist() for n in fig_names}
    by_record: dict[int, list[Figure]] = {}
    for j, row in enumerate(fig_rows):
        by_record.setdefault(positions[row], []).append(_figure({n: fig_data[n][j] for n in fig_names}))
    first = [i for i, p in enumerate(positions) if i == 0 or positions[i - 1] != p]
    if wanted is not None:  # a metric's analysis needs only the records that have its figures
        first = [i for i in first if positions[i] in by_record]
    rec_names = [n for n in names if n in RECORD_COLUMNS]
    rec_data = {n: table.column(n).take(pa.array(first, pa.int64())).to_pylist() for n in rec_names}
    for j, row in enumerate(first):
        yield _study({n: rec_data[n][j] for n in rec_names}, by_record.get(positions[row], []))


def _figure(row: dict[str, Any]) -> Figure:
    kw = {k: v for k, v in row.items() if v is not None}
    if "why" in kw:
        kw["why"] = dict(kw["why"])
    kw.setdefault("sentence", "")
    kw.setdefault("surface", "")
    kw.setdefault("start", 0)
    kw.setdefault("end", 0)
    kw.setdefault("value", 0.0)
    kw.setdefault("measure", "")
    kw.setdefault("unit", "")
    return Figure(**kw)


def _study(meta: dict[str, Any], figures: list[Figure]) -> Study:
    record = Record(source=meta.get("source") or "", text="", index=meta.get("record_index") or 0,
                    format=meta.get("format") or "text", pmid=meta.get("pmid"), doi=meta.get("doi"),
                    title=meta.get("title"), journal=meta.get("journal"), year=meta.get("year"),
                    publication_types=list(meta.get("publication_types") or []),
                    authors=list(meta.get("record_authors") or []))
    return Study(record=record, figures=figures, design=meta.get("design"), kind=meta.get("kind") or "study",
                 setting=meta.get("setting"), period=meta.get("period"), n_total=meta.get("n_total"),
                 arms=[Arm(a["name"], a["n"], tuple(a.get("aliases") or ())) for a in meta.get("arms") or []],
                 conclusion=meta.get("conclusion"))


def _read_jsonl(path: str, on_error: ErrorHandler, wanted: frozenset[str] | None,
                stream: BinaryIO | None) -> Iterator[Study]:
    """Consecutive figures of one (source, pmid, doi) make one study."""
    import json

    fh: Any = stream if stream is not None else open(path, "rb")
    current: Study | None = None
    key: tuple | None = None
    try:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
                if not isinstance(obj, dict) or not _KEYS <= obj.keys():
                    raise ValueError("not an object with the 21 contract keys")
                fig = Figure(**{k: obj[k] for k in FIGURE_FIELDS})
            except (ValueError, TypeError) as exc:
                on_error(InputError(f"{path}:{n}", f"is not a nettool figure line ({exc})",
                                    "pass the unchanged output of `nettool extract --format jsonl`"))
                continue
            k = (fig.source, fig.pmid, fig.doi)
            if k != key:
                if current is not None:
                    yield current
                key = k
                authors = [a for a in (fig.authors or "").split("; ") if a]
                current = Study(record=Record(source=fig.source, text="", pmid=fig.pmid, doi=fig.doi, year=fig.year,
                                              authors=authors))
            if wanted is None or fig.metric in wanted:
                current.figures.append(fig)  # type: ignore[union-attr]
        if current is not None:
            yield current
    finally:
        if stream is None:
            fh.close()


def merged_run(items: Iterable[Any], *, on_note: Callable[[Any], None] | None = None) -> Iterator[Any]:
    """``items`` (Studies read back, and Records) with duplicates merged and study labels set over the whole
    run, as :func:`nettool.load.load_run` does for records; a Study's figures take its record's new label."""
    from nettool.load import WINDOW_CHARS, WINDOW_RECORDS, Notice, merge
    from nettool.load._reflow import finish

    def record(item: Any) -> Record:
        return item.record if isinstance(item, Study) else item

    def done(item: Any) -> Any:
        if isinstance(item, Study):
            finish(item.record, item.figures)
        return item

    merger = merge.Merger()
    it = iter(items)
    held: list[Any] = []
    chars = 0
    for item in it:
        held.append(item)
        chars += len(record(item).text)
        if len(held) >= WINDOW_RECORDS or chars >= WINDOW_CHARS:
            break
    kept = {id(r) for r in merger.window([record(i) for i in held])}
    for item in held:
        if id(record(item)) in kept:
            yield done(item)
    del held
    for item in it:
        if merger.stream(record(item)):
            yield done(item)
    if merger.merged and on_note is not None:
        on_note(Notice("duplicates", count=merger.merged))


__all__ = ["MANIFEST", "recognise", "recognise_head", "read_manifest", "read_studies", "merged_run"]
