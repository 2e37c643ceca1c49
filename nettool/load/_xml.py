"""One safe way to stream an XML export through expat (PubMed XML, EndNote XML): entity declarations and
external entities refused (they can read local files or exhaust memory), records delivered as they complete,
every failure one typed InputError naming the file."""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator
from xml.parsers import expat

from nettool.errors import InputError


class Refused(Exception):
    """Raised inside an expat handler to stop the parse (unsafe XML)."""


def refuse_entities(*args: object) -> None:
    raise Refused("declares XML entities (<!ENTITY ...>)")


def refuse_external(*args: object) -> int:
    raise Refused("refers to an external entity")


def safe_parser(start: Callable[..., Any], end: Callable[..., Any], data: Callable[[str], Any]) -> Any:
    """An expat parser with the element callbacks and every entity door shut."""
    p = expat.ParserCreate()
    p.buffer_text = True
    p.ordered_attributes = False
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = data
    p.EntityDeclHandler = refuse_entities
    p.UnparsedEntityDeclHandler = refuse_entities
    p.ExternalEntityRefHandler = refuse_external
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return p


def stream(parser: Any, done: list, chunks: Iterable[bytes], source: str, make: Callable[[Any, int], Any], *,
           again: str, malformed_advice: str, unit: str, count_when_none: bool) -> Iterator[Any]:
    """Feed ``chunks`` to ``parser``; after each one yield ``make(item, index)`` for every item its handler put in
    ``done`` (records completed before an error are still delivered), then raise the error as an InputError:
    ``again`` is what to do for an unknown encoding or refused XML, ``malformed_advice`` for malformed XML, whose
    reason counts the ``unit``s read before it (also when none, if ``count_when_none``)."""
    index = 0
    error: InputError | None = None
    try:
        for chunk in chunks:
            try:
                parser.Parse(chunk, False)
            finally:
                for item in done:
                    yield make(item, index)
                    index += 1
                done.clear()
        parser.Parse(b"", True)
    except LookupError as exc:  # <?xml ... encoding="UT8"?>: expat knows no such codec
        error = InputError(source, f"XML declares an unknown encoding ({' '.join(str(exc).split())[:80]})",
                           f"save the file as UTF-8, or {again}")
    except Refused as exc:
        error = InputError(source, f"refused: the XML {exc}, which can be used to read local files or "
                           "exhaust memory", again)
    except expat.ExpatError as exc:
        reason = f"XML is malformed or truncated at line {exc.lineno} ({expat.ErrorString(exc.code)})"
        if index or count_when_none:
            reason += f"; the {index} {unit}(s) before it were read"
        error = InputError(source, reason, malformed_advice)
    if error is not None:
        raise error
