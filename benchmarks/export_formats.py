"""Do the new input formats give the same figures as the originals?

Usage (from the repository root):

    .venv/bin/python benchmarks/export_formats.py ../shared/corpus/dev ../shared/seeds

1. Every MEDLINE (.nbib) and PubMed XML record of the dev corpus is exported with the functions below into
   each new format -- PubMed "Abstract (text)" (wrapped at 80 columns), Scopus CSV, Covidence-style CSV with
   ``;`` (Excel), Web of Science tab-delimited, Web of Science tagged, BibTeX, CSL-JSON, EndNote XML -- and
   the scorer (tools/score.py of the shared folder) is run on the originals and on each export against the
   gold of those records.  Every row should print the originals' numbers.  The exports keep the originals'
   file names (the scorer asks for the gold's file names), so a CSV is read from a ".nbib" file: formats are
   recognised by content.
2. The same for the synthetic page copies of tests/data/synth and the real trial abstracts (PMC texts) of
   real-dev tune and check, into five of the formats, each against its own gold.
3. The seed abstracts (page copies) are exported as PubMed "Abstract (text)" files, one per seed under its
   own name, and scored against the seeds' gold: F1 1.000 expected.

The exporters are also used by tests/test_load_formats.py (no shared data there).
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
if not __package__:  # run as a script: the nettool of this checkout (imported as benchmarks.export_formats: as is)
    sys.path.insert(0, str(ROOT))

from nettool.load import load_paths  # noqa: E402
from nettool.models import Record  # noqa: E402


_PMC_HEADING = re.compile(r"^(?:ABSTRACT\.)?([A-Z][A-Z0-9 /&,()'-]{2,60}?|Background|Introduction|Objectives?|Aims?|"
                          r"Methods|Results|Conclusions?)[.:]?\s*$")


def _paragraphs(rec: Record) -> list[str]:
    """The abstract of a record as its paragraphs (sections), whitespace collapsed; section headings on lines
    of their own (a PMC text's "ABSTRACT.RESULTS.", a page's "RESULTS") become labels ("RESULTS: ..."), as
    PubMed prints them."""
    out = []
    label = None
    pos = 0
    spans = rec.spans or [(0, len(rec.text))]
    for line in rec.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        m = _PMC_HEADING.match(line.strip())
        if m:
            label = m.group(1).strip()
            continue
        if line.strip() and any(s <= start and end <= e for s, e in spans):
            text = " ".join(line.split())
            out.append(f"{label}: {text}" if label else text)
            label = None
    return out


def _authors(rec: Record) -> list[str]:
    return rec.authors or []


def _wrap(text: str, width: int = 80) -> str:
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False))


def pubmed_text_export(records: list[Record]) -> str:
    """PubMed "Save > Abstract (text)": numbered records wrapped at 80 columns."""
    parts = []
    for n, rec in enumerate(records, 1):
        # PubMed always prints a journal and a date: records without them (PMC texts) get stand-ins
        cite = f"{n}. {rec.journal or 'J Unknown'}. {rec.year or 2000};1(1):1-10."
        if rec.doi:
            cite += f" doi: {rec.doi}."
        block = [_wrap(cite), _wrap(rec.title or "Untitled.")]
        if rec.authors:
            block.append(_wrap(", ".join(a.replace(",", "") for a in rec.authors) + "."))
            block.append("Author information:\n(1)Department of Surgery, Example University Hospital.")
        block.extend(_wrap(p) for p in _paragraphs(rec))
        block.append(f"© {rec.year or 2000}. The Authors.")
        ids = []
        if rec.doi:
            ids.append(f"DOI: {rec.doi}")
        if rec.pmid:
            ids.append(f"PMID: {rec.pmid}  [Indexed for MEDLINE]")
        if ids:
            block.append("\n".join(ids))
        parts.append("\n\n".join(block))
    return "\n\n\n".join(parts) + "\n"


def scopus_csv(records: list[Record]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["Authors", "Title", "Year", "Source title", "DOI", "Abstract", "PubMed ID"])
    for r in records:
        w.writerow(["; ".join(_authors(r)), r.title or "", r.year or "", r.journal or "", r.doi or "",
                    "\n".join(_paragraphs(r)), r.pmid or ""])
    return "\ufeff" + out.getvalue()


def excel_semicolon_csv(records: list[Record]) -> str:
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(["Title", "Authors", "Abstract", "Published Year", "Journal", "DOI", "Accession Number", "PMID"])
    for r in records:
        w.writerow([r.title or "", ", ".join(_authors(r)), "\n".join(_paragraphs(r)), r.year or "",
                    r.journal or "", r.doi or "", "", r.pmid or ""])
    return out.getvalue()


def wos_tab(records: list[Record]) -> str:
    lines = ["\t".join(["PT", "AU", "TI", "SO", "AB", "PY", "DI", "PM"])]
    for r in records:
        lines.append("\t".join(["J", "; ".join(_authors(r)), r.title or "", r.journal or "",
                                " ".join(_paragraphs(r)), str(r.year or ""), r.doi or "", r.pmid or ""]))
    return "\n".join(lines) + "\n"


def wos_tagged(records: list[Record]) -> str:
    def field(tag: str, value: str) -> list[str]:
        wrapped = textwrap.wrap(value, 70, break_on_hyphens=False, break_long_words=False) or [""]
        return [f"{tag} {wrapped[0]}"] + [f"   {x}" for x in wrapped[1:]]

    lines = ["FN Clarivate Analytics Web of Science", "VR 1.0"]
    for r in records:
        lines.append("PT J")
        for i, a in enumerate(_authors(r)):
            lines.append(f"{'AU' if i == 0 else '  '} {a}")
        lines += field("TI", r.title or "")
        lines += field("SO", (r.journal or "").upper())
        lines += field("AB", " ".join(_paragraphs(r)))
        if r.doi:
            lines.append(f"DI {r.doi}")
        if r.pmid:
            lines.append(f"PM {r.pmid}")
        lines += [f"PY {r.year or ''}", "ER", ""]
    lines.append("EF")
    return "\n".join(lines) + "\n"


def _tex(value: str) -> str:
    return (value.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}")
            .replace("%", "\\%").replace("&", "\\&").replace("#", "\\#").replace("_", "\\_"))


def bibtex(records: list[Record]) -> str:
    out = []
    for n, r in enumerate(records, 1):
        fields = [("author", " and ".join(_tex(a) for a in _authors(r))), ("title", _tex(r.title or "")),
                  ("journal", _tex(r.journal or "")), ("year", str(r.year or "")), ("doi", r.doi or ""),
                  ("pmid", r.pmid or ""),
                  ("abstract", "\n  ".join(textwrap.wrap(_tex(" ".join(_paragraphs(r))), 76,
                                                         break_on_hyphens=False, break_long_words=False)))]
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields if v)
        out.append(f"@article{{rec{n},\n{body}\n}}\n")
    return "\n".join(out)


def csl_json(records: list[Record]) -> str:
    items = []
    for n, r in enumerate(records, 1):
        item = {"id": f"rec{n}", "type": "article-journal", "title": r.title,
                "author": [{"family": a.split(",")[0].strip(), "given": a.split(",", 1)[1].strip()}
                           if "," in a else {"literal": a} for a in _authors(r)],
                "container-title": r.journal, "abstract": "\n".join(_paragraphs(r))}
        if r.year:
            item["issued"] = {"date-parts": [[r.year]]}
        if r.doi:
            item["DOI"] = r.doi
        if r.pmid:
            item["PMID"] = r.pmid
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


def endnote_xml(records: list[Record]) -> str:
    def style(value: str) -> str:
        return f'<style face="normal" font="default" size="100%">{escape(value)}</style>'

    out = ['<?xml version="1.0" encoding="UTF-8" ?>', "<xml><records>"]
    for r in records:
        authors = "".join(f"<author>{style(a)}</author>" for a in _authors(r))
        out.append(
            '<record><database name="export.enl">export.enl</database><ref-type name="Journal Article">17</ref-type>'
            f"<contributors><authors>{authors}</authors></contributors>"
            f"<titles><title>{style(r.title or '')}</title></titles>"
            f"<periodical><full-title>{style(r.journal or '')}</full-title></periodical>"
            f"<dates><year>{style(str(r.year or ''))}</year></dates>"
            + (f"<accession-num>{style(r.pmid)}</accession-num>" if r.pmid else "")
            + (f"<electronic-resource-num>{style(r.doi)}</electronic-resource-num>" if r.doi else "")
            + f"<abstract>{style(chr(13).join(_paragraphs(r)))}</abstract></record>")
    out.append("</records></xml>")
    return "\n".join(out) + "\n"


EXPORTS = {  # name: (the suffix the format usually has, exporter)
    "pubmed-text": (".txt", pubmed_text_export),
    "scopus-csv": (".csv", scopus_csv),
    "excel-semicolon-csv": (".csv", excel_semicolon_csv),
    "wos-tab": (".txt", wos_tab),
    "wos-tagged": (".txt", wos_tagged),
    "bibtex": (".bib", bibtex),
    "csl-json": (".json", csl_json),
    "endnote-xml": (".xml", endnote_xml),
}


SCORER: Path | None = None  # tools/score.py of the shared folder, found above the dev corpus


def _find_scorer(start: Path) -> Path:
    folder = start
    while folder.parent != folder and not (folder / "tools" / "score.py").exists():
        folder = folder.parent
    return folder / "tools" / "score.py"


def _score(gold: Path, docs: Path) -> str:
    cmd = [sys.executable, str(SCORER), str(gold), str(docs), "--cmd",
           f"{sys.executable} -m nettool extract --format jsonl"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT).stdout
    return next((line for line in out.splitlines() if line.startswith("TOTAL")), out.strip()[-200:])


def main() -> None:
    dev = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/dev").resolve()
    seeds = Path(sys.argv[2] if len(sys.argv) > 2 else "../shared/seeds").resolve()
    global SCORER
    SCORER = _find_scorer(dev)
    originals = sorted(p for p in dev.iterdir() if p.suffix in (".nbib", ".xml"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        gold, orig = work / "gold", work / "originals"
        gold.mkdir()
        orig.mkdir()
        records: list[tuple[Path, list[Record]]] = []
        for p in originals:
            shutil.copy(p, orig / p.name)
            recs = list(load_paths([str(p)]))
            records.append((p, recs))
            for r in recs:
                shutil.copy(dev / "gold" / f"{r.pmid}.gold.json", gold / f"{r.pmid}.gold.json")
        n = sum(len(r) for _, r in records)
        print(f"dev corpus: {n} records in {len(originals)} MEDLINE/XML files\n")
        print("| input | scorer result |\n|---|---|")
        print(f"| originals (.nbib, .xml) | {_score(gold, orig)} |")
        for name, (suffix, export) in EXPORTS.items():
            folder = work / name
            folder.mkdir()
            for p, recs in records:  # under the original's name: the scorer asks for the gold's file names,
                (folder / p.name).write_text(export(recs), encoding="utf-8")  # and formats are sniffed by content
            print(f"| {name} | {_score(gold, folder)} |")
        text_sets = [("synth", ROOT / "tests" / "data" / "synth", "page copies"),
                     ("real-dev tune", dev.parent / "real-dev" / "tune", "PMC abstracts"),
                     ("real-dev check", dev.parent / "real-dev" / "check", "PMC abstracts")]
        for label, folder_in, kind in text_sets:
            if not (folder_in / "gold").is_dir():
                continue
            files = sorted(p for p in folder_in.iterdir() if p.suffix == ".txt")
            print(f"| {label} originals ({len(files)} {kind}) | {_score(folder_in / 'gold', folder_in)} |")
            recs_by_file = [(p, list(load_paths([str(p)]))) for p in files]
            for name in ("pubmed-text", "scopus-csv", "bibtex", "wos-tagged", "endnote-xml"):
                folder = work / f"{label.replace(' ', '-')}-{name}"
                folder.mkdir()
                for p, recs in recs_by_file:
                    (folder / p.name).write_text(EXPORTS[name][1](recs), encoding="utf-8")
                print(f"| {label} as {name} | {_score(folder_in / 'gold', folder)} |")
        folder = work / "seeds-pubmed-text"
        folder.mkdir()
        for p in sorted(seeds.glob("*.txt")):
            (folder / p.name).write_text(pubmed_text_export(list(load_paths([str(p)]))), encoding="utf-8")
        print(f"| seeds as PubMed Abstract (text), vs seeds gold | {_score(seeds / 'gold', folder)} |")


if __name__ == "__main__":
    main()
