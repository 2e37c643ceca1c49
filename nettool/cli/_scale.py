"""`nettool extract --format parquet|--dask -o DIR`: the CLI side of nettool.scale (messages, progress)."""
from __future__ import annotations

import os
import sys
from typing import Any

from nettool.cli._run import StderrBar
from nettool.errors import InputError, UsageError


def run_shards(paths: list[str] | None, output: str | None, fmt: str, *, dask: str | None, jobs: int,
               quiet: bool) -> None:
    """Write one shard per input file into the folder ``output``; messages and progress on stderr."""
    from nettool import scale
    from nettool.cli._run import _ask_exit_status, _stderr_is_terminal, seed_folder

    if fmt not in scale.SHARD_FORMATS:
        raise UsageError(f"--dask writes shards as parquet or jsonl, not {fmt}; use --format parquet or jsonl")
    if not output or output == "-":
        raise UsageError(f"--format {fmt} with shards writes a folder: give -o DIR" if fmt == "parquet"
                         else "--dask writes a folder of shards: give -o DIR")
    if os.path.exists(output) and not os.path.isdir(output):
        raise UsageError(f"cannot write shards into {output}: it is a file; give a folder (it is created)")
    if fmt == "parquet":
        from nettool.render.parquet import require_pyarrow

        require_pyarrow()
    paths = list(paths) if paths else [seed_folder()]
    bar = _Bar(enabled=not quiet and _stderr_is_terminal())
    warnings = 0
    problems = 0

    def problem(text: str) -> None:
        nonlocal problems
        problems += 1
        warn(text)

    def warn(text: str) -> None:
        nonlocal warnings
        warnings += 1
        if not quiet:
            bar.message(f"nettool: warning: {text}")

    def on_result(res: dict[str, Any]) -> None:
        for w in res.get("warnings") or []:
            warn(w)
        if res["status"] == "failed":
            problem(f"{res['error']} (no shard written; the other files go on)")
        bar.advance(res)

    client: Any = None
    close = None
    try:
        if dask is not None:
            client, close = scale.connect(dask)
            if not quiet:
                link = getattr(client, "dashboard_link", None)
                print(f"nettool: Dask scheduler {client.scheduler.address}"
                      + (f", dashboard {link}" if link else ""), file=sys.stderr, flush=True)
        elif jobs != 1:
            from concurrent.futures import ProcessPoolExecutor

            client = ProcessPoolExecutor(max_workers=jobs if jobs > 0 else (os.cpu_count() or 1))
            close = client.shutdown
        result = scale.extract(paths, output, client, fmt=fmt, on_error=lambda e: problem(e.message),
                               on_result=on_result, on_plan=bar.start)
    finally:
        bar.close()
        if close is not None:
            close()
    if result.written + result.skipped == 0:
        shown = ", ".join(paths) if len(paths) <= 3 else f"{', '.join(paths[:3])}, ..."
        raise InputError(shown, "no readable abstracts, no shard written",
                         "give files or folders of abstracts (plain text, MEDLINE/.nbib, PubMed XML, RIS)")
    if problems:
        _ask_exit_status(1)  # some input could not be read: exit 1, as every command does (docs/errors.md)
    if not quiet:
        print(f"nettool: {output}: {len(result.results)} files ({result.written} written, "
              f"{result.skipped} already complete, {len(result.failed)} failed); "
              f"{result.records} records, {result.figures} figures", file=sys.stderr, flush=True)


class _Bar(StderrBar):
    """Files done / to run, with records and figures, on stderr (a terminal only)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None
        self.records = self.figures = 0

    def start(self, total: int, to_run: int) -> None:
        if not self.enabled or to_run == 0:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("files"), MofNCompleteColumn(), BarColumn(bar_width=None),
                            TextColumn("{task.fields[records]} records, {task.fields[figures]} figures"),
                            TimeElapsedColumn(), console=Console(file=sys.stderr), transient=True)
        self.task = self.bar.add_task("extract", total=total, records=0, figures=0)
        self.bar.start()

    def advance(self, res: dict[str, Any]) -> None:
        self.records += res.get("records", 0) if res["status"] != "failed" else 0
        self.figures += res.get("figures", 0) if res["status"] != "failed" else 0
        if self.bar is not None:
            self.bar.update(self.task, advance=1, records=self.records, figures=self.figures)

