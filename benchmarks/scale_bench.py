"""PubMed-baseline-like run: gzipped PubMed XML files of real abstracts through `--dask local:N` vs one process.

    .venv/bin/python benchmarks/scale_bench.py --corpus ../shared/corpus/pmc-rct --files 200 --records 1000

Steps (every command is printed on stderr as it runs, and timed):

1. generate FILES gzipped PubMed XML files of RECORDS articles each (``pubmedNNNN.xml.gz``, like the
   baseline's ``pubmed25nNNNN.xml.gz``): the abstracts of the pmc-rct articles (TITLE and ABSTRACT.* sections,
   cut before the full text), cycled with new PMIDs, a year, a journal, publication types and 12 MeSH
   headings each, as a baseline record has;
2. ``nettool extract --format jsonl --quiet DIR > all.jsonl`` (one process, the everyday command);
3. ``nettool extract --format parquet --quiet -o serial/ DIR`` (one process, Parquet shards);
4. ``nettool extract --dask local:N --quiet -o dask/ DIR``;
5. the figures of 2, 3 and 4 as sorted JSON lines: must be identical;
6. ``nettool compare --metric os --format tsv`` on ``dask/`` and on DIR: must be identical.

It prints a markdown table on stdout and, with ``--write``, replaces the block between the ``scale:``
markers in docs/performance.md.  Peak memory: the one-process runs from ``wait4`` of the process; the Dask
workers from each task's own ``getrusage`` (recorded in the manifest, ``peak_rss_mb``), the largest per worker.
"""
from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NETTOOL = str(Path(sys.executable).with_name("nettool"))
DOC = ROOT / "docs" / "performance.md"

HEAD = (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN"'
        b' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">\n<PubmedArticleSet>\n')
TAIL = b"</PubmedArticleSet>\n"
PUB_TYPES = ("Randomized Controlled Trial", "Journal Article", "Comparative Study", "Clinical Trial")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def abstracts(corpus: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(label, text), ...]) of every pmc-rct article, abstract only."""
    out = []
    for p in sorted(corpus.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        cut = re.search(r"^BODY\.", text, re.M)
        text = text[:cut.start()] if cut else text
        title = ""
        m = re.search(r"^TITLE:\s*\n(.+?)\n\s*\n", text, re.M | re.S)
        if m:
            title = " ".join(m.group(1).split())
        sections = [(m.group(1).replace("_", " "), " ".join(m.group(2).split()))
                    for m in re.finditer(r"^ABSTRACT\.([^:\n]*):\s*\n(.+?)(?=\n\s*\n|\Z)", text, re.M | re.S)]
        sections = [(label, body) for label, body in sections if body]
        if sections:
            out.append((title, sections))
    return out


def article(pmid: int, title: str, sections: list[tuple[str, str]]) -> bytes:
    esc = lambda s: html.escape(s, quote=True)  # noqa: E731
    mesh = "".join(f'<MeshHeading><DescriptorName UI="D{(pmid * 7 + k) % 999999:06d}" MajorTopicYN="N">Descriptor '
                   f'{k}</DescriptorName></MeshHeading>\n' for k in range(12))
    body = "".join(f'<AbstractText Label="{esc(label)}" NlmCategory="UNASSIGNED">{esc(text)}</AbstractText>\n'
                   for label, text in sections)
    ptype = PUB_TYPES[pmid % len(PUB_TYPES)]
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>\n'
        f'<Article PubModel="Print"><Journal><JournalIssue><PubDate><Year>{1995 + pmid % 30}</Year></PubDate>'
        f'</JournalIssue><Title>Trials of the pmc-rct corpus</Title><ISOAbbreviation>PMC RCT</ISOAbbreviation>'
        f'</Journal><ArticleTitle>{esc(title)}</ArticleTitle>\n<Abstract>\n{body}</Abstract>'
        f'<PublicationTypeList><PublicationType UI="D016428">{ptype}</PublicationType></PublicationTypeList>'
        f'</Article><MeshHeadingList>\n{mesh}</MeshHeadingList></MedlineCitation>\n'
        f'<PubmedData><ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList></PubmedData>'
        f'</PubmedArticle>\n'
    ).encode("utf-8")


def generate(corpus: Path, folder: Path, files: int, records: int) -> tuple[int, int]:
    """Write the files; return (records, bytes on disk)."""
    items = abstracts(corpus)
    folder.mkdir(parents=True, exist_ok=True)
    k = 0
    for f in range(files):
        with gzip.open(folder / f"pubmed{f + 1:04d}.xml.gz", "wb", compresslevel=6) as fh:
            fh.write(HEAD)
            for _ in range(records):
                title, sections = items[k % len(items)]
                fh.write(article(40_000_000 + k, title, sections))
                k += 1
            fh.write(TAIL)
    return k, sum(p.stat().st_size for p in folder.iterdir())


def timed(cmd: list[str], stdout_path: Path | None = None) -> tuple[float, float, float]:
    """(wall s, CPU s of the process and its children, peak RSS MB of the process) of one command."""
    log("$ " + " ".join(cmd) + (f" > {stdout_path}" if stdout_path else ""))
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "120"})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    if stdout_path:
        out.close()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed ({status}): {' '.join(cmd)}\n{err}")
    if err.strip():
        log("  " + err.strip().replace("\n", "\n  "))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def figure_lines(jsonl: Path | None = None, dataset: Path | None = None) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from nettool.load.figures import read_studies

    if jsonl is not None:
        return sorted(json.dumps(json.loads(line), sort_keys=True) for line in jsonl.open(encoding="utf-8"))
    lines = []
    for study in read_studies(str(dataset), "dataset", on_error=lambda e: (_ for _ in ()).throw(e)):
        lines.extend(json.dumps(f.to_dict(), sort_keys=True) for f in study.figures)
    return sorted(lines)


def manifest(dataset: Path) -> list[dict]:
    return json.loads((dataset / "_manifest.json").read_text())["shards"]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import dask
    import distributed
    import pyarrow

    return (f"{cpu}, {os.cpu_count()} cores, {mem:.1f} GiB RAM; Python {platform.python_version()}, "
            f"dask {dask.__version__}, distributed {distributed.__version__}, pyarrow {pyarrow.__version__}; "
            f"load average at start {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "pmc-rct")
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--records", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/nettool-scale-bench"))
    ap.add_argument("--write", action="store_true", help="replace the scale: block of docs/performance.md")
    args = ap.parse_args()

    env_line = machine()
    work = args.workdir
    if work.exists():
        shutil.rmtree(work)
    data = work / "baseline"
    t0 = time.perf_counter()
    n_records, in_bytes = generate(args.corpus, data, args.files, args.records)
    log(f"generated {args.files} files, {n_records} records, {mb(in_bytes)} gzipped in {time.perf_counter() - t0:.0f} s")
    raw_bytes = sum(len(gzip.decompress(p.read_bytes())) for p in sorted(data.iterdir())[:5]) / 5 * args.files

    one_jsonl = timed([NETTOOL, "extract", "--format", "jsonl", "--quiet", str(data)], work / "all.jsonl")
    serial = timed([NETTOOL, "extract", "--format", "parquet", "--quiet", "-o", str(work / "serial"), str(data)])
    dask_run = timed([NETTOOL, "extract", "--dask", f"local:{args.workers}", "--quiet", "-o", str(work / "dask"),
                      str(data)])
    resume = timed([NETTOOL, "extract", "--dask", f"local:{args.workers}", "--quiet", "-o", str(work / "dask"),
                    str(data)])

    log("comparing the figures of the three runs")
    a = figure_lines(jsonl=work / "all.jsonl")
    b = figure_lines(dataset=work / "serial")
    c = figure_lines(dataset=work / "dask")
    same = a == b == c
    cmp_os_ds = timed([NETTOOL, "compare", "--metric", "os", "--format", "tsv", str(work / "dask")],
                      work / "os-parquet.tsv")
    cmp_os_abs = timed([NETTOOL, "compare", "--metric", "os", "--format", "tsv", str(data)], work / "os-abstracts.tsv")
    same_os = (work / "os-parquet.tsv").read_bytes() == (work / "os-abstracts.tsv").read_bytes()
    os_rows = len((work / "os-abstracts.tsv").read_text().splitlines()) - 1

    shards = manifest(work / "dask")
    per_worker: dict[str, float] = {}
    for e in shards:
        per_worker[e["worker"]] = max(per_worker.get(e["worker"], 0.0), e["peak_rss_mb"])
    serial_shards = manifest(work / "serial")
    secs = sorted(e["seconds"] for e in serial_shards)
    cpu_secs = sorted(e["cpu_seconds"] for e in serial_shards)
    per_file = statistics.median(secs)
    per_record = sum(cpu_secs) / n_records  # CPU: the other jobs on this machine disturb it much less
    sizes = sorted(e["bytes"] for e in shards)
    pq_total = sum(sizes)
    jsonl_total = (work / "all.jsonl").stat().st_size
    figures = len(a)
    ratio = serial[0] / dask_run[0]

    # whole PubMed: 36 M records in about 1,200 files; per record as measured in one process
    cpu_hours = 36e6 * per_record / 3600
    rows = [
        ("input", f"{args.files} files x {args.records} records = {n_records:,} PubMed XML records of real "
                  f"abstracts (pmc-rct, cycled); {mb(in_bytes)} gzipped, about {mb(raw_bytes)} of XML"),
        ("one process, `extract --format jsonl > all.jsonl`",
         f"{one_jsonl[0]:.1f} s wall, {one_jsonl[1]:.1f} s CPU ({n_records / one_jsonl[0]:,.0f} records/s); "
         f"peak RSS {one_jsonl[2]:.0f} MB"),
        ("one process, `extract --format parquet -o serial/`",
         f"{serial[0]:.1f} s wall, {serial[1]:.1f} s CPU ({n_records / serial[0]:,.0f} records/s); "
         f"peak RSS {serial[2]:.0f} MB"),
        (f"`extract --dask local:{args.workers} -o dask/`",
         f"{dask_run[0]:.1f} s wall, {dask_run[1]:.1f} s CPU with the workers ({n_records / dask_run[0]:,.0f} "
         f"records/s): **{ratio:.2f}x** the one-process Parquet run; driver peak RSS {dask_run[2]:.0f} MB"),
        ("peak RSS per Dask worker", ", ".join(f"{v:.0f} MB" for _, v in sorted(per_worker.items()))
         + f" ({len(per_worker)} workers)"),
        (f"re-run of the same `--dask local:{args.workers}` (every shard complete)",
         f"{resume[0]:.1f} s wall: {len(shards)} files skipped, nothing extracted"),
        ("same figures", f"{'yes' if same else '**NO**'}: {figures:,} figures, sorted JSON lines of all.jsonl, "
                         f"serial/ and dask/ identical" if same else f"**NO** ({len(a)}, {len(b)}, {len(c)} lines)"),
        ("shard sizes (Parquet, zstd)", f"median {mb(statistics.median(sizes))}, min {mb(sizes[0])}, "
                                        f"max {mb(sizes[-1])}; {len(sizes)} shards"),
        ("Parquet vs JSONL", f"{mb(pq_total)} vs {mb(jsonl_total)} ({pq_total / jsonl_total:.0%} of the JSONL size;"
                             f" the shards also hold every record's study metadata)"),
        ("`compare --metric os` on dask/ vs on the abstracts",
         f"{'identical' if same_os else '**DIFFERENT**'} ({os_rows:,} rows): {cmp_os_ds[0]:.1f} s vs "
         f"{cmp_os_abs[0]:.1f} s ({cmp_os_abs[0] / cmp_os_ds[0]:.0f}x faster from Parquet)"),
        ("time per file (one process, from the manifest)",
         f"median {per_file:.2f} s wall, {statistics.median(cpu_secs):.2f} s CPU for {args.records} records "
         f"(load, extract, write the shard); {per_record * 1000:.2f} ms CPU a record"),
        ("whole PubMed estimate (36 M records, ~1,200 files of ~30,000)",
         f"{cpu_hours:.1f} CPU-hours; {cpu_hours / 2:.1f} h on this machine's 2 cores, "
         f"{cpu_hours * 60 / 32:.0f} min on 32 workers, {cpu_hours * 60 / 128:.0f} min on 128 "
         f"(one file {per_record * 30000:.0f} s: the floor with 1,200 workers)"),
    ]
    table = [f"Machine: {env_line}; nettool commit {git_head()}; {time.strftime('%Y-%m-%d')}.", "",
             "| measure | result |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
    table.append("")
    table.append(f"Load average at the end: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}.")
    text = "\n".join(table) + "\n"
    print(text, end="")
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        new = re.sub(r"(<!-- scale:start -->\n).*?(<!-- scale:end -->)", lambda m: m.group(1) + text + m.group(2),
                     doc, flags=re.S)
        if new == doc and "<!-- scale:start -->" not in doc:
            raise SystemExit("docs/performance.md has no <!-- scale:start --> / <!-- scale:end --> markers")
        DOC.write_text(new, encoding="utf-8")
    if not (same and same_os):
        raise SystemExit(1)


def git_head() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    main()
