#!/usr/bin/env bash
# Refresh Debian's package lists once for the setup scripts after this one.
command -v apt-get >/dev/null || { echo "ci: no apt-get here"; exit 0; }
apt-get update -qq
