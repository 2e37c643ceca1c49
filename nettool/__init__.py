"""nettool: outcome figures from abstracts on surgery for neuroendocrine tumours.

Library API (pure functions, safe to map over a process pool or a cluster):

    >>> import nettool
    >>> records = list(nettool.load(["seeds/"]))
    >>> figures = nettool.extract(records[0])

``load`` yields :class:`nettool.models.Record` objects; ``extract`` returns a
list of :class:`nettool.models.Figure`; ``study`` adds study metadata (design,
setting, period, arms) to a record's figures.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from nettool.models import Figure, Record, Study


def load(paths: Iterable[str]) -> "Iterator[Record]":
    """Yield the records of every file under ``paths`` ("-" is stdin)."""
    from nettool.load import load_paths

    return load_paths(list(paths))


def extract(record: "Record | str") -> "list[Figure]":
    """Every outcome figure of one record (or of a plain string of abstract text)."""
    from nettool.extract import extract_record
    from nettool.models import Record

    if isinstance(record, str):
        record = Record(source="<string>", text=record)
    return extract_record(record)


def study(record: "Record") -> "Study":
    """A record's figures plus its design, setting, period, size and arms."""
    from nettool.extract import study_of

    return study_of(record)


__all__ = ["__version__", "load", "extract", "study"]
