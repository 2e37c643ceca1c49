#!/usr/bin/env bash
# R and metafor from Debian, for tests/test_r_parity.py (nettool pool vs metafor's escalc/rma/predict).
# Idempotent; never fails the CI run: without them the parity test skips and says why.
if command -v Rscript >/dev/null && Rscript -e 'quit(status = !requireNamespace("metafor", quietly = TRUE))' >/dev/null 2>&1; then
    echo "ci: R and metafor already installed"
    exit 0
fi
command -v apt-get >/dev/null || { echo "ci: no apt-get here; R parity tests will skip"; exit 0; }
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends r-base-core r-cran-metafor >/dev/null \
    || { echo "ci: could not install r-base-core r-cran-metafor; R parity tests will skip"; exit 0; }
