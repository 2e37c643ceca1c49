"""Draw a fixed random sample of extracted figures from the abstracts of a corpus, for a hand audit.

Usage (from the repository root):

    .venv/bin/python benchmarks/audit_sample.py /work/shared/corpus/pmc-rct --out sample.jsonl

Every file of the corpus folder is loaded and extracted with the library.  Only figures of the
ABSTRACT part count: a figure whose offset lies at or after the first ``BODY.`` heading line of
its file is dropped (a file with no BODY heading keeps all its figures).  From the figures left,
``--n`` (default 100) are drawn with ``random.Random(--seed)`` (default 20261121) and written as
JSONL, one figure a line, in the order drawn.  Files are visited in sorted name order, so the
sample depends only on the corpus, the extractor and the seed.

Audit rounds (docs/accuracy.md): round 1 used the default seed; round 2 re-drew with the default seed
and with ``--seed 20261122`` (a fresh sample the extractor changes were not made against).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import nettool

FIELDS = ("source", "metric", "measure", "value", "unit", "timepoint", "bound", "low", "high",
          "group", "p_value", "surface", "sentence")
SEED = 20261121
_BODY_HEADING = re.compile(r"^[ \t]*BODY\.", re.M)


def abstract_end(text: str) -> int:
    """Offset of the first ``BODY.`` heading line, or the text length when there is none."""
    m = _BODY_HEADING.search(text)
    return m.start() if m else len(text)


def abstract_figures(paths: list[Path]) -> tuple[list[dict], int, int]:
    """All abstract figures of ``paths`` as dicts, plus the number of records and of dropped figures."""
    out: list[dict] = []
    records = dropped = 0
    for record in nettool.load([str(p) for p in paths]):
        records += 1
        end = abstract_end(record.text)
        for fig in nettool.extract(record):
            if fig.start >= end:
                dropped += 1
                continue
            d = fig.to_dict()
            out.append({k: d[k] for k in FIELDS})
    return out, records, dropped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="folder of PMC text files (e.g. /work/shared/corpus/pmc-rct)")
    ap.add_argument("--out", type=Path, required=True, help="JSONL file to write the sample to")
    ap.add_argument("--n", type=int, default=100, help="sample size (default 100)")
    ap.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    args = ap.parse_args(argv)

    paths = sorted(p for p in args.corpus.iterdir() if p.is_file() and p.suffix == ".txt")
    if not paths:
        print(f"audit_sample: no .txt files in {args.corpus}", file=sys.stderr)
        return 2
    figures, records, dropped = abstract_figures(paths)
    n = min(args.n, len(figures))
    sample = random.Random(args.seed).sample(figures, n)
    with args.out.open("w", encoding="utf-8") as fh:
        for d in sample:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"audit_sample: {len(paths)} files, {records} records, {len(figures)} abstract figures "
          f"({dropped} body figures dropped); wrote {n} to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
