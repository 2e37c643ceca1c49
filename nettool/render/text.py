"""The summary as plain text (terminal, e-mail, pipe), rich text, Markdown and JSON.

Plain text is wrapped at 78 columns with hanging indents; it has no ANSI codes,
only ASCII punctuation of its own, and reads the same in a pager or a mail.
"""
from __future__ import annotations

import json
import textwrap
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # pragma: no cover
    from nettool.analyze.summary import Summary

WIDTH = 78


def _wrap(text: str, first: str = "", rest: str | None = None, width: int = WIDTH) -> str:
    return textwrap.fill(text, width=width, initial_indent=first,
                         subsequent_indent=rest if rest is not None else " " * len(first),
                         break_long_words=False, break_on_hyphens=False)


def text_blocks(summary: "Summary") -> list[list[tuple[str, str]]]:
    """The summary as blocks of (style, line) pairs; styles: title, meta, head, item, body, rule."""
    blocks: list[list[tuple[str, str]]] = []
    for st in summary.studies:
        block = [("title", st.header[0])] + [("meta", h) for h in st.header[1:]]
        if st.findings:
            block.append(("head", "Findings"))
            block += [("item", f.text) for f in st.findings]
        else:
            block.append(("meta", "No outcome figures found."))
        if st.conclusion:
            block.append(("head", "Conclusion"))
            block.append(("body", st.conclusion))
        blocks.append(block)
    if summary.synthesis:
        n = len(summary.studies)
        block = [("rule", f"Across {n} {'study' if n == 1 else 'studies'}")]
        for syn in summary.synthesis:
            block.append(("head", syn.heading))
            block += [("item", line) for line in syn.lines]
        blocks.append(block)
    return blocks


def write_text(summary: "Summary", out: TextIO, width: int = WIDTH) -> None:
    parts = []
    for block in text_blocks(summary):
        lines = []
        for style, line in block:
            if style == "title":
                lines += [_wrap(line, width=width), "=" * min(width, max(len(x) for x in
                                                                     _wrap(line, width=width).splitlines()))]
            elif style == "rule":
                lines += [line, "=" * len(line)]
            elif style == "head":
                lines += ["", line]
            elif style == "item":
                lines.append(_wrap(line, "  - ", "    ", width))
            elif style == "body":
                lines.append(_wrap(line, "  ", "  ", width))
            else:
                lines.append(_wrap(line, width=width))
        parts.append("\n".join(lines))
    if not parts:
        parts.append("No records.")
    out.write("\n\n".join(parts) + "\n")


def write_rich(summary: "Summary", out: TextIO) -> None:
    """The same text for a terminal: bold titles and headings, dim metadata."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False)
    width = min(console.width, 100)
    for i, block in enumerate(text_blocks(summary)):
        if i:
            console.print()
        for style, line in block:
            if style in ("title", "rule"):
                console.print(Text(_wrap(line, width=width), style="bold"))
            elif style == "head":
                console.print()
                console.print(Text(line, style="bold cyan"))
            elif style == "item":
                console.print(Text(_wrap(line, "  - ", "    ", width)))
            elif style == "body":
                console.print(Text(_wrap(line, "  ", "  ", width), style="italic"))
            else:
                console.print(Text(_wrap(line, width=width), style="dim"))


def write_markdown(summary: "Summary", out: TextIO) -> None:
    lines: list[str] = []
    for block in text_blocks(summary):
        for style, line in block:
            if style in ("title", "rule"):
                lines += [f"## {line}", ""]
            elif style == "head":
                lines += ([] if lines and lines[-1] == "" else [""]) + [f"**{line}**", ""]
            elif style == "item":
                lines.append(f"- {line}")
            elif style == "body":
                lines.append(f"> {line}")
            else:
                lines.append(f"{line}  ")
        lines.append("")
    out.write("\n".join(lines).rstrip("\n") + "\n")


def _jsonable(obj: Any) -> Any:
    from nettool.models import plain_number

    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_jsonable(v) for v in obj]
    return plain_number(obj)


def summary_dict(summary: "Summary") -> dict[str, Any]:
    studies = []
    for st in summary.studies:
        d = asdict(st)
        d["findings"] = [{"metric": f.metric, "text": f.text,
                          "figures": [f2.to_dict() for f2 in f.figures]} for f in st.findings]
        studies.append(d)
    synthesis = [dict(asdict(s), heading=s.heading) for s in summary.synthesis]
    return _jsonable({"studies": studies, "synthesis": synthesis})


def write_json(summary: "Summary", out: TextIO) -> None:
    out.write(json.dumps(summary_dict(summary), ensure_ascii=False, indent=2) + "\n")
