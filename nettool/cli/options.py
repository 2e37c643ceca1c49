"""Options shared by every command, defined once as ``Annotated`` aliases.

A command declares ``fmt: FormatOpt = None, output: OutputOpt = None, quiet:
QuietOpt = False`` and gets the same spelling, help and validation as every
other command.
"""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer


from nettool.render import TABLE_FORMATS

# Output formats of the table commands (extract, compare, studies, ...): built from the renderer's
# one list, so a format added there appears in every command.
Format = Enum("Format", [(name, name) for name in TABLE_FORMATS], type=str)  # type: ignore[misc]
FORMATS: tuple[str, ...] = TABLE_FORMATS
SUMMARY_FORMATS: tuple[str, ...] = ("text",) + TABLE_FORMATS


# Output formats of `summarize`: ``text`` plus every table format, in that order.
SummaryFormat = Enum("SummaryFormat", [(name, name) for name in SUMMARY_FORMATS], type=str)  # type: ignore[misc]


PathsArg = Annotated[
    Optional[list[str]],
    typer.Argument(metavar="PATH", show_default=False,
                   help="Files or folders of abstracts (PubMed text, MEDLINE/.nbib, PubMed XML, RIS, CSV/TSV, "
                        "BibTeX, CSL-JSON, EndNote XML, Web of Science; .gz too); '-' reads stdin. Default: stdin "
                        "when it is a pipe or a file, else the seed abstracts shipped with nettool."),
]

FormatOpt = Annotated[
    Optional[Format],
    typer.Option("--format", "-f", show_default=False, case_sensitive=False,
                 help="Output format. Default: a table on a terminal, TSV when piped or with -o "
                      "(or the format named by the -o file's extension)."),
]

SummaryFormatOpt = Annotated[
    Optional[SummaryFormat],
    typer.Option("--format", "-f", show_default=False, case_sensitive=False,
                 help="Output format. Default: text (styled on a terminal, plain when piped)."),
]

OutputOpt = Annotated[
    Optional[str],
    typer.Option("--output", "-o", metavar="FILE", show_default=False,
                 help="Write to FILE instead of stdout (atomically: a failed run leaves an existing FILE as it was)."),
]

QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No progress bar and no warnings on stderr (errors are still shown)."),
]

JobsOpt = Annotated[
    int,
    typer.Option("--jobs", "-j", min=0, metavar="N",
                 help="Extract with N worker processes (0: one per CPU). Output order does not change."),
]

FullTextOpt = Annotated[
    bool,
    typer.Option("--full-text", help="Read figures from the body of full-text articles too (PMC texts), "
                                     "not only from their abstract."),
]
