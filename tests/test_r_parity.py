"""`nettool pool` against R's metafor, for real: Rscript reads the CSV that `nettool compare --format csv`
writes, keeps the rows it marks ``pooled`` in the comparable group `nettool pool` pooled (``pool_group``)
and runs ``escalc(measure = "PLO")``, ``rma()`` and
``predict()``; estimate, CI, tau², I², Q and the prediction interval must agree with `nettool pool
--format json` to 1e-4 on the logit scale, for DL and REML (and Hartung-Knapp), on several data sets.

Needs R with metafor (Debian: r-base-core r-cran-metafor; CI installs them in .ci/setup.d/10-r-metafor.sh).
Skips, saying so, only where Rscript or metafor is not available.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nettool.cli import app

DATA = Path(__file__).parent / "data"


def _have_metafor() -> str | None:
    if shutil.which("Rscript") is None:
        return "Rscript is not installed (apt-get install r-base-core r-cran-metafor)"
    res = subprocess.run(["Rscript", "-e", 'quit(status = !requireNamespace("metafor", quietly = TRUE))'],
                         capture_output=True, timeout=120)
    return None if res.returncode == 0 else "R package metafor is not installed (apt-get install r-cran-metafor)"


_WHY = _have_metafor()
pytestmark = pytest.mark.skipif(_WHY is not None, reason=f"R parity not checked: {_WHY or ''}")

R_SCRIPT = r"""
suppressPackageStartupMessages(library(metafor))
jobs <- read.delim(commandArgs(trailingOnly = TRUE)[1], stringsAsFactors = FALSE, header = FALSE,
                   col.names = c("id", "csv", "method", "test", "group"))
for (j in seq_len(nrow(jobs))) {
  job <- jobs[j, ]
  d <- read.csv(job$csv, stringsAsFactors = FALSE)
  # the rows nettool pools, of the comparable group it pooled ("timepoint=none, severity=major")
  d <- d[as.character(d$pooled) %in% c("true", "TRUE") & d$pool_group == job$group, ]
  dat <- escalc(measure = "PLO", xi = events, ni = total, data = d)
  # REML to a tight tolerance (metafor stops at a change below 1e-5 by default; nettool at 1e-10)
  res <- rma(yi, vi, data = dat, method = toupper(job$method), test = job$test,
             control = list(threshold = 1e-10, maxiter = 1000))
  p <- predict(res)
  out <- c(k = res$k, estimate = as.numeric(res$b), se = res$se, low = res$ci.lb, high = res$ci.ub,
           tau2 = res$tau2, i2 = res$I2, q = res$QE, pi_low = p$pi.lb, pi_high = p$pi.ub)
  cat(paste(job$id, names(out), sprintf("%.12g", out), sep = "\t"), sep = "\n")
}
"""

# (data set, metric, selection options): each a comparable pool of several studies
CASES = [
    ("dev", "cc", ()),
    ("dev", "mortality", ("--timepoint", "90d")),
    ("dev", "mortality", ("--timepoint", "30d")),
    ("dev", "morbidity", ("--timepoint", "none", "--severity", "major")),
    ("dev", "recurrence", ("--timepoint", "none")),
    ("analysis", "cc", ()),
    ("real-dev/tune", "mortality", ()),
]
RUNS = [(case, method, False) for case in CASES for method in ("dl", "reml")] + \
       [(case, "reml", True) for case in CASES[:3]] + [(CASES[0], "dl", True)]


def _nettool(*args: str) -> str:
    res = CliRunner().invoke(app, list(args))
    assert res.exit_code == 0, res.stderr
    return res.stdout


@pytest.fixture(scope="module")
def parity(tmp_path_factory):
    """Every run through nettool (pool JSON; compare CSV), then all through one Rscript."""
    tmp = tmp_path_factory.mktemp("parity")
    csvs: dict[tuple[str, str], Path] = {}
    ours: dict[int, dict] = {}
    jobs = []
    for i, ((folder, metric, options), method, knha) in enumerate(RUNS):
        path = str(DATA / folder)
        args = ["pool", "-m", metric, "--method", method, "--format", "json", *options, path]
        if knha:
            args.insert(1, "--knha")
        ours[i] = json.loads(_nettool(*args))["pooled"]
        if (folder, metric) not in csvs:
            csvs[folder, metric] = tmp / f"{folder.replace('/', '_')}-{metric}.csv"
            _nettool("compare", "-m", metric, "--format", "csv", "-o", str(csvs[folder, metric]), path)
        jobs.append(f"{i}\t{csvs[folder, metric]}\t{method}\t{'knha' if knha else 'z'}\t{ours[i]['group']}")
    (tmp / "jobs.tsv").write_text("\n".join(jobs) + "\n", encoding="utf-8")
    (tmp / "parity.R").write_text(R_SCRIPT, encoding="utf-8")
    res = subprocess.run(["Rscript", str(tmp / "parity.R"), str(tmp / "jobs.tsv")], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    theirs: dict[int, dict[str, float]] = {}
    for line in res.stdout.splitlines():
        i, key, value = line.split("\t")
        theirs.setdefault(int(i), {})[key] = float(value)
    return ours, theirs


@pytest.mark.parametrize("i", range(len(RUNS)),
                         ids=[f"{f}-{m}{''.join(o)}-{meth}{'-knha' if k else ''}" for (f, m, o), meth, k in RUNS])
def test_pool_matches_metafor(parity, i):
    ours, theirs = parity
    pooled, r = ours[i], theirs[i]
    assert pooled["k"] >= 3 and int(r["k"]) == pooled["k"]
    mine = {"estimate": pooled["logit"], "se": pooled["logit_se"], "low": pooled["logit_low"],
            "high": pooled["logit_high"], "tau2": pooled["tau2"], "i2": pooled["i2"], "q": pooled["q"],
            "pi_low": pooled["logit_pi_low"], "pi_high": pooled["logit_pi_high"]}
    for key, value in mine.items():
        assert value == pytest.approx(r[key], abs=1e-4), (key, value, r[key])
