"""The pipeline a command runs: load records, map extraction over them (optionally
in a process pool, order preserved), report input problems as warnings, show
progress on a terminal.

Without PATH a command reads standard input when it is not a terminal (a pipe
or a file, as jq and csvkit do); on a terminal, or with no standard input at all
(/dev/null), it reads the bundled seed abstracts and says so on stderr.  When an
input could not be read but others were, the run ends with exit status 1 (as
``cat`` does): :data:`EXIT_META` carries it to ``NettoolGroup``.

    with Pipeline(paths, quiet=quiet, jobs=jobs) as run:
        studies = run.map(study_of)      # an iterator, primed: raises if nothing was read
        ...render...
"""
from __future__ import annotations

import io
import os
import stat
import sys
import time
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from nettool.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from nettool.models import Record

PROGRESS_AFTER = 1.0  # seconds before a progress bar appears
EXIT_META = "nettool.exit_code"  # click context meta key: the exit status a finished run asks for
BATCH = 16  # records per task sent to a worker process


def figures_only(record: "Record") -> Any:
    """A Study with the record's figures and no metadata: what `extract` needs (cheaper than study_of)."""
    from nettool.extract import extract_record
    from nettool.models import Study

    if isinstance(record, Study):  # read back from extract output
        return record
    return Study(record=record, figures=extract_record(record))


def seed_folder() -> str:
    """The seed abstracts shipped inside the package (used when no PATH is given)."""
    from importlib.resources import files

    return str(files("nettool") / "data" / "seeds")


def stdin_has_data() -> bool:
    """True when standard input is a pipe or a file (not a terminal, not /dev/null, not closed)."""
    stream = sys.stdin
    if stream is None:
        return False
    try:
        if stream.isatty():
            return False
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError):
        return hasattr(stream, "buffer") or hasattr(stream, "read")  # a test's stream (CliRunner input)
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return False
    return not stat.S_ISCHR(mode)  # /dev/null and other character devices hold no abstracts


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _apply(fn: Callable[["Record"], Any], batch: list["Record"], debug: bool) -> list[tuple[bool, Any]]:
    """Run ``fn`` on each record; a failure becomes a message instead of stopping the run."""
    from nettool.models import Record

    out: list[tuple[bool, Any]] = []
    for rec in batch:
        if not isinstance(rec, Record):  # a Study read back from extract output: nothing to extract
            out.append((True, rec))
            continue
        try:
            out.append((True, fn(rec)))
        except Exception as exc:  # noqa: BLE001 - one record must not stop a batch of thousands
            if debug:
                raise
            where = f"{rec.source}#{rec.index + 1}" if rec.index else rec.source
            out.append((False, f"{where}: extraction failed ({type(exc).__name__}: {exc}); record skipped"))
    return out


def _apply_in_worker(fn: Callable[["Record"], Any], batch: list["Record"], debug: bool) -> list[tuple[bool, Any]]:
    """_apply in a pool worker: a result's ``record`` is the one the main process sent and still holds, so it is not
    sent back (a full-text record is ~20 KB of text to pickle again); _with_records puts it back."""
    out = _apply(fn, batch, debug)
    for (ok, value), rec in zip(out, batch):
        if ok and getattr(value, "record", None) is rec:
            value.record = None
    return out


def _with_records(outcome: list[tuple[bool, Any]], batch: list["Record"]) -> list[tuple[bool, Any]]:
    for (ok, value), rec in zip(outcome, batch):
        if ok and hasattr(value, "record") and value.record is None:
            value.record = rec
    return outcome


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ask_exit_status(code: int) -> None:
    """Ask the CLI to end the run with ``code`` once the output is written (see NettoolGroup.invoke)."""
    from nettool.cli._app import get_current_context

    ctx = get_current_context(silent=True)
    if ctx is not None:
        ctx.meta[EXIT_META] = max(code, ctx.meta.get(EXIT_META, 0))


class StderrBar:
    """What every progress line shares: messages print above the bar (or plainly to stderr without one), and
    closing stops it."""

    bar: Any = None

    def message(self, text: str) -> None:
        if self.bar is not None:
            from rich.text import Text

            self.bar.console.print(Text(text))
        else:
            print(text, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


class _Progress(StderrBar):
    """A rich progress line on stderr that appears only after PROGRESS_AFTER seconds."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.t0 = time.monotonic()
        self.count = 0
        self.bar: Any = None
        self.task: Any = None

    def advance(self) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.update(self.task, completed=self.count)
        elif self.enabled and time.monotonic() - self.t0 > PROGRESS_AFTER:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(SpinnerColumn(), TextColumn("{task.completed} records"), BarColumn(bar_width=None),
                                TimeElapsedColumn(), console=Console(file=sys.stderr), transient=True)
            self.task = self.bar.add_task("extract", total=None, completed=self.count)
            self.bar.start()


class Pipeline:
    """Records from ``paths`` (the shipped seeds when empty) mapped through an extraction function."""

    def __init__(self, paths: list[str] | None, *, quiet: bool = False, jobs: int = 1, debug: bool = False,
                 full_text: bool = False, metrics: Iterable[str] | None = None,
                 skip: Iterable[str] | None = None) -> None:
        self.seeds = not paths and not stdin_has_data()
        self.paths = list(paths) if paths else (["-"] if not self.seeds else [seed_folder()])
        self.quiet = quiet
        self.jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
        self.debug = debug
        self.full_text = full_text
        # from extract output (nettool.load.figures): read only these metrics, and not these columns
        self.metrics = metrics
        self.skip = skip
        self.records_read = 0
        self.warnings = 0
        self.input_errors = 0
        self.progress = _Progress(enabled=not quiet and _stderr_is_terminal())

    def __enter__(self) -> "Pipeline":
        if self.seeds:
            self.note("no PATH given and nothing piped in: reading the seed abstracts shipped with nettool "
                      "(give files or folders, or pipe abstracts in)")
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.progress.close()
        if exc_type is None and self.input_errors and self.records_read:
            _ask_exit_status(1)

    # -- reporting
    def warn(self, message: str) -> None:
        self.warnings += 1
        if not self.quiet:
            self.progress.message(f"nettool: warning: {message}")

    def note(self, message: str) -> None:
        if not self.quiet:
            self.progress.message(f"nettool: note: {message}")

    def _on_error(self, error: InputError) -> None:
        self.input_errors += 1
        self.warn(error.message)

    def _on_note(self, notice: Any) -> None:
        if notice.kind == "full-text":
            self.note(f"{notice.count} full-text article(s): figures come from the abstract only "
                      "(--full-text includes the body)")
        elif notice.kind == "duplicates":
            self.note(f"merged {notice.count} duplicate record(s) (same PMID, DOI, or title and year); "
                      "`nettool studies` lists every source")

    # -- records
    def records(self) -> Iterator["Record"]:
        """Every record of the run: duplicates merged, study labels set (nettool.load.load_run)."""
        from nettool.load import load_run

        from nettool.load import figures

        stdin = sys.stdin.buffer if "-" in self.paths and hasattr(sys.stdin, "buffer") else None
        kinds: list[str | None] = []
        for path in self.paths:  # nettool's own extract output, recognised by content
            if path == "-" and stdin is not None:
                if not hasattr(stdin, "peek"):
                    from nettool.load import _Prepend

                    stdin = io.BufferedReader(_Prepend(stdin.read(65536), stdin))  # type: ignore[arg-type]
                kinds.append(figures.recognise_head(stdin.peek(65536)[:65536]))
            else:
                kinds.append(None if path == "-" else figures.recognise(path))
        if any(kinds):
            yield from self._read_back(kinds, stdin)
            return
        for rec in load_run(self.paths, on_error=self._on_error, on_note=self._on_note, stdin=stdin,
                            full_text=self.full_text, names={seed_folder(): "seeds"}):
            self.records_read += 1
            yield rec

    def _read_back(self, kinds: list[str | None], stdin: Any) -> Iterator[Any]:
        """Studies read back from extract output (and records of any abstracts beside them), merged and
        labelled over the whole run as the load stage does."""
        from nettool.load import figures, load_paths

        def items() -> Iterator[Any]:
            for path, kind in zip(self.paths, kinds):
                if kind is None:
                    yield from load_paths([path], on_error=self._on_error, on_note=self._on_note, stdin=stdin,
                                          full_text=self.full_text)
                else:
                    yield from figures.read_studies(path, kind, on_error=self._on_error, metrics=self.metrics,
                                                    skip=self.skip, stream=stdin if path == "-" else None)

        for item in figures.merged_run(items(), on_note=self._on_note):
            self.records_read += 1
            yield item

    def map(self, fn: Callable[["Record"], Any]) -> Iterator[Any]:
        """``fn(record)`` for every record, in input order; raises InputError when no record was read.

        The iterator is primed: by the time it is returned the first record has
        been read, so a run with no readable input fails before any output.
        """
        results = self._map(fn)
        try:
            first = next(results)
        except StopIteration:
            first = None
            if self.records_read == 0:
                raise self.no_input() from None
            return iter(())

        def chain() -> Iterator[Any]:
            yield first
            yield from results

        return chain()

    def no_input(self) -> InputError:
        shown = ", ".join(self.paths) if len(self.paths) <= 3 else f"{', '.join(self.paths[:3])}, ..."
        return InputError(shown, "no readable abstracts",
                          "give files or folders of abstracts (PubMed text or XML, MEDLINE/.nbib, RIS, CSV/TSV, "
                          "BibTeX, CSL-JSON, EndNote XML, Web of Science) or '-' for stdin")

    def _map(self, fn: Callable[["Record"], Any]) -> Iterator[Any]:
        batches = _batches(self.records(), BATCH if self.jobs > 1 else 1)
        outcomes = self._pool(fn, batches) if self.jobs > 1 else (_apply(fn, b, self.debug) for b in batches)
        for outcome in outcomes:
            for ok, value in outcome:
                self.progress.advance()
                if ok:
                    yield value
                else:
                    self.warn(value)

    def _pool(self, fn: Callable[["Record"], Any], batches: Iterator[list["Record"]]) -> Iterator[Any]:
        """Ordered map over a process pool with a bounded number of batches in flight."""
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=self.jobs)
        pending: deque = deque()
        try:
            for batch in batches:
                pending.append((pool.submit(_apply_in_worker, fn, batch, self.debug), batch))
                if len(pending) >= 4 * self.jobs:
                    future, sent = pending.popleft()
                    yield _with_records(future.result(), sent)
            while pending:
                future, sent = pending.popleft()
                yield _with_records(future.result(), sent)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
