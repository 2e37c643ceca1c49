#!/usr/bin/env python
"""Cold start of two (or more) nettool source trees side by side: one markdown table on stdout.

    .venv/bin/python benchmarks/startup_compare.py REV_OR_DIR [REV_OR_DIR ...] [--runs 21]

Each argument is a git revision (unpacked with ``git archive`` into a temporary folder) or a folder holding a
``nettool`` package. The commands (``python -c pass``, ``python -c 'import nettool.cli'``,
``nettool compare --metric os --format tsv seeds/``) run with benchmarks/bench.py's ``run()`` (wall and CPU time
from ``wait4``, bytecode kept in a private cache as an installed package keeps it), two warm-up rounds, then
``--runs`` rounds in which every tree runs every command once, so that a busy moment of a shared machine hits all
of them alike. Medians are reported; CPU time is the figure to compare when the machine is shared.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402

COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "python -c 'import nettool.cli'": ["-c", "import nettool.cli"],
    "nettool compare --metric os --format tsv seeds/": ["-m", "nettool", "compare", "--metric", "os", "--format",
                                                         "tsv", str(bench.ROOT / "seeds")],
}


def tree(spec: str, tmp: Path) -> Path:
    if Path(spec, "nettool").is_dir():
        return Path(spec).resolve()
    out = tmp / spec.replace("/", "_")
    out.mkdir()
    archive = subprocess.run(["git", "archive", spec], cwd=bench.ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("trees", nargs="+", help="git revisions or folders holding a nettool package")
    ap.add_argument("--runs", type=int, default=21, help="interleaved rounds (medians reported)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nettool-startup-") as tmp:
        trees = {spec: tree(spec, Path(tmp)) for spec in args.trees}
        runs: dict[tuple[str, str], list[bench.Run]] = {(s, c): [] for s in trees for c in COMMANDS}
        for round_ in range(args.runs + 2):
            for spec, path in trees.items():
                bench.ENV["PYTHONPATH"] = str(path)
                bench.CWD = path
                for name, cmd in COMMANDS.items():
                    r = bench.run([sys.executable, *cmd])
                    if round_ >= 2:
                        runs[(spec, name)].append(r)
            bench.log(f"round {round_ + 1}/{args.runs + 2}")
    print("| command | " + " | ".join(f"`{s}`" for s in trees) + " |")
    print("|---|" + "---:|" * len(trees))
    for name in COMMANDS:
        cells = []
        for spec in trees:
            rs = runs[(spec, name)]
            cells.append(f"{statistics.median(r.cpu for r in rs) * 1000:.0f} ms CPU "
                         f"(wall {statistics.median(r.wall for r in rs) * 1000:.0f})")
        print(f"| `{name}` | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
