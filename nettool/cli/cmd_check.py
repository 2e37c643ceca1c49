"""`nettool check`: consistency checks on the figures of each abstract."""
from __future__ import annotations

import sys
from typing import Annotated

import typer

from nettool.cli._app import app, debug_enabled
from nettool.cli._output import open_output, resolve_format, to_terminal
from nettool.cli._run import Pipeline
from nettool.cli.options import FORMATS, FormatOpt, FullTextOpt, JobsOpt, OutputOpt, PathsArg, QuietOpt

@app.command()
def check(
    paths: PathsArg = None, fmt: FormatOpt = None, output: OutputOpt = None,
    quiet: QuietOpt = False, jobs: JobsOpt = 1, full_text: FullTextOpt = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when any check fails.")] = False,
    problems: Annotated[bool, typer.Option("--problems", help="Show only warn and fail rows.")] = False,
) -> None:
    """One row per check: source, pmid, check, status (ok|warn|fail), message, sentence.

    Checks only what the text states or lets one derive (the message says which):
    percent-count (a percent must be a whole count of its denominator, GRIM),
    p-value (two arms' events/total -> Fisher and chi-square p vs the printed p),
    hr-ci-p (Wald p from an HR and its 95% CI vs the printed p), impossible
    (percent > 100, estimate outside its interval, low > high, arms above the total).
    A fail survives every allowance for rounding; borderline cases are warn.
    See docs/analysis.md.

    \b
    Examples:
      nettool check seeds/
      nettool check corpus/ --problems --format jsonl
      nettool check paper.txt --strict || echo "inconsistent figures"
    """
    from nettool.analyze.checks import checks_table
    from nettool.extract import study_of
    from nettool.render import render_table

    fmt_name = resolve_format(fmt, output, human="table", machine="tsv", allowed=FORMATS)
    tally: dict[str, int] = {}
    with open_output(output) as out, Pipeline(paths, quiet=quiet, jobs=jobs, debug=debug_enabled(),
                                                    full_text=full_text) as run:
        render_table(checks_table(run.map(study_of), problems_only=problems, tally=tally), fmt_name, out,
                     terminal=to_terminal(output))
    if strict and tally.get("fail"):
        print(f"nettool: {tally['fail']} check{'s' if tally['fail'] != 1 else ''} failed "
              f"({tally.get('warn', 0)} warn, {tally.get('ok', 0)} ok)", file=sys.stderr)
        raise typer.Exit(1)
