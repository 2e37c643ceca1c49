"""nettool.scale and `extract --format parquet|--dask -o DIR`: shards, manifest, resume, failed files,
a two-worker Dask LocalCluster, and every analysing command reading the shards (or JSONL) back.

Inputs are the development abstracts copied into tests/data/dev (24 records in 22 files: text,
MEDLINE, PubMed XML, RIS), gzipped PubMed XML written by the tests, and small broken files.
"""
from __future__ import annotations

import gzip
import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("pyarrow")

import nettool  # noqa: E402
from nettool import scale  # noqa: E402
from nettool.cli import app  # noqa: E402
from nettool.errors import InputError, UsageError  # noqa: E402
from nettool.load.figures import MANIFEST, read_studies, recognise  # noqa: E402
from tests.test_load_big import write_pubmed_xml  # noqa: E402

DEV = Path(__file__).parent / "data" / "dev"
runner = CliRunner()

ANALYSES = [
    ["compare", "--metric", "os", "--format", "tsv"],
    ["compare", "--metric", "cc", "--format", "csv"],
    ["compare", "--metric", "relief", "--format", "jsonl"],
    ["pool", "--metric", "cc", "--format", "json"],
    ["pool", "--metric", "morbidity", "--timepoint", "30d", "--format", "tsv"],
    ["pool", "--metric", "morbidity", "--timepoint", "none", "--severity", "major", "--format", "json"],
    ["pool", "--metric", "mortality", "--timepoint", "90d", "--format", "tsv"],
    ["compare", "--metric", "mortality", "--metric", "morbidity", "--format", "csv"],
    ["pool", "--metric", "os", "--format", "tsv"],
    ["pool", "--metric", "os", "--timepoint", "5y", "--format", "tsv"],
    ["studies", "--format", "tsv"],
    ["summarize"],
    ["summarize", "--format", "json"],
    ["check", "--format", "tsv"],
]


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


def ok(*args: str, input: str | bytes | None = None):
    result = run(*args, input=input)
    assert result.exit_code == 0, (result.exit_code, result.stderr, result.exception)
    return result


@pytest.fixture(scope="module")
def dev_dataset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ds") / "out"
    result = ok("extract", "--format", "parquet", "-o", str(out), str(DEV))
    assert result.stdout == ""  # the data goes to the folder
    assert f"{out}: 22 files (22 written, 0 already complete, 0 failed); 24 records" in result.stderr
    return out


def shard_names(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name != MANIFEST)


def dataset_figures(out: Path) -> list[str]:
    """Every figure of a dataset as sorted JSON lines (the comparison the benchmark makes too)."""
    lines = []
    for study in read_studies(str(out), "dataset", on_error=pytest.fail):
        for fig in study.figures:
            lines.append(json.dumps(fig.to_dict(), sort_keys=True) + f" {fig.counts_derived}")
    return sorted(lines)


def gz_xml(path: Path, n: int, first_pmid: int) -> None:
    with gzip.open(path, "wb") as fh:
        write_pubmed_xml(fh, n, first_pmid=first_pmid)


# ---------------------------------------------------------------- Parquet shards

def test_one_shard_per_input_file_with_typed_columns_and_footer(dev_dataset: Path) -> None:
    import pyarrow.parquet as pq

    names = shard_names(dev_dataset)
    assert len(names) == 22 and all(n.endswith(".parquet") for n in names)
    assert "19_extrahepatic_disease.parquet" in names and "15_elderly_cytoreduction.parquet" in names
    table = pq.read_table(dev_dataset / "01_hepatic_debulking.parquet")
    types = {f.name: str(f.type) for f in table.schema}
    n = len(nettool.models.FIGURE_FIELDS)
    assert list(types)[:n] == list(nettool.models.FIGURE_FIELDS) and list(types)[n] == "counts_derived"
    assert types["why"].startswith("map<string, string") and types["n"] == "int64"
    assert types["value"] == "double" and types["events"] == "int64" and types["start"] == "int64"
    assert types["metric"] == "string" and types["counts_derived"] == "bool" and types["year"] == "int32"
    assert types["arms"].endswith("struct<name: string, n: int64, aliases: list<element: string>>>")
    footer = json.loads(table.schema.metadata[b"nettool"])
    assert footer["complete"] is True and footer["records"] == 1 and footer["figures"] == table.num_rows > 0
    assert footer["input"] == str(DEV / "01_hepatic_debulking.txt")
    # the rows are the JSON contract of the same file
    direct = [json.loads(line) for line in ok("extract", "--format", "jsonl", str(DEV / "01_hepatic_debulking.txt"))
              .stdout.splitlines()]
    rows = [{k: (dict(v) if k == "why" else v) for k, v in r.items() if k in nettool.models.FIGURE_FIELDS}
            for r in table.to_pylist()]
    assert [{k: v for k, v in r.items() if r[k] != d[k]} for r, d in zip(rows, direct)] == [{}] * len(direct)
    assert rows == direct


def test_manifest_lists_every_shard_in_input_order(dev_dataset: Path) -> None:
    manifest = json.loads((dev_dataset / MANIFEST).read_text())
    inputs = [e["input"] for e in manifest["shards"]]
    assert inputs == sorted(inputs) and len(inputs) == 22
    assert {e["status"] for e in manifest["shards"]} == {"ok"}
    assert sum(e["records"] for e in manifest["shards"]) == 24
    for e in manifest["shards"]:
        assert (dev_dataset / e["shard"]).stat().st_size == e["bytes"]


@pytest.mark.parametrize("args", ANALYSES, ids=lambda a: " ".join(a[:3]))
def test_analysing_commands_give_the_same_result_from_parquet(dev_dataset: Path, args: list[str]) -> None:
    on_abstracts = ok(*args, str(DEV))
    on_shards = ok(*args, str(dev_dataset))
    assert on_shards.stdout == on_abstracts.stdout
    assert len(on_abstracts.stdout.splitlines()) > 1


def test_a_single_shard_file_is_recognised_by_content(dev_dataset: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "figures.bin"  # the name says nothing
    shutil.copy(dev_dataset / "01_hepatic_debulking.parquet", renamed)
    assert recognise(str(renamed)) == "parquet"
    args = ["compare", "--metric", "os", "--format", "tsv"]
    assert ok(*args, str(renamed)).stdout == ok(*args, str(DEV / "01_hepatic_debulking.txt")).stdout


def test_plot_from_parquet(dev_dataset: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    ok("plot", "--metric", "cc", "-o", str(a), str(DEV))
    ok("plot", "--metric", "cc", "-o", str(b), str(dev_dataset))
    strip = lambda p: [ln for ln in p.read_text().splitlines() if "<dc:date>" not in ln and "clipPath id" not in ln]  # noqa: E731
    assert len(strip(a)) == len(strip(b)) > 50


def test_parquet_reads_only_the_metric_and_columns_asked_for(dev_dataset: Path) -> None:
    studies = list(read_studies(str(dev_dataset), "dataset", on_error=pytest.fail, metrics=["os"],
                                skip=("sentence", "group", "title")))
    figs = [f for s in studies for f in s.figures]
    assert 10 < len(studies) < 24 and all(s.figures for s in studies)  # only records with an os figure
    assert figs and {f.metric for f in figs} == {"os"}
    assert all(f.sentence == "" and f.group is None for f in figs)  # not read
    assert all(s.record.title is None and s.record.pmid is not None or s.record.doi for s in studies)
    every = list(read_studies(str(dev_dataset), "dataset", on_error=pytest.fail))
    assert len(every) == 24 and all(s.record.title for s in every)
    assert sum(len(s.figures) for s in every) > len(figs) and any(f.group for s in every for f in s.figures)


def test_a_record_without_figures_is_one_row_with_null_figure_columns(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    src = tmp_path / "in"
    src.mkdir()
    (src / "none.txt").write_text("Background. We describe the surgical technique of mesenteric dissection.\n")
    shutil.copy(DEV / "01_hepatic_debulking.txt", src / "some.txt")
    out = tmp_path / "out"
    assert scale.extract([str(src)], str(out)).records == 2
    rows = pq.read_table(out / "none.parquet").to_pylist()
    assert len(rows) == 1 and rows[0]["metric"] is None and rows[0]["value"] is None
    assert rows[0]["source"] == str(src / "none.txt") and rows[0]["record"] == 0
    for args in (["studies", "--format", "tsv"], ["summarize"], ["check", "--format", "tsv"]):
        assert ok(*args, str(out)).stdout == ok(*args, str(src)).stdout


def test_corrupt_shard_is_one_message_and_the_others_are_read(dev_dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(dev_dataset, out)
    shard = out / "01_hepatic_debulking.parquet"
    shard.write_bytes(shard.read_bytes()[:200])
    result = run("studies", "--format", "tsv", str(out))
    assert result.exit_code == 1  # some input could not be read
    assert "01_hepatic_debulking.parquet: is a corrupt or truncated Parquet file" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 1 + 23


def test_no_pyarrow_is_one_clear_line(monkeypatch, tmp_path: Path) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    result = run("extract", "--format", "parquet", "-o", str(tmp_path / "out"), str(DEV))
    assert result.exit_code == 2
    assert result.stderr == ("nettool: error: Parquet output needs pyarrow, which is not installed; "
                             "pip install 'nettool[scale]'\n")
    assert not (tmp_path / "out").exists()


def test_shards_need_an_output_folder(tmp_path: Path) -> None:
    result = run("extract", "--format", "parquet", str(DEV))
    assert result.exit_code == 2 and "give -o DIR" in result.stderr
    (tmp_path / "file").write_text("x")
    result = run("extract", "--format", "parquet", "-o", str(tmp_path / "file"), str(DEV))
    assert result.exit_code == 2 and "it is a file" in result.stderr
    result = run("extract", "--dask", "local:2", "--format", "csv", "-o", str(tmp_path / "o"), str(DEV))
    assert result.exit_code == 2 and "parquet or jsonl" in result.stderr


# ---------------------------------------------------------------- JSONL read back

def test_jsonl_output_is_read_back_by_content(tmp_path: Path) -> None:
    jsonl = tmp_path / "figures.out"
    jsonl.write_text(ok("extract", "--format", "jsonl", str(DEV)).stdout)
    assert recognise(str(jsonl)) == "jsonl"
    args = ["compare", "--metric", "os", "--format", "jsonl"]
    want = [json.loads(x) for x in ok(*args, str(DEV)).stdout.splitlines()]
    for got in ([json.loads(x) for x in ok(*args, str(jsonl)).stdout.splitlines()],
                [json.loads(x) for x in ok(*args, "-", input=jsonl.read_bytes()).stdout.splitlines()]):
        assert len(got) == len(want) > 20
        # the figure's own fields are the same; the contract has no year, arm sizes or counts_derived
        figure_keys = ("study", "pmid", "doi", "metric", "measure", "group", "condition", "value", "unit",
                       "timepoint", "low", "high", "events", "total", "p_value", "source")
        assert [{k: r[k] for k in figure_keys} for r in got] == [{k: r[k] for k in figure_keys} for r in want]


def test_a_bad_jsonl_line_is_reported_and_skipped(tmp_path: Path) -> None:
    lines = ok("extract", "--format", "jsonl", str(DEV / "01_hepatic_debulking.txt")).stdout.splitlines()
    bad = tmp_path / "f.jsonl"
    bad.write_text("\n".join([lines[0], '{"source": "x"}', *lines[1:]]) + "\n")
    result = run("compare", "--metric", "os", "--format", "jsonl", str(bad))
    assert result.exit_code == 1  # one line could not be read; the others are
    assert f"{bad}:2: is not a nettool figure line" in result.stderr
    good = tmp_path / "g.jsonl"
    good.write_text("\n".join(lines) + "\n")
    assert result.stdout == ok("compare", "--metric", "os", "--format", "jsonl", str(good)).stdout


# ---------------------------------------------------------------- resume and failures

def test_resume_after_a_stop_gives_the_same_dataset(dev_dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    seen: list[str] = []

    def stop_after_five(res: dict) -> None:
        seen.append(res["shard"])
        if len(seen) == 5:
            raise KeyboardInterrupt  # what Ctrl-C (or a killed driver) does between two files

    with pytest.raises(KeyboardInterrupt):
        scale.extract([str(DEV)], str(out), on_result=stop_after_five)
    assert len(shard_names(out)) == 5
    # a driver killed after a rename but before the manifest was saved: the footer proves the shard whole
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["shards"] = [e for e in manifest["shards"] if e["shard"] != seen[4]]
    (out / MANIFEST).write_text(json.dumps(manifest))
    # a torn shard of a killed task (no footer) is not taken as complete
    torn = out / "23_g3_liver_resection.parquet"
    torn.write_bytes(b"PAR1 torn")
    (out / "24_transplant_vs_resection.parquet.tmp-0123456789ab").write_bytes(b"PAR1 half")  # killed mid-write

    again = scale.extract([str(DEV)], str(out))
    assert again.skipped == 5 and again.written == 17 and not again.failed
    assert shard_names(out) == shard_names(dev_dataset)  # and the leftover temporary file is gone
    assert dataset_figures(out) == dataset_figures(dev_dataset)
    third = scale.extract([str(DEV)], str(out))
    assert third.skipped == 22 and third.written == 0 and third.records == 24


def test_a_changed_input_is_extracted_again(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEV / "01_hepatic_debulking.txt", src / "a.txt")
    shutil.copy(DEV / "02_mesenteric_palliation.txt", src / "b.txt")
    out = tmp_path / "out"
    assert scale.extract([str(src)], str(out)).written == 2
    (src / "b.txt").write_text((DEV / "03_pnet_liver_resection.txt").read_text())
    again = scale.extract([str(src)], str(out))
    assert (again.skipped, again.written) == (1, 1)
    pmids = {s.record.pmid for s in read_studies(str(out), "dataset", on_error=pytest.fail)}
    assert pmids == {"99000001", "99000003"}


def test_a_failed_file_is_reported_and_the_others_are_written(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    gz_xml(src / "pubmed01.xml.gz", 20, 90_000_000)
    gz_xml(src / "pubmed02.xml.gz", 20, 90_000_100)
    good = (src / "pubmed02.xml.gz").read_bytes()
    (src / "pubmed02.xml.gz").write_bytes(good[: len(good) // 2])  # truncated download
    (src / "pubmed03.xml.gz").write_bytes(b"%PDF-1.4 not an export")
    gz_xml(src / "pubmed04.xml.gz", 20, 90_000_200)
    out = tmp_path / "out"
    result = run("extract", "--format", "parquet", "-o", str(out), str(src))
    assert result.exit_code == 1, result.stderr  # some input could not be read; the rest is written
    assert "Traceback" not in result.stderr
    warn = [ln for ln in result.stderr.splitlines() if ln.startswith("nettool: warning: ")]
    assert len(warn) == 2
    assert f"{src / 'pubmed02.xml.gz'}: is a corrupt or truncated compressed file" in warn[0]
    assert f"{src / 'pubmed03.xml.gz'}: is a PDF" in warn[1]
    assert "4 files (2 written, 0 already complete, 2 failed); 40 records" in result.stderr
    assert shard_names(out) == ["pubmed01.parquet", "pubmed04.parquet"]
    manifest = {e["shard"]: e for e in json.loads((out / MANIFEST).read_text())["shards"]}
    assert manifest["pubmed02.parquet"]["status"] == "failed"
    assert "truncated" in manifest["pubmed02.parquet"]["error"]
    # an analysis of the dataset says which input is missing
    studies = run("studies", "--format", "tsv", str(out))
    assert studies.exit_code == 1 and len(studies.stdout.splitlines()) == 41
    assert f"{src / 'pubmed02.xml.gz'}: is missing from {out}: its extraction failed" in studies.stderr
    # fixed, the re-run extracts only the failed files
    gz_xml(src / "pubmed02.xml.gz", 20, 90_000_100)
    (src / "pubmed03.xml.gz").unlink()
    again = scale.extract([str(src)], str(out))
    assert (again.skipped, again.written, len(again.failed)) == (2, 1, 0)


def test_every_file_failing_is_exit_1(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    result = run("extract", "--format", "parquet", "-o", str(tmp_path / "out"), str(tmp_path / "a.pdf"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("nettool: error: ")


def test_jsonl_shards(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = scale.extract([str(DEV)], str(out), fmt="jsonl")
    assert res.written == 22 and all(n.endswith(".jsonl") for n in shard_names(out))
    lines = sorted(ln for n in shard_names(out) for ln in (out / n).read_text().splitlines())
    direct = sorted(ok("extract", "--format", "jsonl", str(DEV)).stdout.splitlines())
    assert lines == direct
    assert scale.extract([str(DEV)], str(out), fmt="jsonl").skipped == 22


def test_same_file_names_in_two_folders_get_two_shards(tmp_path: Path) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        shutil.copy(DEV / "01_hepatic_debulking.txt", tmp_path / sub / "a.txt")
    tasks = scale.plan([str(tmp_path / "x"), str(tmp_path / "y")], "parquet", pytest.fail)
    assert tasks[0].shard == "a.parquet" and tasks[1].shard.startswith("a-") and tasks[1].shard.endswith(".parquet")


def test_stdin_cannot_be_sharded(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not stdin"):
        scale.extract(["-"], str(tmp_path / "out"))
    with pytest.raises(InputError, match="no such file"):
        scale.extract([str(tmp_path / "missing.xml")], str(tmp_path / "out"))


# ---------------------------------------------------------------- Dask

def test_api_and_task_are_picklable() -> None:
    for fn in (nettool.load, nettool.extract, scale.extract_file):
        assert pickle.loads(pickle.dumps(fn)) is fn


def test_two_worker_local_cluster_writes_the_same_shards(dev_dataset: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        gz_xml(src / f"pubmed{i:02d}.xml.gz", 30, 90_000_000 + 100 * i)
    shutil.copytree(DEV, src / "dev")
    serial = scale.extract([str(src)], str(tmp_path / "serial"))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        result = scale.extract([str(src)], str(tmp_path / "dask"), client)
        workers = {r["worker"] for r in result.results}
    assert result.written == 25 and not result.failed and result.records == 90 + 24
    assert (result.records, result.figures) == (serial.records, serial.figures)
    assert shard_names(tmp_path / "dask") == shard_names(tmp_path / "serial")
    assert dataset_figures(tmp_path / "dask") == dataset_figures(tmp_path / "serial")
    assert workers  # every result says where it ran
    args = ["compare", "--metric", "os", "--format", "tsv"]
    assert ok(*args, str(tmp_path / "dask")).stdout == ok(*args, str(src)).stdout


def test_dask_address_that_cannot_be_reached(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    result = run("extract", "--dask", "local:0", "-o", str(tmp_path / "o"), str(DEV))
    assert result.exit_code == 2 and "local:N with N >= 1" in result.stderr


def test_cli_with_a_local_dask_cluster(tmp_path: Path, dev_dataset: Path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    result = ok("extract", "--dask", "local:2", "-o", str(out), str(DEV))
    assert "nettool: Dask scheduler tcp://" in result.stderr
    assert "22 files (22 written, 0 already complete, 0 failed); 24 records" in result.stderr
    assert dataset_figures(out) == dataset_figures(dev_dataset)
    assert os.path.getsize(out / MANIFEST) > 0


def test_cli_with_a_scheduler_address(tmp_path: Path, dev_dataset: Path) -> None:
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        result = ok("extract", "--dask", cluster.scheduler_address, "-o", str(out), str(DEV / "01_hepatic_debulking.txt"),
                    str(DEV / "19_extrahepatic_disease.xml"))
    assert f"nettool: Dask scheduler {cluster.scheduler_address}" in result.stderr
    assert "2 files (2 written, 0 already complete, 0 failed)" in result.stderr
    assert shard_names(out) == ["01_hepatic_debulking.parquet", "19_extrahepatic_disease.parquet"]


def test_jobs_run_the_files_in_a_process_pool(tmp_path: Path, dev_dataset: Path) -> None:
    out = tmp_path / "out"
    result = ok("extract", "--format", "parquet", "-j", "2", "-o", str(out), str(DEV))
    assert "22 files (22 written" in result.stderr
    assert dataset_figures(out) == dataset_figures(dev_dataset)
    assert json.loads((out / MANIFEST).read_text())["shards"][0]["input"] == str(DEV / "01_hepatic_debulking.txt")


def test_a_damaged_manifest_is_rebuilt_from_the_footers(tmp_path: Path, dev_dataset: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(dev_dataset, out)
    (out / MANIFEST).write_text("{not json")
    result = run("studies", str(out))
    assert result.exit_code == 1 and "_manifest.json: is not a readable nettool manifest" in result.stderr
    again = scale.extract([str(DEV)], str(out))
    assert again.skipped == 22 and again.written == 0
    assert dataset_figures(out) == dataset_figures(dev_dataset)


def test_extract_turns_a_dataset_back_into_jsonl(dev_dataset: Path) -> None:
    args = ["extract", "--format", "jsonl"]
    assert ok(*args, str(dev_dataset)).stdout == ok(*args, str(DEV)).stdout


def test_a_killed_run_resumes_to_the_same_dataset(tmp_path: Path) -> None:
    """SIGKILL a real `nettool extract --format parquet` after a few shards, run it again: the same dataset."""
    import signal
    import subprocess
    import sys
    import time

    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        gz_xml(src / f"pubmed{i:02d}.xml.gz", 80, 90_000_000 + 1000 * i)
    cmd = [sys.executable, "-m", "nettool", "extract", "--format", "parquet", "--quiet"]
    out = tmp_path / "out"
    proc = subprocess.Popen([*cmd, "-o", str(out), str(src)], stderr=subprocess.PIPE)
    done: list = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            done = [e for e in json.loads((out / MANIFEST).read_text())["shards"] if e["status"] == "ok"]
        except (OSError, ValueError, KeyError):
            done = []
        if len(done) >= 2:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 2 <= len(done) < 6
    again = subprocess.run([*cmd, "-o", str(out), str(src)], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert scale.extract([str(src)], str(tmp_path / "whole")).written == 6
    assert shard_names(out) == shard_names(tmp_path / "whole") and len(shard_names(out)) == 6
    assert not [p for p in out.iterdir() if ".tmp-" in p.name]  # the killed task's temporary file is gone
    assert dataset_figures(out) == dataset_figures(tmp_path / "whole")
    manifest = json.loads((out / MANIFEST).read_text())["shards"]
    assert [e["shard"] for e in manifest] == shard_names(tmp_path / "whole")


def test_duplicates_across_shards_are_merged_as_on_the_abstracts(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEV / "01_hepatic_debulking.txt", src / "a.txt")
    shutil.copy(DEV / "01_hepatic_debulking.txt", src / "b_copy.txt")  # the same PMID in two files
    shutil.copy(DEV / "19_extrahepatic_disease.xml", src / "c.xml")
    out = tmp_path / "out"
    assert scale.extract([str(src)], str(out)).records == 3  # shards are per file: no merging there
    for args in (["studies", "--format", "tsv"], ["compare", "--metric", "os", "--format", "tsv"]):
        on_abstracts, on_shards = ok(*args, str(src)), ok(*args, str(out))
        assert on_shards.stdout == on_abstracts.stdout
        assert "merged 1 duplicate record(s)" in on_shards.stderr and "merged 1 duplicate" in on_abstracts.stderr
    assert len(ok("studies", "--format", "tsv", str(out)).stdout.splitlines()) == 1 + 2
