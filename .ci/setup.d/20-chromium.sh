#!/usr/bin/env bash
# Headless Chromium and its driver from Debian, for tests/test_report_browser.py
# (Selenium drives /usr/bin/chromedriver; it never downloads a driver). Idempotent;
# never fails the run: without the browser those tests skip and say why.
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "ci: chromium and chromedriver already installed"
    exit 0
fi
command -v apt-get >/dev/null || { echo "ci: no apt-get here; browser tests will skip"; exit 0; }
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null \
    || { echo "ci: could not install chromium chromium-driver; browser tests will skip"; exit 0; }
echo "ci: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
