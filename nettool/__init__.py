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

from typing import Iterable, Iterator

__version__ = "0.1.0"

# The subpackages nettool.load and nettool.extract share their names with the two
# API functions below.  Importing them first and defining the functions afterwards
# makes `nettool.load` / `nettool.extract` the functions: Python sets a package
# attribute for a subpackage only when it first imports it.
import nettool.extract as _extract_pkg  # noqa: E402
import nettool.load as _load_pkg  # noqa: E402
from nettool.models import Figure, Record, Study  # noqa: E402


def load(paths: Iterable[str], *, full_text: bool = False) -> Iterator[Record]:
    """Yield the records of every file under ``paths`` ("-" is stdin), lazily; a full-text article gives its
    abstract only unless ``full_text``.  ``nettool.load.load_records`` is the whole load stage of a run (all
    records read, duplicates merged, "Surname Year" labels set)."""
    return _load_pkg.load_paths(list(paths), full_text=full_text)


def extract(record: Record | str) -> list[Figure]:
    """Every outcome figure of one record (or of a plain string of abstract text)."""
    if isinstance(record, str):
        record = Record(source="<string>", text=record)
    return _extract_pkg.extract_record(record)


def study(record: Record) -> Study:
    """A record's figures plus its design, setting, period, size and arms."""
    return _extract_pkg.study_of(record)


__all__ = ["__version__", "load", "extract", "study", "Figure", "Record", "Study"]
