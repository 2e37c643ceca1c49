#!/usr/bin/env python
"""Measure `nettool report` on a small and a large input; optionally save the docs screenshots.

    .venv/bin/python benchmarks/report_size.py --corpus ../shared/corpus/pmc-rct --records 2000
    .venv/bin/python benchmarks/report_size.py --screenshots docs/     # docs/report-1280.png, report-390.png

For each input: the CLI's wall time (load + extract + analyze + render), the file size, the
number of table rows and marks, and -- in headless Chromium (Debian's chromium and
chromedriver, as the tests use) -- how usable it stays: time until the page's script has
run, time for a text filter, a sort of the largest table, and a jump from a number to its
span. The table goes to stdout and, with --write, into docs/performance.md between
<!-- report:start --> and <!-- report:end -->.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- report:start -->", "<!-- report:end -->"
NETTOOL = str(Path(sys.executable).parent / "nettool")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars")


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='nettool-bench-chromium-')}")
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def build(paths: list[str], out: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([NETTOOL, "report", *paths, "-o", str(out), "-q"], check=True)
    return time.perf_counter() - t0


def in_browser(driver, path: Path) -> dict[str, float]:
    driver.set_window_size(1280, 900)
    t0 = time.perf_counter()
    driver.get(path.as_uri())  # returns after the load event: the script has run
    load = time.perf_counter() - t0
    timings = driver.execute_script("""
      const t = () => performance.now(), out = {};
      const biggest = Array.from(document.querySelectorAll('table.data'))
        .sort((a, b) => b.tBodies[0].rows.length - a.tBodies[0].rows.length)[0];
      out.rows = document.querySelectorAll('table.data tbody tr').length;
      out.marks = document.querySelectorAll('mark').length;
      out.biggest = biggest.tBodies[0].rows.length;
      let s = t(); const box = document.getElementById('f-text'); box.value = 'survival';
      box.dispatchEvent(new Event('input')); out.filter = t() - s;
      box.value = ''; box.dispatchEvent(new Event('input'));
      s = t(); biggest.querySelector('th button').click(); out.sort = t() - s;
      const link = document.querySelectorAll('a.fig[data-start]');
      s = t(); link[link.length - 1].click(); out.jump = t() - s;
      return out;""")
    timings["load"] = load * 1000
    return timings


def measure(label: str, paths: list[str], driver) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        wall = build(paths, out)
        size = out.stat().st_size
        t = in_browser(driver, out) if driver else None
    row = f"| {label} | {wall:.1f} s | {size / 1e6:.2f} MB |"
    if t:
        row += (f" {int(t['rows'])} rows ({int(t['biggest'])} in the largest table), {int(t['marks'])} marks |"
                f" {t['load']:.0f} ms | {t['filter']:.0f} ms | {t['sort']:.0f} ms | {t['jump']:.0f} ms |")
    else:
        row += " - | - | - | - | - |"
    print(f"measured: {label}", file=sys.stderr)
    return row


def screenshots(folder: Path) -> None:
    driver = browser()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "report.html"
            build([str(ROOT / "tests" / "data" / "dev")], out)
            for width, height in ((1280, 1000), (390, 844)):
                driver.set_window_size(width, height)
                driver.get(out.as_uri())
                driver.execute_script("""
                  const s = document.getElementById('metric-cc');
                  window.scrollTo(0, s.getBoundingClientRect().top + scrollY - 70);""")
                driver.save_screenshot(str(folder / f"report-{width}.png"))
                print(f"saved {folder / f'report-{width}.png'}", file=sys.stderr)
    finally:
        driver.quit()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "pmc-rct"))
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--write", action="store_true", help="update docs/performance.md")
    ap.add_argument("--screenshots", metavar="DIR", help="save report-1280.png and report-390.png there, then stop")
    args = ap.parse_args()
    if args.screenshots:
        screenshots(Path(args.screenshots))
        return
    driver = browser() if os.path.exists("/usr/bin/chromedriver") else None
    rows = []
    try:
        rows.append(measure("dev corpus (24 records, tests/data/dev)", [str(ROOT / "tests" / "data" / "dev")],
                            driver))
        files = sorted(Path(args.corpus).glob("*.txt"))[: args.records]
        with tempfile.TemporaryDirectory() as tmp:
            for f in files:
                shutil.copy(f, tmp)
            rows.append(measure(f"{len(files)} records of {Path(args.corpus).name} "
                                f"({sum(f.stat().st_size for f in files) / 1e6:.1f} MB of text)", [tmp], driver))
    finally:
        if driver:
            driver.quit()
    table = "\n".join([
        "| input | `nettool report` wall | file size | in the page | load (script run) | text filter | "
        "sort largest table | jump to a span |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
        *rows,
    ])
    print(table)
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        block = f"{START}\n{table}\n{END}"
        if START in doc:
            head, rest = doc.split(START, 1)
            doc = head + block + rest.split(END, 1)[1]
        else:
            doc = doc.rstrip("\n") + "\n\n## `nettool report` size and responsiveness\n\n" + block + "\n"
        DOC.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    main()
