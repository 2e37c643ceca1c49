#!/usr/bin/env bash
# Refresh the example outputs pasted in README.md: every block that follows a
# `<!-- run: COMMAND -->` line is replaced by "$ COMMAND" and that command's real
# output (stdout and stderr), run from the repository root with the nettool of
# .venv (or of PATH).  Review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
python3 - "$@" <<'PY'
import re
import subprocess
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "README.md"
text = open(path, encoding="utf-8").read()
block = re.compile(r"(<!-- run: (?P<cmd>.*?) -->\n```[a-z]*\n)(?P<body>.*?)(```)", re.S)


def run(match: re.Match) -> str:
    cmd = match.group("cmd")
    out = subprocess.run(["bash", "-c", cmd], capture_output=False, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, env=None).stdout
    print(f"ran: {cmd}", file=sys.stderr)
    return f"{match.group(1)}$ {cmd}\n{out}{'' if out.endswith(chr(10)) or not out else chr(10)}```"


new = block.sub(run, text)
with open(path, "w", encoding="utf-8") as fh:
    fh.write(new)
PY
