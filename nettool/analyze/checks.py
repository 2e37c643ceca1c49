"""Consistency checks on the figures of an abstract.

Each check only uses what the text states or lets one derive unambiguously, and its
message says which (counts "stated" in the text or "derived" from percent x a stated
size). The checks are conservative: ``fail`` is kept for contradictions that survive
every allowance for rounding; borderline cases are ``warn``.

Checks (the ``check`` column):

* ``percent-count`` -- a percent against its count: "25 of 30 (86%)" fails (83.3%);
  a percent times a stated size must give a whole count within rounding (GRIM).
* ``p-value`` -- two arms with events/total and one p: Fisher's exact and chi-square
  (with and without Yates) p over every event count the printed percents allow; a
  reported p that no test supports is flagged.
* ``hr-ci-p`` -- the Wald p implied by an HR and its 95% CI against the reported p.
* ``impossible`` -- percent > 100 or < 0, an estimate outside its interval, low > high,
  a non-positive ratio, events above total, an arm larger than the study.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from nettool.analyze.pool import (
    PROPORTION_METRICS, Z95, arm_size, chi2_sf, count_candidates, counts_of, norm_sf, printed_decimals,
)
from nettool.models import Figure, Study

CHECK_FIELDS: tuple[str, ...] = ("source", "pmid", "check", "status", "message", "sentence")
STATUSES: tuple[str, ...] = ("ok", "warn", "fail")


@dataclass(slots=True)
class CheckRow:
    """One check of one figure (or pair of figures)."""

    source: str
    pmid: str | None
    check: str
    status: str  # ok | warn | fail
    message: str
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CHECK_FIELDS}


# --------------------------------------------------------------------------- 2x2 tests
def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher exact p of the table [[a, b], [c, d]], as R's fisher.test and
    scipy: the sum of hypergeometric probabilities <= P(observed) * (1 + 1e-7)."""
    if min(a, b, c, d) < 0:
        raise ValueError("counts must be non-negative")
    r1, r2, c1 = a + b, c + d, a + c
    n = r1 + r2
    lo, hi = max(0, c1 - r2), min(r1, c1)
    denom = _log_choose(n, c1)

    def prob(x: int) -> float:
        return math.exp(_log_choose(r1, x) + _log_choose(r2, c1 - x) - denom)

    observed = prob(a)
    p = sum(px for px in (prob(x) for x in range(lo, hi + 1)) if px <= observed * (1 + 1e-7))
    return min(1.0, p)


def chi_square(a: int, b: int, c: int, d: int, yates: bool = False) -> float | None:
    """Pearson chi-square p of a 2x2 table (df 1); ``yates`` as R's chisq.test(correct=TRUE)
    and scipy: |O - E| reduced by min(0.5, |O - E|). None when a margin is 0."""
    r1, r2, c1, c2 = a + b, c + d, a + c, b + d
    n = r1 + r2
    if 0 in (r1, r2, c1, c2):
        return None
    dev = abs(a * d - b * c) / n  # |O - E|, equal in every cell of a 2x2 table
    if yates:
        dev -= min(0.5, dev)
    stat = dev * dev * n ** 3 / (r1 * r2 * c1 * c2)  # sum over cells of dev² / E
    return chi2_sf(stat, 1)


def two_by_two_pvalues(e1: int, n1: int, e2: int, n2: int) -> dict[str, float]:
    """Fisher, chi-square and Yates p for events e1/n1 vs e2/n2."""
    a, b, c, d = e1, n1 - e1, e2, n2 - e2
    out = {"fisher": fisher_exact(a, b, c, d)}
    for name, yates in (("chi2", False), ("yates", True)):
        p = chi_square(a, b, c, d, yates)
        if p is not None:
            out[name] = p
    return out


# --------------------------------------------------------------------------- reported p
_P_RE = re.compile(r"\bp\s*(?:-?\s*value\s*)?(<=|>=|≤|≥|<|>|=)\s*(0?[.·]\d+|\d+(?:\.\d+)?(?:\s*[x×]\s*10\s*[-−–]\s*\d+)?)",
                   re.IGNORECASE)


def p_statements(sentence: str) -> int:
    """How many p-values a sentence prints."""
    return sum(1 for _ in _P_RE.finditer(sentence or ""))


def reported_p(figure: Figure) -> tuple[str, int]:
    """The comparator ("=", "<", ">") and printed decimals of a figure's p in its sentence
    (the matching p nearest after the figure's surface, else the first matching one).
    The extractor's ``p_bound``/``p_text`` when it kept them."""
    p = figure.p_value
    if p is not None and figure.p_bound and figure.p_text and "×" not in figure.p_text:
        comp = {"<=": "<", ">=": ">"}.get(figure.p_bound, figure.p_bound)
        num = figure.p_text.lstrip("p<>=")
        return comp, len(num.split(".")[1]) if "." in num else 0
    sentence = figure.sentence or ""
    at = sentence.find(figure.surface) if figure.surface else -1
    matches = list(_P_RE.finditer(sentence))
    if at >= 0:
        matches.sort(key=lambda m: (m.start() < at, abs(m.start() - at)))
    for m in matches:
        text = m.group(2).replace("·", ".")
        try:
            value = float(text)
        except ValueError:
            continue
        if p is not None and abs(value - p) < 1e-12:
            comp = {"≤": "<", "<=": "<", "≥": ">", ">=": ">"}.get(m.group(1), m.group(1))
            decimals = len(text.split(".")[1]) if "." in text else 0
            return comp, decimals
    text = repr(float(p)) if p is not None else "0"
    return "=", len(text.split(".")[1].rstrip("0")) if "." in text else 0


def p_supported(computed: float, reported: float, comparator: str, decimals: int) -> bool:
    """Whether a computed p agrees with the printed one, allowing for its rounding."""
    if comparator == "<":
        return computed < reported * (1 + 1e-9) + 1e-12
    if comparator == ">":
        return computed > reported * (1 - 1e-9) - 1e-12
    half = 0.5 * 10.0 ** (-decimals)
    return abs(computed - reported) <= half * (1 + 1e-6)


# --------------------------------------------------------------------------- the checks
def check_study(study: Study) -> list[CheckRow]:
    """Every check that the figures of one study allow."""
    rows: list[CheckRow] = []
    rows.extend(_impossible_study(study))
    for f in study.figures:
        rows.extend(_impossible(f, study))
        rows.extend(_percent_count(f, study))
        if f.measure == "hr":
            rows.extend(_hr_ci_p(f, study))
    rows.extend(_p_values(study))
    return rows


def check_studies(studies: Iterable[Study]) -> Iterator[CheckRow]:
    for study in studies:
        yield from check_study(study)


def _row(f: Figure | None, study: Study, check: str, status: str, message: str) -> CheckRow:
    rec = study.record
    return CheckRow(
        source=(f.source if f is not None and f.source else rec.source),
        pmid=(f.pmid if f is not None and f.pmid else rec.pmid),
        check=check, status=status, message=message, sentence=(f.sentence if f is not None else ""),
    )


def _n(x: float) -> str:
    from nettool.analyze import fmt_number

    return fmt_number(x)


def _what(f: Figure) -> str:
    bits = [f.metric]
    if f.measure != "rate":
        bits.append(f.measure)
    if f.timepoint:
        bits.append(f.timepoint)
    if f.group:
        bits.append(f"[{f.group}]")
    return " ".join(bits)


def _impossible(f: Figure, study: Study) -> list[CheckRow]:
    out: list[CheckRow] = []
    what = _what(f)
    problems: list[str] = []
    if f.unit == "percent" and f.value > 100:
        problems.append(f"{what} {_n(f.value)}% is above 100%")
    if f.value < 0 and f.measure != "hr":
        problems.append(f"{what} {_n(f.value)} is negative")
    interval_problems: list[str] = []
    if f.unit == "percent" and any(x is not None and (x < 0 or x > 100) for x in (f.low, f.high)):
        interval_problems.append(f"{what} interval {_n(f.low or 0)}-{_n(f.high or 0)}% leaves 0-100%")
    if f.measure == "hr" and (f.value <= 0 or any(x is not None and x <= 0 for x in (f.low, f.high))):
        problems.append(f"{what}: a hazard ratio and its limits must be positive")
    if f.low is not None and f.high is not None:
        if f.low > f.high:
            interval_problems.append(f"{what}: lower limit {_n(f.low)} is above upper limit {_n(f.high)}")
        elif f.bound == "=" and not (f.low <= f.value <= f.high):
            interval_problems.append(f"{what} {_n(f.value)} lies outside its interval {_n(f.low)}-{_n(f.high)}")
    if f.events is not None and f.total is not None and not f.counts_derived:
        if f.events > f.total:
            problems.append(f"{what}: {f.events} events out of {f.total}")
    if f.total and study.n_total and f.total > study.n_total:
        problems.append(f"{what}: denominator {f.total} is above the study's {study.n_total} patients")
    for p in problems:
        out.append(_row(f, study, "impossible", "fail", p))
    if interval_problems:
        adjacent, why = interval_adjacent(f)
        for p in interval_problems:
            out.append(_row(f, study, "impossible", "fail" if adjacent else "warn",
                            p if adjacent else f"{p}; {why}"))
    if f.low is not None or f.high is not None or f.unit == "percent" or f.measure == "hr":
        if not problems and not interval_problems:
            out.append(_row(f, study, "impossible", "ok", f"{what} {_n(f.value)}: within range"
                            + (f" and inside {_n(f.low)}-{_n(f.high)}" if f.low is not None and f.high is not None
                               else "")))
    return out


_OTHER_STAT = re.compile(r"\b(?:OR|RR|HR|IRR|aOR|aHR|odds|hazard|risk|ratio|difference|reduction|increase)\b|±|\+/-",
                         re.IGNORECASE)
_SD_BEFORE = re.compile(r"(?:±|\+/-|\bSD\b|\bSE\b)\s*$", re.IGNORECASE)


def _find_number(text: str, x: float) -> int | None:
    """Offset of the first printed number in ``text`` equal to ``x`` ("·" or "," decimals, unicode minus)."""
    norm = text.replace("·", ".").replace("−", "-").replace("–", " ").replace("—", " ")
    for m in re.finditer(r"(?<![\d.])-?\d+(?:[.,]\d+)?", norm):  # "0.6-0.9": the dash is no minus
        try:
            if abs(float(m.group().replace(",", ".")) - x) < 1e-9:
                return m.start()
        except ValueError:  # pragma: no cover
            continue
    return None


def interval_adjacent(f: Figure, window: int = 60) -> tuple[bool, str]:
    """Whether the figure's interval is printed right after its value in the sentence, with
    no other statistic (OR, HR, difference, ±SD ...) in between: only then is an impossible
    interval the paper's, not an extraction that joined two statistics."""
    sentence = f.sentence or ""
    surface = (f.surface or "").strip()
    at = sentence.find(surface) if surface else -1
    if at < 0 or sentence.find(surface, at + 1) >= 0:
        return False, "the interval may belong to another statistic (value not located once in the sentence)"
    before = sentence[max(0, at - 8):at]
    after = sentence[at + len(surface):at + len(surface) + window]
    if _SD_BEFORE.search(before):
        return False, "the value looks like an SD (±), not the estimate"
    clause = re.split(r"[(;,\[]", sentence[max(0, at - 80):at])[-1]  # the words that introduce the value
    if _OTHER_STAT.search(clause):
        return False, "the value looks like a difference or ratio, not the estimate"
    if re.match(r"\s*(?:CI|confidence)", after, re.IGNORECASE):
        return False, "the value looks like a confidence level, not the estimate"
    lo = _find_number(after, f.low) if f.low is not None else None
    hi = _find_number(after, abs(f.high)) if f.high is not None else None
    if lo is None or hi is None:
        return False, "the interval may belong to another statistic (not printed right after the value)"
    if _OTHER_STAT.search(after[:lo]):
        return False, "the interval may belong to another statistic (an OR/HR/difference/SD comes first)"
    # any other number between the value and its interval (an IR, a second estimate), the CI level aside
    gap = re.sub(r"\d+(?:[.·]\d+)?\s*%\s*(?:CI|confidence)", " ", after[:lo], flags=re.IGNORECASE)
    if re.search(r"\d", gap):
        return False, "the interval may belong to another statistic (another number comes first)"
    return True, ""


def _impossible_study(study: Study) -> list[CheckRow]:
    out: list[CheckRow] = []
    if not study.n_total:
        return out
    sized = [a for a in study.arms if a.n]
    for a in sized:
        if a.n > study.n_total:  # type: ignore[operator]
            out.append(_row(None, study, "impossible", "fail",
                            f"arm {a.name!r} has {a.n} patients, more than the study's {study.n_total}"))
    total = sum(a.n for a in sized)  # type: ignore[misc]
    if len(sized) >= 2 and total > study.n_total and all(a.n <= study.n_total for a in sized):  # type: ignore[operator]
        out.append(_row(None, study, "impossible", "warn",
                        f"arms sum to {total} patients, more than the study's {study.n_total} "
                        "(overlapping subgroups?)"))
    elif sized and not out:
        out.append(_row(None, study, "impossible", "ok",
                        f"arm sizes ({', '.join(str(a.n) for a in sized)}) within the study's {study.n_total}"))
    return out


def _percent_count(f: Figure, study: Study) -> list[CheckRow]:
    """GRIM: a percent must be a whole count of its denominator."""
    if f.unit != "percent" or f.bound != "=" or not 0 <= f.value <= 100:
        return []
    dec = printed_decimals(f)
    what = _what(f)
    if f.events is not None and f.total and not f.counts_derived:
        if f.events > f.total:
            return []  # reported by `impossible`
        exact = 100.0 * f.events / f.total
        half = 0.5 * 10.0 ** (-dec)
        if abs(exact - f.value) <= half + 1e-9:
            return [_row(f, study, "percent-count", "ok",
                         f"{what}: {f.events}/{f.total} = {exact:.2f}% prints as {_n(f.value)}% (counts stated)")]
        step = 10.0 ** (-dec)
        truncated = abs(math.floor(exact / step + 1e-9) * step - f.value) < 1e-9 or \
            abs(math.ceil(exact / step - 1e-9) * step - f.value) < 1e-9
        status = "warn" if truncated else "fail"
        extra = " (truncated, not rounded)" if truncated else ""
        return [_row(f, study, "percent-count", status,
                     f"{what}: {f.events}/{f.total} = {exact:.2f}%, not {_n(f.value)}%{extra} (counts stated)")]
    if f.metric not in PROPORTION_METRICS:
        return []  # k-year survival rates are Kaplan-Meier estimates, not k/n
    size = arm_size(f, study)
    if size is None:
        return []
    n, size_from = size
    if size_from == "cohort":
        # the text does not tie a whole-cohort percent to the cohort size ("morbidity was 22%" may be of
        # the operated, the evaluable, ...): a check may use a denominator only when the text ties it
        return []
    if n >= 100 * 10 ** dec:  # every percent at this precision is some whole count
        return [_row(f, study, "percent-count", "ok",
                     f"{what}: any {dec}-decimal percent is a whole count of {n} (not testable)")]
    cands = count_candidates(f.value, n, dec)
    source = {"figure": "denominator stated with the figure",
              "arm": f"size of arm {f.group!r}" if f.group else "denominator stated elsewhere",
              "cohort": "study size"}[size_from]
    if cands:
        shown = " or ".join(f"{k}/{n}" for k in cands)
        return [_row(f, study, "percent-count", "ok",
                     f"{what}: {_n(f.value)}% of {n} = {shown} (derived; {source})")]
    lo_k, hi_k = math.floor(f.value * n / 100.0), math.ceil(f.value * n / 100.0)
    msg = (f"{what}: {_n(f.value)}% of {n} is {f.value * n / 100:.2f} patients; {lo_k}/{n} = "
           f"{100 * lo_k / n:.{dec + 1}f}% and {hi_k}/{n} = {100 * hi_k / n:.{dec + 1}f}% (derived; {source})")
    # Only a denominator stated with the figure itself is unambiguous; an arm or study
    # size may not be the denominator of this percent (evaluable patients, a subset).
    status = "fail" if size_from == "figure" else "warn"
    return [_row(f, study, "percent-count", status, msg)]


def _p_values(study: Study) -> list[CheckRow]:
    """Recompute the p of two arms of a proportion compared with one printed p."""
    out: list[CheckRow] = []
    groups: dict[tuple, list[Figure]] = {}
    for f in study.figures:
        if (f.p_value is None or f.metric not in PROPORTION_METRICS or f.measure != "rate"
                or f.unit != "percent" or not f.group):
            continue
        key = (f.metric, f.timepoint, f.condition, f.symptom, f.p_value)
        groups.setdefault(key, []).append(f)
    for figs in groups.values():
        distinct = {f.group.lower() for f in figs if f.group}
        if len(figs) != 2 or len(distinct) != 2:
            continue
        f1, f2 = figs
        c1, c2 = counts_of(f1, study), counts_of(f2, study)
        what = f"{f1.metric} {f1.group!r} vs {f2.group!r}"
        if c1 is None or c2 is None:
            continue
        comparator, decimals = reported_p(f1)
        reported = f1.p_value
        assert reported is not None
        how = "counts stated" if c1.how == c2.how == "stated" else "counts derived from percent x arm size"
        best: tuple[float, str, int, int] | None = None
        supported: tuple[str, float, int, int] | None = None
        results: list[tuple[str, float, int, int]] = []
        # nearest counts first, Fisher before chi-square: report the most natural support
        order1 = sorted(c1.candidates, key=lambda k: abs(100.0 * k / c1.total - f1.value))
        order2 = sorted(c2.candidates, key=lambda k: abs(100.0 * k / c2.total - f2.value))
        for e1, e2 in itertools.product(order1, order2):
            for name, p in two_by_two_pvalues(e1, c1.total, e2, c2.total).items():
                results.append((name, p, e1, e2))
                if supported is None and p_supported(p, reported, comparator, decimals):
                    supported = (name, p, e1, e2)
                dist = abs(math.log10(max(p, 1e-300)) - math.log10(max(reported, 1e-300)))
                if best is None or dist < best[0]:
                    best = (dist, name, e1, e2)
        label = {"fisher": "Fisher", "chi2": "chi-square", "yates": "chi-square (Yates)"}
        printed = f"p {comparator} {reported:g}"
        if supported is not None:
            name, p, e1, e2 = supported
            out.append(_row(f1, study, "p-value", "ok",
                            f"{what}: {e1}/{c1.total} vs {e2}/{c2.total}, {label[name]} p = {p:.4g} "
                            f"supports {printed} ({how})"))
            continue
        assert best is not None
        e1, e2 = best[2], best[3]
        ps = two_by_two_pvalues(e1, c1.total, e2, c2.total)
        listing = ", ".join(f"{label[k]} {v:.3g}" for k, v in ps.items())
        all_p = [r[1] for r in results]
        sig_reported = reported < 0.05 if comparator != ">" else False
        nearest = 10 ** best[0]  # ratio between the reported p and the nearest test p
        if comparator == "=" and nearest <= 1.25 and any((p < 0.05) == sig_reported for p in all_p):
            out.append(_row(f1, study, "p-value", "ok",
                            f"{what}: {e1}/{c1.total} vs {e2}/{c2.total} gives {listing}; close to {printed} "
                            f"(another test, e.g. logistic or Mantel-Haenszel, may give it exactly) ({how})"))
            continue
        opposite = all((p < 0.05) != sig_reported for p in all_p)
        borderline = any(0.01 <= p <= 0.1 for p in all_p) or 0.01 <= reported <= 0.1
        far = best[0] >= 1.0  # more than a factor 10 from every test
        status = "fail" if (opposite and far and not borderline) else "warn"
        out.append(_row(f1, study, "p-value", status,
                        f"{what}: {e1}/{c1.total} vs {e2}/{c2.total} gives {listing}; "
                        f"none supports {printed} ({how})"))
    return out


_CI_LEVEL_RE = re.compile(r"(\d{2}(?:\.\d)?)\s*%\s*(?:CI|confidence)", re.IGNORECASE)


def _decimals_of(x: float, surface: str) -> int:
    for m in re.finditer(r"\d+(?:\.\d+)?", surface or ""):
        if abs(float(m.group()) - x) < 1e-12:
            return len(m.group().split(".")[1]) if "." in m.group() else 0
    text = f"{x:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def wald_p(hr: float, low: float, high: float, z: float = Z95) -> float:
    """Two-sided Wald p implied by a ratio and its CI: se = (ln high - ln low) / (2 z)."""
    se = (math.log(high) - math.log(low)) / (2 * z)
    if se <= 0:
        return 0.0
    return 2 * norm_sf(abs(math.log(hr)) / se)


def _hr_ci_p(f: Figure, study: Study) -> list[CheckRow]:
    if f.low is None or f.high is None or f.p_value is None:
        return []
    if f.value <= 0 or f.low <= 0 or f.high <= 0 or f.low > f.high or not f.low <= f.value <= f.high:
        return []  # reported by `impossible`
    level = 95.0
    m = _CI_LEVEL_RE.search(f.sentence or "")
    if m:
        level = float(m.group(1))
    z = Z95 if level == 95.0 else _z_of(level)
    # every corner of the rounding box of HR, low and high
    text = f.sentence or f.surface
    steps = [0.5 * 10.0 ** (-_decimals_of(x, text)) for x in (f.value, f.low, f.high)]
    ps = []
    for dh, dl, du in itertools.product((-1, 0, 1), repeat=3):
        hr, lo, hi = f.value + dh * steps[0], f.low + dl * steps[1], f.high + du * steps[2]
        if min(hr, lo, hi) <= 0 or lo >= hi or not lo <= hr <= hi:
            continue
        ps.append(wald_p(hr, lo, hi, z))
    if not ps:
        return []
    centre = wald_p(f.value, f.low, f.high, z)
    comparator, decimals = reported_p(f)
    reported = f.p_value
    pmin, pmax = min(ps), max(ps)
    half = 0.5 * 10.0 ** (-decimals) if comparator == "=" else 0.0
    what = _what(f)
    desc = f"{what} {_n(f.value)} ({level:g}% CI {_n(f.low)}-{_n(f.high)})"
    if comparator == "<":
        ok = pmin < reported * 1.5  # Wald vs log-rank / LR p differ a little
    elif comparator == ">":
        ok = pmax > reported / 1.5
    else:
        ok = pmin / 1.5 - half <= reported <= pmax * 1.5 + half
    if ok:
        return [_row(f, study, "hr-ci-p", "ok",
                     f"{desc}: Wald p = {centre:.3g} (rounding range {pmin:.3g}-{pmax:.3g}) "
                     f"agrees with p {comparator} {reported:g}")]
    ci_excludes_1 = f.low > 1 or f.high < 1
    ci_touches_1 = abs(f.low - 1) <= steps[1] + 1e-12 or abs(f.high - 1) <= steps[2] + 1e-12
    reported_sig = reported < 0.05 or (comparator == "<" and reported <= 0.05)
    if comparator == ">":
        reported_sig = False
    borderline = ci_touches_1 or 0.03 <= reported <= 0.07
    disagree = ci_excludes_1 != reported_sig
    # the p must be unambiguously this HR's: one p in the sentence, no non-inferiority test
    unambiguous = p_statements(f.sentence) <= 1 and not re.search(r"inferiority|equivalence", f.sentence or "",
                                                                   re.IGNORECASE)
    status = "fail" if disagree and not borderline and unambiguous else "warn"
    reason = ("the CI excludes 1 but the p is not significant" if ci_excludes_1 and not reported_sig else
              "the CI includes 1 but the p is significant" if disagree else "the p is off the Wald p")
    return [_row(f, study, "hr-ci-p", status,
                 f"{desc}: Wald p = {centre:.3g} (rounding range {pmin:.3g}-{pmax:.3g}), "
                 f"reported p {comparator} {reported:g}; {reason}")]


def _z_of(level: float) -> float:
    """Two-sided normal quantile for a confidence level (bisection on erfc; no scipy)."""
    alpha = 1 - level / 100.0
    lo, hi = 0.0, 10.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if 2 * norm_sf(mid) > alpha:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def summary(rows: Iterable[CheckRow]) -> dict[str, int]:
    """Counts of ok/warn/fail."""
    out = dict.fromkeys(STATUSES, 0)
    for r in rows:
        out[r.status] = out.get(r.status, 0) + 1
    return out


CHECK_HUMAN: tuple[tuple[str, str], ...] = (
    ("Study", "study"), ("Check", "check"), ("Status", "status"), ("Message", "message"),
)


def checks_table(studies: Iterable[Study], *, problems_only: bool = False,
                 tally: dict[str, int] | None = None) -> Any:
    """A :class:`nettool.analyze.Table` of check rows (streamed); ``tally`` counts the statuses."""
    from nettool.analyze import Table

    counts = tally if tally is not None else {}
    for s in STATUSES:
        counts.setdefault(s, 0)

    def rows() -> Iterator[dict[str, Any]]:
        for study in studies:
            label = study.record.label
            for row in check_study(study):
                counts[row.status] += 1
                if problems_only and row.status == "ok":
                    continue
                out = row.to_dict()
                out["study"] = label
                yield out

    return Table(columns=CHECK_FIELDS, rows=rows(), human=CHECK_HUMAN, title="checks")
