"""`nettool studies`: one row per record with its metadata and figure count."""
from __future__ import annotations

from typing import Iterable, Iterator

from nettool.analyze import Table
from nettool.models import Arm, Study

COLUMNS: tuple[str, ...] = (
    "study", "pmid", "doi", "title", "journal", "year", "kind", "design", "setting", "period", "n", "arms", "figures",
    "source",
)

HUMAN: tuple[tuple[str, str], ...] = (
    ("Study", "study"), ("Year", "year"), ("Journal", "journal"), ("Kind", "kind"), ("Design", "design"), ("Setting", "setting"),
    ("Period", "period"), ("n", "n"), ("Arms", "arms"), ("Figures", "figures"), ("Title", "title"),
)


def fmt_arms(arms: list[Arm]) -> str:
    """ "isolated liver metastases (n=211); liver and peritoneal metastases (n=50)" """
    return "; ".join(f"{a.name} (n={a.n})" if a.n is not None else a.name for a in arms)


def studies_rows(studies: Iterable[Study]) -> Iterator[dict]:
    for study in studies:
        rec = study.record
        yield {
            "study": rec.label,
            "pmid": rec.pmid,
            "doi": rec.doi,
            "title": rec.title,
            "journal": rec.journal,
            "year": rec.year,
            "kind": study.kind,
            "design": study.design,
            "setting": study.setting,
            "period": study.period,
            "n": study.n_total,
            "arms": fmt_arms(study.arms) or None,
            "figures": len(study.figures),
            "source": "; ".join([rec.source] + rec.merged),  # every input a merged duplicate was read from
        }


def studies_table(studies: Iterable[Study]) -> Table:
    return Table(columns=COLUMNS, rows=studies_rows(studies), human=HUMAN, title="studies")
