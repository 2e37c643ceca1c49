"""Extract many input files into a dataset folder of shards, on one machine or a Dask cluster.

    >>> from dask.distributed import Client
    >>> import nettool.scale
    >>> result = nettool.scale.extract(["baseline/"], "out/", Client("scheduler:8786"))
    >>> result.records, result.figures, [r["input"] for r in result.failed]

One task per input file: the task (:func:`extract_file`) loads the file,
extracts every record and writes its own shard (``out/<name>.parquet``, or
``.jsonl``), then returns a small dict of counts -- only file names and counts
pass through the scheduler.  A shard is written under a temporary name and
renamed when whole; ``out/_manifest.json`` lists every shard in input order with
its counts and the size and mtime of its input, rewritten (atomically) as each
task ends.  Running again skips every input whose shard is complete (manifest
entry for the same input size and mtime, shard of the recorded size; or, for a
Parquet shard missing from the manifest, its footer), so a stopped run resumes.
A file that cannot be read is reported with its error and gets no shard; the
other files go on.

``client`` may be a ``dask.distributed.Client``, a ``concurrent.futures``
executor, or None (in this process, one file after another).  Nothing here
prints; the CLI passes callbacks.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from nettool.errors import InputError, UsageError
from nettool.load.figures import DATASET_FORMAT, MANIFEST

SHARD_FORMATS = ("parquet", "jsonl")
_COMPRESSED = (".gz", ".bz2", ".xz")


@dataclass
class Task:
    """One input file and the shard it becomes."""

    input: str  # as given or as joined while walking a folder: the records' source
    shard: str  # file name inside the output folder
    fmt: str
    position: int


@dataclass
class ScaleResult:
    """What a run did: one dict per input (see :func:`extract_file`) in input order."""

    out_dir: str
    results: list[dict[str, Any]] = field(default_factory=list)

    def _count(self, status: str) -> int:
        return sum(1 for r in self.results if r["status"] == status)

    @property
    def written(self) -> int:
        return self._count("ok")

    @property
    def skipped(self) -> int:
        return self._count("skipped")

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.results if r["status"] == "failed"]

    @property
    def records(self) -> int:
        return sum(r.get("records", 0) for r in self.results if r["status"] != "failed")

    @property
    def figures(self) -> int:
        return sum(r.get("figures", 0) for r in self.results if r["status"] != "failed")


# --- the task ----------------------------------------------------------------------------------

def extract_file(path: str, dest: str, fmt: str = "parquet", source: str | None = None) -> dict[str, Any]:
    """Load ``path``, extract every record, write the shard ``dest``; return counts (never raises for bad input).

    Runs on a worker: a pure function of its arguments (file names), picklable,
    with no state to set up.  ``source`` (default ``path``) is the name the
    records carry.  The shard appears under its name only when it is whole.
    """
    import resource

    from nettool.extract import study_of
    from nettool.load import load_paths

    t0, c0 = time.perf_counter(), time.process_time()
    source = source or path
    result: dict[str, Any] = {"input": source, "shard": os.path.basename(dest), "status": "ok",
                              "records": 0, "figures": 0, "bytes": 0, "warnings": [], "error": None}
    try:
        st = os.stat(path)
        result["input_size"], result["input_mtime_ns"] = st.st_size, st.st_mtime_ns
    except OSError:
        pass
    errors: list[InputError] = []
    warnings: list[str] = result["warnings"]

    def studies() -> Iterator[Any]:
        def report(error: InputError) -> None:  # name the file as the caller knows it
            errors.append(InputError(source, error.reason, error.hint) if error.path == path else error)

        for rec in load_paths([path], on_error=report):
            rec.source = source
            try:
                yield study_of(rec)
            except Exception as exc:  # noqa: BLE001 - one record must not stop a file of thousands
                where = f"{source}#{rec.index + 1}" if rec.index else source
                warnings.append(f"{where}: extraction failed ({type(exc).__name__}: {exc}); record skipped")

    tmp = f"{dest}.tmp-{uuid.uuid4().hex[:12]}"
    meta = {"input": source, "input_size": result.get("input_size"), "input_mtime_ns": result.get("input_mtime_ns")}
    try:
        if fmt == "parquet":
            from nettool.render.parquet import write_shard

            counts = write_shard(studies(), tmp, meta)
        else:
            counts = _write_jsonl(studies(), tmp)
        if errors:
            raise errors[0]
        os.replace(tmp, dest)
        result.update(counts)
        result["bytes"] = os.stat(dest).st_size
    except InputError as exc:
        result.update(status="failed", error=exc.message)
    except Exception as exc:  # noqa: BLE001 - a disk or library error is this file's failure, not the run's
        result.update(status="failed", error=f"{source}: could not be extracted ({type(exc).__name__}: {exc})")
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    result["seconds"] = round(time.perf_counter() - t0, 4)
    result["cpu_seconds"] = round(time.process_time() - c0, 4)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["worker"] = f"{os.uname().nodename}:{os.getpid()}"
    return result


def _write_jsonl(studies: Iterable[Any], path: str) -> dict[str, int]:
    records = figures = 0
    with open(path, "w", encoding="utf-8") as fh:
        for study in studies:
            records += 1
            for fig in study.figures:
                figures += 1
                fh.write(json.dumps(fig.to_dict(), ensure_ascii=False) + "\n")
    return {"records": records, "figures": figures}


# --- planning and resuming ---------------------------------------------------------------------

def plan(paths: Iterable[str], fmt: str, on_error: Callable[[InputError], None]) -> list[Task]:
    """One task per input file (folders walked as the loader walks them), shard names unique and stable."""
    from nettool.load import _walk

    files: list[str] = []
    for path in paths:
        if path == "-":
            raise UsageError("a dataset folder is written from files, not stdin; save the input to a file first")
        if os.path.isdir(path):
            found = list(_walk(path, on_error))
            if not found:
                on_error(InputError(path, "folder holds no files to read (hidden files are skipped)",
                                    "pass a folder that contains abstract files (.txt, .nbib, .xml, .ris)"))
            files.extend(found)
        elif os.path.exists(path):
            files.append(path)
        else:
            on_error(InputError(path, "no such file or folder", "check the path (quote names with spaces)"))
    tasks: list[Task] = []
    used: set[str] = set()
    for i, path in enumerate(files):
        stem = _stem(path)
        name = f"{stem}.{fmt}"
        if name in used:
            name = f"{stem}-{hashlib.sha1(os.path.abspath(path).encode()).hexdigest()[:8]}.{fmt}"
        used.add(name)
        tasks.append(Task(input=path, shard=name, fmt=fmt, position=i))
    return tasks


def _stem(path: str) -> str:
    name = os.path.basename(path.rstrip("/")) or "input"
    low = name.lower()
    for ext in _COMPRESSED:
        if low.endswith(ext):
            name, low = name[:-len(ext)], low[:-len(ext)]
    root, ext = os.path.splitext(name)
    return (root or name).replace(" ", "_")


def load_manifest(out_dir: str) -> dict[str, dict[str, Any]]:
    """Entries of an existing manifest by shard name ({} when there is none)."""
    from nettool.load.figures import read_manifest

    if not os.path.isfile(os.path.join(out_dir, MANIFEST)):
        return {}
    try:
        entries = read_manifest(out_dir).get("shards", [])
    except InputError:
        return {}  # damaged: it is rewritten, complete Parquet shards being recognised by their footers
    return {e["shard"]: e for e in entries if isinstance(e, dict) and "shard" in e}


def write_manifest(out_dir: str, entries: list[dict[str, Any]]) -> None:
    """Atomically replace the manifest."""
    from nettool import __version__

    body = {"format": DATASET_FORMAT, "version": 1, "nettool": __version__, "shards": entries}
    tmp = os.path.join(out_dir, f"{MANIFEST}.tmp-{uuid.uuid4().hex[:12]}")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(body, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, os.path.join(out_dir, MANIFEST))


def is_complete(task: Task, out_dir: str, entry: dict[str, Any] | None) -> dict[str, Any] | None:
    """The manifest entry to keep when ``task``'s shard is whole and made from the same input, else None."""
    dest = os.path.join(out_dir, task.shard)
    try:
        st, shard_st = os.stat(task.input), os.stat(dest)
    except OSError:
        return None
    same_input = lambda d: d.get("input_size") == st.st_size and d.get("input_mtime_ns") == st.st_mtime_ns  # noqa: E731
    if entry is not None and entry.get("status") in ("ok", "skipped") and same_input(entry) \
            and entry.get("bytes") == shard_st.st_size and entry.get("input") == task.input:
        return entry
    if task.fmt == "parquet":
        from nettool.render.parquet import read_footer

        footer = read_footer(dest)
        if footer is not None and footer.get("input") == task.input and same_input(footer):
            return {"input": task.input, "shard": task.shard, "status": "ok", "records": footer["records"],
                    "figures": footer["figures"], "bytes": shard_st.st_size, "input_size": st.st_size,
                    "input_mtime_ns": st.st_mtime_ns, "warnings": [], "error": None}
    return None


# --- the run -----------------------------------------------------------------------------------

def extract(paths: Iterable[str], out_dir: str, client: Any = None, *, fmt: str = "parquet",
            on_error: Callable[[InputError], None] | None = None,
            on_result: Callable[[dict[str, Any]], None] | None = None,
            on_plan: Callable[[int, int], None] | None = None) -> ScaleResult:
    """Extract every file under ``paths`` into shards in ``out_dir`` (created); see the module docstring.

    ``on_error`` gets the problems with the paths themselves (missing file,
    empty folder); ``on_plan(total, to_run)`` is called once before any task;
    ``on_result`` gets each input's result dict as it completes (status ``ok``,
    ``skipped`` or ``failed`` with ``error``).
    """
    if fmt not in SHARD_FORMATS:
        raise UsageError(f"shards are written as parquet or jsonl, not {fmt!r}")
    if fmt == "parquet":
        from nettool.render.parquet import require_pyarrow

        require_pyarrow()
    report = on_error if on_error is not None else _raise
    tasks = plan(paths, fmt, report)
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the output folder {out_dir}: {exc.strerror or exc}") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write in {out_dir}: no permission")
    old = load_manifest(out_dir)
    entries: dict[str, dict[str, Any]] = {}
    todo: list[Task] = []
    for task in tasks:
        kept = is_complete(task, out_dir, old.get(task.shard))
        if kept is not None:
            entries[task.shard] = {**kept, "status": "ok"}
        else:
            todo.append(task)
    order = [t.shard for t in tasks] + [name for name in old if name not in {t.shard for t in tasks}]
    _remove_leftovers(out_dir, {t.shard for t in todo} | {MANIFEST})

    def save() -> None:
        write_manifest(out_dir, [entries.get(name) or old[name] for name in order if name in entries or name in old])

    result = ScaleResult(out_dir=out_dir)
    by_shard: dict[str, dict[str, Any]] = {}
    if on_plan is not None:
        on_plan(len(tasks), len(todo))
    for task in tasks:
        if task.shard in entries:
            done = {**entries[task.shard], "status": "skipped"}
            by_shard[task.shard] = done
            if on_result is not None:
                on_result(done)
    save()
    for task, res in _run(todo, out_dir, client):
        by_shard[task.shard] = res
        entry = dict(res)
        if res["status"] == "failed":
            entry.update(records=0, figures=0, bytes=0)
        entries[task.shard] = entry
        save()
        if on_result is not None:
            on_result(res)
    result.results = [by_shard[t.shard] for t in tasks if t.shard in by_shard]
    return result


def _remove_leftovers(out_dir: str, names: set[str]) -> None:
    """Temporary files a killed run left behind (``NAME.tmp-XXXX``) for the shards about to be written.

    One run at a time per output folder: a second run would take the first one's files for leftovers.
    """
    for entry in os.listdir(out_dir):
        base, sep, _ = entry.partition(".tmp-")
        if sep and base in names:
            try:
                os.unlink(os.path.join(out_dir, entry))
            except OSError:
                pass


def _raise(error: InputError) -> None:
    raise error


def _run(todo: list[Task], out_dir: str, client: Any) -> Iterator[tuple[Task, dict[str, Any]]]:
    """(task, result) as tasks complete, on ``client``; a task that raised becomes a failed result."""
    def args(t: Task) -> tuple[str, str, str, str]:
        return (os.path.abspath(t.input), os.path.join(os.path.abspath(out_dir), t.shard), t.fmt, t.input)

    if client is None:
        for t in todo:
            yield t, extract_file(*args(t))
        return
    from concurrent.futures import Executor

    if isinstance(client, Executor):
        from concurrent.futures import as_completed

        futures = {client.submit(extract_file, *args(t)): t for t in todo}
        for fut in as_completed(futures):
            yield futures[fut], _outcome(fut, futures[fut])
        return
    from distributed import as_completed as dask_completed

    futures = {}
    for t in todo:
        fut = client.submit(extract_file, *args(t), key=f"nettool-extract-{t.shard}-{uuid.uuid4().hex[:8]}",
                            pure=False, retries=0)
        futures[fut.key] = (fut, t)
    try:
        for fut in dask_completed([f for f, _ in futures.values()]):
            yield futures[fut.key][1], _outcome(fut, futures[fut.key][1])
    finally:
        for fut, _ in futures.values():
            fut.release()


def _outcome(fut: Any, task: Task) -> dict[str, Any]:
    try:
        return fut.result()
    except Exception as exc:  # noqa: BLE001 - a worker that died or a task that raised
        return {"input": task.input, "shard": task.shard, "status": "failed", "records": 0, "figures": 0,
                "bytes": 0, "warnings": [], "error": f"{task.input}: the task failed ({type(exc).__name__}: {exc})"}


def connect(spec: str) -> tuple[Any, Callable[[], None]]:
    """A Dask client for ``local``, ``local:N`` (a LocalCluster of N one-thread worker processes) or a
    scheduler address (``tcp://host:8786``); and the function that closes what was opened."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--dask needs dask.distributed, which is not installed; pip install 'nettool[scale]'") \
            from None
    if spec == "local" or spec.startswith("local:"):
        n_text = spec[6:] or str(os.cpu_count() or 1)
        if not n_text.isdigit() or int(n_text) < 1:
            raise UsageError(f"--dask {spec}: give local or local:N with N >= 1 worker processes")
        cluster = LocalCluster(n_workers=int(n_text), threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)

        def close() -> None:
            client.close()
            cluster.close()

        return client, close
    try:
        client = Client(spec, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--dask {spec}: cannot reach the Dask scheduler ({exc}); "
                         "check the address (tcp://HOST:8786) or use local:N") from None
    return client, client.close


__all__ = ["extract", "extract_file", "plan", "connect", "ScaleResult", "Task"]
