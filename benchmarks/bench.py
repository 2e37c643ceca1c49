#!/usr/bin/env python
"""Measure nettool's speed and memory; print one markdown table; save it in docs/performance.md.

    .venv/bin/python benchmarks/bench.py --corpus ../shared/corpus/pmc-rct --seeds seeds/

What is measured (docs/performance.md explains each row and the targets):

* throughput of load + extract over a corpus of text files, in-process (the library
  API) and through the CLI (``nettool extract --format jsonl DIR > /dev/null``);
* ``--jobs 1`` against ``--jobs 2`` on the same corpus;
* cold start of ``nettool compare --metric os --format tsv SEEDS`` next to ``python -c pass``,
  and the top importers of that command (``python -X importtime``);
* peak RSS of ``nettool extract --format jsonl`` on a generated PubMed XML file;
* quantulum3 (installed in the venv by hand, not a dependency) and nettool on the same
  abstracts.

By default the code measured is a snapshot of the committed HEAD (``git archive`` into a
temporary folder, first on PYTHONPATH), so that edits and commits made by others while the
benchmark runs do not mix several versions into one table; ``--worktree`` measures the
working tree as it is.

Wall-clock numbers depend on what else runs on the machine, so every timing is
repeated and the median is reported, together with the CPU time of the process
(user + system, children included), which other processes disturb much less.
Progress goes to stderr; stdout carries only the table.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
BIN = Path(sys.executable).parent
NETTOOL = str(BIN / "nettool")
# Child processes keep compiled bytecode (in a private cache, not in the work tree), as an installed package
# does: a development shell with PYTHONDONTWRITEBYTECODE=1 recompiles nettool's modules at every start (~35 ms).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CWD = ROOT  # children run here: the folder holding the nettool package they import
ENV["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "nettool-bench-pycache")

TARGET_MBS = 5.0
TARGET_COLD_MS = 100.0
TARGET_RSS_MB = 150.0
TARGET_JOBS = 1.7
TARGET_VS_QUANTULUM = 100.0


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    rss_mb: float  # peak resident set of the process (largest of its children for a pool)


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def use_snapshot(tmp: Path) -> str:
    """Unpack the committed HEAD into ``tmp`` and make it the nettool that is imported; return its commit."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
    global CWD
    CWD = tmp
    ENV["PYTHONPATH"] = str(tmp)
    sys.path.insert(0, str(tmp))
    return commit


def run(cmd: list[str], stdout_path: str = os.devnull) -> Run:
    """Run ``cmd`` with stdout to ``stdout_path``; wall time, CPU time and peak RSS from wait4."""
    with open(stdout_path, "wb") as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=CWD, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"bench: {' '.join(cmd)} failed ({proc.returncode}): {err.read().decode()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median_run(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.rss_mb for r in runs))


def corpus_bytes(corpus: Path) -> int:
    """Bytes of the files the loader reads (it skips README* and hidden files)."""
    return sum(p.stat().st_size for p in corpus.rglob("*")
               if p.is_file() and not p.name.startswith((".", "README")))


# -- measurements ------------------------------------------------------------------------------------------------
def library_throughput(corpus: Path, repeat: int) -> tuple[Run, int, int, float]:
    """In-process load + extract over ``corpus``: (median run, records, figures, load share of the time)."""
    import nettool

    runs, loads = [], []
    records = figures = 0
    for i in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        recs = list(nettool.load([str(corpus)], full_text=True))  # the workload: abstracts and full texts
        t1 = time.perf_counter()
        figures = sum(len(nettool.extract(r)) for r in recs)
        runs.append(Run(time.perf_counter() - t0, time.process_time() - c0, 0.0))
        loads.append((t1 - t0) / runs[-1].wall)
        records = len(recs)
        del recs
        log(f"library run {i + 1}/{repeat}: {runs[-1].wall:.1f} s wall, {runs[-1].cpu:.1f} s CPU")
    return median_run(runs), records, figures, statistics.median(loads)


def cli_throughput(corpus: Path, repeat: int, jobs: int) -> Run:
    runs = []
    for i in range(repeat):
        runs.append(run([NETTOOL, "extract", "--format", "jsonl", "--quiet", "--full-text", "--jobs", str(jobs),
                         str(corpus)]))
        log(f"cli --jobs {jobs} run {i + 1}/{repeat}: {runs[-1].wall:.1f} s wall, {runs[-1].cpu:.1f} s CPU")
    return median_run(runs)


def cold_start(seeds: Path, n: int) -> tuple[list[float], list[float], list[float]]:
    """Wall seconds of n runs of `nettool compare ...`, of `python -c pass` and of `python -c 'import typer'` (the
    floor set by the declared CLI framework), interleaved so that a busy moment of the machine hits all three."""
    cmd = [NETTOOL, "compare", "--metric", "os", "--format", "tsv", str(seeds)]
    bare_cmd = [sys.executable, "-c", "pass"]
    typer_cmd = [sys.executable, "-c", "import typer"]
    for c in (cmd, bare_cmd, typer_cmd):
        run(c)  # warm the page cache, the bytecode cache and nettool's compiled-regex cache
    tool, bare, typer_only = [], [], []
    for _ in range(n):
        tool.append(run(cmd).wall)
        bare.append(run(bare_cmd).wall)
        typer_only.append(run(typer_cmd).wall)
    return tool, bare, typer_only


WATCHED = ("nettool.extract", "nettool.extract.engine", "typer", "nettool.load", "nettool.analyze", "nettool.render",
           "__editable___nettool_0_1_0_finder", "rich", "tabulate", "pydantic", "matplotlib")


def import_times(seeds: Path, runs: int = 5, top: int = 6) -> list[tuple[str, float | None, float | None]]:
    """(module, self ms, cumulative ms), medians over ``runs`` of `python -X importtime nettool compare ...`:
    all imports, the packages in WATCHED (None: not imported) and the modules with the most own time."""
    cmd = [sys.executable, "-X", "importtime", NETTOOL, "compare", "--metric", "os", "--format", "tsv", str(seeds)]
    samples: dict[str, list[tuple[float, float]]] = {}
    totals = []
    for _ in range(runs):
        err = subprocess.run(cmd, cwd=CWD, env=ENV, capture_output=True, text=True, check=True).stderr
        total = 0.0
        for line in err.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if m:
                samples.setdefault(m.group(4), []).append((int(m.group(1)) / 1000, int(m.group(2)) / 1000))
                if len(m.group(3)) == 1:  # a top-level import
                    total += int(m.group(2)) / 1000
        totals.append(total)
    med = {name: (statistics.median(s for s, _ in v), statistics.median(c for _, c in v))
           for name, v in samples.items()}
    out: list[tuple[str, float | None, float | None]] = [("(all imports)", None, statistics.median(totals))]
    out += [(name, *med.get(name, (None, None))) for name in WATCHED]
    out += [(name, s, c) for name, (s, c) in sorted(med.items(), key=lambda kv: -kv[1][0])[:top]
            if name not in WATCHED]
    return out


RSS_HELPER = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[2:]); _, st, ru = os.wait4(p.pid, 0); "
              "open(sys.argv[1], 'w').write(str(ru.ru_maxrss)); sys.exit(os.waitstatus_to_exitcode(st))")


def peak_rss(n_records: int, workdir: Path) -> tuple[Run, int]:
    sys.path.insert(1, str(ROOT))
    from tests.test_load_big import write_pubmed_xml  # the loader's generator (about 5 KB per article)

    path = workdir / f"pubmed-{n_records}.xml"
    with open(path, "wb") as fh:
        write_pubmed_xml(fh, n_records)
    size = path.stat().st_size
    log(f"generated {path} ({size / 1e6:.0f} MB); extracting")
    # The peak RSS of a child counts the pages of the process it was forked from until it calls exec: started
    # from this (by now big) process it would be this process's size.  A small helper process starts it instead.
    report = workdir / "rss"
    r = run([sys.executable, "-c", RSS_HELPER, str(report), NETTOOL, "extract", "--format", "jsonl", "--quiet",
             "--full-text", str(path)])
    path.unlink()
    r.rss_mb = int(report.read_text()) / 1024
    return r, size


def abstracts(corpus: Path, n: int) -> list[str]:
    """The first ``n`` articles of the corpus cut before their full text (``BODY.`` blocks)."""
    out = []
    for p in sorted(corpus.glob("*.txt"))[:n]:
        text = p.read_text(encoding="utf-8")
        cut = re.search(r"^BODY\.", text, re.M)
        out.append(text[:cut.start()] if cut else text)
    return out


def versus_quantulum(texts: list[str], repeat: int) -> tuple[float | None, float, int | None, int]:
    """(quantulum3 seconds, nettool seconds, quantities found, figures found) on the same texts."""
    import warnings

    import nettool

    times, figures = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        figures = sum(len(nettool.extract(t)) for t in texts)
        times.append(time.perf_counter() - t0)
    ours = statistics.median(times)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except ImportError:
        log("quantulum3 is not installed: .venv/bin/pip install quantulum3 (benchmark only)")
        return None, ours, None, figures
    parser.parse("warm up: 5 years")  # loads its unit tables
    t0 = time.perf_counter()
    quantities = sum(len(parser.parse(t)) for t in texts)
    return time.perf_counter() - t0, ours, quantities, figures


# -- report ------------------------------------------------------------------------------------------------------
def machine(code: str) -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        ram = "?"
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{cpu}, {os.cpu_count()} cores, {ram} RAM; Python {platform.python_version()} "
            f"({platform.system()} {platform.release()}); load average at start {load}; "
            f"nettool {code}; {_dt.date.today().isoformat()}")


def met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def fmt_imports(rows: list[tuple[str, float | None, float | None]]) -> str:
    def ms(x: float | None) -> str:
        return "-" if x is None else f"{x:.1f}"

    lines = ["| module | self ms | cumulative ms |", "|---|---:|---:|"]
    lines += [f"| `{name}` | {ms(s)} | {ms(c) if c is not None else 'not imported'} |" for name, s, c in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="folder of text articles (pmc-rct)")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder for the cold-start command")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each corpus timing (median reported)")
    ap.add_argument("--cold-runs", type=int, default=15, help="runs of each cold-start command (>= 10)")
    ap.add_argument("--xml-records", type=int, default=30_000, help="records in the generated PubMed XML")
    ap.add_argument("--abstracts", type=int, default=200, help="abstracts for the quantulum3 comparison")
    ap.add_argument("--worktree", action="store_true", help="measure the working tree, not a snapshot of HEAD")
    ap.add_argument("--no-write", action="store_true", help="print the table only, leave docs/ alone")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        ap.error(f"{args.corpus}: not a folder")
    args.corpus, args.seeds = args.corpus.resolve(), args.seeds.resolve()
    with tempfile.TemporaryDirectory(prefix="nettool-bench-src-") as src:
        code = "working tree" if args.worktree else f"commit {use_snapshot(Path(src))}"
        return measure(args, machine(code))


def measure(args: argparse.Namespace, mach: str) -> int:
    import nettool

    log(mach)
    log(f"measuring the nettool package in {Path(nettool.__file__).parent}")
    nbytes = corpus_bytes(args.corpus)
    mb = nbytes / 1e6

    log("cold start")
    tool, bare, typer_only = cold_start(args.seeds, max(args.cold_runs, 10))
    imports = import_times(args.seeds)
    log("library throughput")
    lib, records, figures, load_share = library_throughput(args.corpus, args.repeat)
    log("CLI throughput")
    j1 = cli_throughput(args.corpus, args.repeat, 1)
    j2 = cli_throughput(args.corpus, args.repeat, 2)
    log("peak RSS")
    with tempfile.TemporaryDirectory(prefix="nettool-bench-") as tmp:
        rss, xml_size = peak_rss(args.xml_records, Path(tmp))
    log("quantulum3")
    texts = abstracts(args.corpus, args.abstracts)
    q_time, n_time, q_found, n_found = versus_quantulum(texts, args.repeat)

    cold_ms, bare_ms = statistics.median(tool) * 1000, statistics.median(bare) * 1000
    typer_ms = statistics.median(typer_only) * 1000
    speedup = j1.wall / j2.wall
    n_abs = len(texts)
    ratio = (q_time / n_time) if q_time else None
    rows = [
        ("throughput, library in-process (load + extract)",
         f"{mb / lib.wall:.2f} MB/s, {records / lib.wall:.0f} records/s wall; "
         f"{mb / lib.cpu:.2f} MB/s, {records / lib.cpu:.0f} records/s per CPU-second "
         f"({mb:.1f} MB, {records} records, {figures} figures; load {load_share:.0%} of the time)",
         f">= {TARGET_MBS:g} MB/s per process", met(mb / lib.cpu >= TARGET_MBS)),
        ("throughput, CLI `extract --format jsonl --jobs 1`",
         f"{mb / j1.wall:.2f} MB/s, {records / j1.wall:.0f} records/s wall ({j1.wall:.1f} s); "
         f"{mb / j1.cpu:.2f} MB/s per CPU-second", f">= {TARGET_MBS:g} MB/s per process",
         met(mb / j1.cpu >= TARGET_MBS)),
        ("scaling, CLI `--jobs 2` vs `--jobs 1`",
         f"{j2.wall:.1f} s vs {j1.wall:.1f} s: {speedup:.2f}x ({mb / j2.wall:.2f} MB/s; "
         f"CPU {j2.cpu:.1f} s vs {j1.cpu:.1f} s)", f">= {TARGET_JOBS:g}x on 2 cores", met(speedup >= TARGET_JOBS)),
        ("cold start, `compare --metric os --format tsv seeds/`",
         f"median {cold_ms:.0f} ms (min {min(tool) * 1000:.0f}, max {max(tool) * 1000:.0f}; {len(tool)} runs)",
         f"<= {TARGET_COLD_MS:g} ms", met(cold_ms <= TARGET_COLD_MS)),
        ("cold start, bare `python -c pass`",
         f"median {bare_ms:.0f} ms (min {min(bare) * 1000:.0f}); nettool adds {cold_ms - bare_ms:.0f} ms", "-", "-"),
        ("cold start, `python -c 'import typer'` (the CLI framework alone)",
         f"median {typer_ms:.0f} ms (min {min(typer_only) * 1000:.0f}); nettool adds {cold_ms - typer_ms:.0f} ms "
         "to it", "-", "-"),
        (f"peak RSS, `extract --format jsonl` on {args.xml_records:,} PubMed XML records",
         f"{rss.rss_mb:.0f} MB ({xml_size / 1e6:.0f} MB file, {args.xml_records / rss.wall:.0f} records/s wall)",
         f"<= {TARGET_RSS_MB:g} MB", met(rss.rss_mb <= TARGET_RSS_MB)),
        (f"quantulum3 on {n_abs} abstracts",
         "not installed" if q_time is None else
         f"{n_abs / q_time:.0f} records/s ({q_time:.1f} s, {q_found} quantities)", "-", "-"),
        (f"nettool on the same {n_abs} abstracts",
         f"{n_abs / n_time:.0f} records/s ({n_time:.2f} s, {n_found} figures)"
         + ("" if ratio is None else f": {ratio:.0f}x quantulum3"),
         f">= {TARGET_VS_QUANTULUM:g}x quantulum3", met(None if ratio is None else ratio >= TARGET_VS_QUANTULUM)),
    ]
    table = "\n".join(["| measure | result | target | |", "|---|---|---|---|"]
                      + [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows])
    print(table)
    if not args.no_write:
        block = (f"{START}\nMachine: {mach}.\n\n{table}\n\n"
                 f"Imports of `nettool compare --metric os --format tsv seeds/` (`python -X importtime`, medians of 5 "
                 f"runs): all imports, watched packages, then the modules with the most own time:\n\n"
                 f"{fmt_imports(imports)}\n{END}")
        text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{START}\n{END}\n"
        if START not in text or END not in text:
            text = text.rstrip("\n") + f"\n\n{START}\n{END}\n"
        head, rest = text.split(START, 1)
        DOC.write_text(head + block + rest.split(END, 1)[1], encoding="utf-8")
        log(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
