#!/usr/bin/env python3
"""Robustness and provenance over real articles (issue 4, "Real text").

Runs the library over every file of a corpus folder (e.g. ../shared/corpus/pmc-rct, abstract and full
text) and checks, for every figure, that `surface` is inside `sentence`, that `sentence` is verbatim in
the record's text and that text[start:end] == surface. Prints one summary line; exits 1 on any error.

usage: python benchmarks/check_realtext.py CORPUS_DIR
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import nettool
from nettool.errors import InputError


def main(folder: str) -> int:
    paths = sorted(p for p in Path(folder).iterdir() if p.is_file())
    errors: list[str] = []
    n_records = n_figures = chars = 0
    t0 = time.perf_counter()

    def on_error(err: InputError) -> None:
        errors.append(f"load {err.message}")

    load_paths = sys.modules["nettool.load"].load_paths
    for path in paths:
        try:
            for record in load_paths([str(path)], on_error=on_error, full_text=True):
                n_records += 1
                chars += len(record.text)
                for f in nettool.extract(record):
                    n_figures += 1
                    if f.surface not in f.sentence:
                        errors.append(f"{path.name}: surface {f.surface!r} not in its sentence")
                    if f.sentence not in record.text:
                        errors.append(f"{path.name}: sentence not verbatim in the text")
                    if record.text[f.start:f.end] != f.surface:
                        errors.append(f"{path.name}: text[start:end] != surface {f.surface!r}")
        except Exception as exc:  # noqa: BLE001 -- the point is to count any crash
            errors.append(f"{path.name}: {type(exc).__name__}: {exc}")
    dt = time.perf_counter() - t0
    for e in errors[:50]:
        print(e)
    print(f"{len(paths)} files, {n_records} records, {chars / 1e6:.1f} M chars, {n_figures} figures, "
          f"{len(errors)} errors, {dt:.1f} s ({chars / 1e6 / dt:.2f} M chars/s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/pmc-rct"))
