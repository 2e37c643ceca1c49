"""Random-effects pooling of proportions, and honest summaries of medians.

Everything here is plain ``math``: no numpy/scipy, so ``nettool pool`` starts fast.

Proportions (cc, relief, morbidity, mortality, recurrence) are pooled on the logit
scale exactly as metafor's ``escalc(measure="PLO")`` + ``rma()`` and statsmodels'
``combine_effects`` do it:

* ``y_i = log(x_i / (n_i - x_i))``, ``v_i = 1/x_i + 1/(n_i - x_i)``, with 0.5 added to
  the events and non-events of a study only when ``x_i`` is 0 or ``n_i``
  (metafor's ``add=1/2, to="only0"``);
* tau² by DerSimonian-Laird (default) or REML (Fisher scoring);
* ``mu = sum(w*y) / sum(w)`` with ``w = 1/(v + tau²)``, 95% CI ``mu ± 1.96 / sqrt(sum w)``,
  back-transformed with the inverse logit;
* Q, its chi-square p on k-1 df, and I² as metafor defines it
  (``tau² / (tau² + s²)``, ``s²`` the typical within-study variance; for DL this is
  ``(Q - df) / Q``);
* the 95% prediction interval as metafor's ``predict()``: ``mu ± crit * sqrt(se² + tau²)``;
* optionally the Hartung-Knapp(-Sidik-Jonkman) adjustment (``rma(test="knha")``):
  ``se² = sum(w (y - mu)²) / ((k - 1) sum w)``, CI and prediction interval with
  ``qt(0.975, k - 1)`` instead of 1.96 (not truncated, as metafor).

Only comparable figures pool together (:func:`comparable_key`): same metric and
timepoint, morbidity of the same severity (any vs major / Clavien-Dindo >= III),
relief of the same symptom, mortality of the same window.  Mixed groups are refused
with a message naming them and the option that picks one.

Time-to-event medians are never pooled: :func:`summarize_medians` reports their
range and the n-weighted median of medians, labelled as such.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from typing import Any, Iterable, Sequence

from nettool.errors import AnalysisError, NothingToAnalyze
from nettool.models import PROPORTION_METRICS, TIME_METRICS, Figure, Study

Z95 = 1.959963984540054  # qnorm(0.975)
METHODS: tuple[str, ...] = ("dl", "reml")


# --------------------------------------------------------------------------- distributions
def norm_sf(z: float) -> float:
    """Upper tail of the standard normal."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def chi2_sf(x: float, df: float) -> float:
    """Upper tail of the chi-square distribution: Q(df/2, x/2), the regularized upper
    incomplete gamma (series below a+1, Lentz continued fraction above)."""
    if x <= 0:
        return 1.0
    if df == 1:  # exact and cheap
        return math.erfc(math.sqrt(x / 2.0))
    return gammaincc(df / 2.0, x / 2.0)


def gammaincc(a: float, x: float) -> float:
    """Regularized upper incomplete gamma Q(a, x) (Numerical Recipes 6.2)."""
    if x < 0 or a <= 0:
        raise ValueError("gammaincc needs a > 0 and x >= 0")
    if x == 0:
        return 1.0
    log_prefix = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1.0:
        term = total = 1.0 / a
        ap = a
        for _ in range(10_000):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return max(0.0, 1.0 - total * math.exp(log_prefix))
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-16:
            break
    return math.exp(log_prefix) * h


def betainc(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta I_x(a, b) (Numerical Recipes 6.4, Lentz continued fraction)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x > (a + 1.0) / (a + b + 2.0):
        return 1.0 - betainc(b, a, 1.0 - x)
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (tiny if abs(d) < tiny else d)
    h = d
    for m in range(1, 10_000):
        for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                    -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + num * d
            d = 1.0 / (tiny if abs(d) < tiny else d)
            c = 1.0 + num / c
            c = tiny if abs(c) < tiny else c
            h *= d * c
        if abs(d * c - 1.0) < 1e-16:
            break
    return front * h / a


def t_sf(t: float, df: float) -> float:
    """Upper tail of Student's t."""
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return tail if t >= 0 else 1.0 - tail


def t_quantile(p: float, df: float) -> float:
    """qt(p, df) for 0.5 <= p < 1, by bisection on :func:`t_sf` (to 1e-13)."""
    if not 0.5 <= p < 1.0:
        raise ValueError("t_quantile needs 0.5 <= p < 1")
    lo, hi = 0.0, 1.0
    while t_sf(hi, df) > 1.0 - p:
        hi *= 2.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if t_sf(mid, df) > 1.0 - p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    return (lo + hi) / 2.0


def wilson(events: int, total: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion (as statsmodels' proportion_confint(method="wilson"))."""
    if total <= 0:
        raise ValueError("total must be positive")
    p = events / total
    z2 = z * z
    denom = 1.0 + z2 / total
    centre = (p + z2 / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def logit_effect(events: int, total: int) -> tuple[float, float, bool]:
    """metafor's PLO effect: (y, v, corrected); 0.5 correction only for 0 or n events."""
    if not 0 <= events <= total or total <= 0:
        raise ValueError(f"bad counts {events}/{total}")
    corrected = events == 0 or events == total
    x = events + 0.5 if corrected else float(events)
    nonx = (total - events) + 0.5 if corrected else float(total - events)
    return math.log(x / nonx), 1.0 / x + 1.0 / nonx, corrected


# --------------------------------------------------------------------------- random effects
@dataclass(slots=True)
class MetaResult:
    """A random-effects fit on the analysis (here: logit) scale."""

    estimate: float
    se: float
    low: float
    high: float
    tau2: float
    i2: float | None  # percent; None for k = 1
    q: float
    q_df: int
    q_p: float | None
    k: int
    method: str
    weights: list[float]  # random-effects weights, percent
    fixed_estimate: float
    iterations: int = 0
    pi_low: float = math.nan  # 95% prediction interval (metafor's predict)
    pi_high: float = math.nan
    test: str = "z"  # z | knha (Hartung-Knapp)


def random_effects(y: Sequence[float], v: Sequence[float], method: str = "dl", knha: bool = False) -> MetaResult:
    """Random-effects meta-analysis of effects ``y`` with sampling variances ``v``
    (``knha``: Hartung-Knapp standard error and t-based CI/prediction interval, k >= 2)."""
    method = method.lower()
    if method not in METHODS:
        raise AnalysisError(f"unknown pooling method {method!r}; use one of: {', '.join(METHODS)}")
    k = len(y)
    if k == 0 or k != len(v):
        raise ValueError("random_effects needs as many variances as effects, at least one")
    w = [1.0 / vi for vi in v]
    sw = sum(w)
    fixed = sum(wi * yi for wi, yi in zip(w, y)) / sw
    q = sum(wi * (yi - fixed) ** 2 for wi, yi in zip(w, y))
    df = k - 1
    iterations = 0
    if k == 1:
        tau2 = 0.0
    elif method == "dl":
        c = sw - sum(wi * wi for wi in w) / sw
        tau2 = max(0.0, (q - df) / c) if c > 0 else 0.0
    else:
        tau2, iterations = _reml_tau2(y, v)
    ws = [1.0 / (vi + tau2) for vi in v]
    sws = sum(ws)
    mu = sum(wi * yi for wi, yi in zip(ws, y)) / sws
    se = math.sqrt(1.0 / sws)
    crit = Z95
    if knha and k > 1:
        se = math.sqrt(sum(wi * (yi - mu) ** 2 for wi, yi in zip(ws, y)) / ((k - 1) * sws))
        crit = t_quantile(0.975, k - 1)
    half_pi = crit * math.sqrt(se * se + tau2)
    if k > 1:
        s2 = df * sw / (sw * sw - sum(wi * wi for wi in w))
        i2 = 100.0 * tau2 / (tau2 + s2)
        q_p = chi2_sf(q, df)
    else:
        i2 = None
        q_p = None
    return MetaResult(
        estimate=mu, se=se, low=mu - crit * se, high=mu + crit * se, tau2=tau2, i2=i2, q=q, q_df=df,
        q_p=q_p, k=k, method=method, weights=[100.0 * wi / sws for wi in ws], fixed_estimate=fixed,
        iterations=iterations, pi_low=mu - half_pi, pi_high=mu + half_pi, test="knha" if knha and k > 1 else "z",
    )


def _reml_tau2(y: Sequence[float], v: Sequence[float], tol: float = 1e-10, max_iter: int = 500) -> tuple[float, int]:
    """REML tau² by Fisher scoring with step halving, truncated at 0 (as metafor)."""
    k = len(y)
    mean_y = sum(y) / k
    # start: Hedges' (unweighted) estimator, metafor's default starting value
    tau2 = max(0.0, sum((yi - mean_y) ** 2 for yi in y) / (k - 1) - sum(v) / k)

    def loglik(t2: float) -> float:
        w = [1.0 / (vi + t2) for vi in v]
        sw = sum(w)
        mu = sum(wi * yi for wi, yi in zip(w, y)) / sw
        return -0.5 * (sum(math.log(vi + t2) for vi in v) + math.log(sw)
                       + sum(wi * (yi - mu) ** 2 for wi, yi in zip(w, y)))

    for it in range(1, max_iter + 1):
        w = [1.0 / (vi + tau2) for vi in v]
        sw = sum(w)
        sw2 = sum(wi * wi for wi in w)
        sw3 = sum(wi ** 3 for wi in w)
        mu = sum(wi * yi for wi, yi in zip(w, y)) / sw
        score = 0.5 * (sum(wi * wi * (yi - mu) ** 2 for wi, yi in zip(w, y)) - sw + sw2 / sw)
        info = 0.5 * (sw2 - 2.0 * sw3 / sw + (sw2 / sw) ** 2)
        step = score / info if info > 0 else 0.0
        new = max(0.0, tau2 + step)
        base = loglik(tau2)
        while loglik(new) < base - 1e-12 and abs(new - tau2) > tol:
            new = max(0.0, tau2 + (new - tau2) / 2.0)
        if abs(new - tau2) < tol:
            return new, it
        tau2 = new
    return tau2, max_iter


# --------------------------------------------------------------------------- counts of a figure
@dataclass(slots=True)
class Counts:
    """Events/total of a percent figure and where they come from."""

    events: int
    total: int
    how: str  # "stated" | "derived"
    candidates: tuple[int, ...]  # every event count that rounds to the printed percent
    size_from: str  # "figure" | "arm" | "cohort"


_NUM_RE = re.compile(r"\d+(?:[.,]\d+)?")


def printed_decimals(figure: Figure) -> int:
    """Decimals the percent was printed with (from its printed text or surface; else from its value)."""
    for text in (figure.value_text or "", figure.surface or ""):
        for m in _NUM_RE.finditer(text):
            num = m.group().replace(",", ".")
            if abs(float(num) - figure.value) < 1e-9:
                return len(num.split(".")[1]) if "." in num else 0
    text = repr(float(figure.value))
    dec = text.split(".")[1].rstrip("0") if "." in text else ""
    return len(dec)


def count_candidates(percent: float, n: int, decimals: int) -> tuple[int, ...]:
    """Event counts k in [0, n] whose percent 100*k/n rounds to ``percent`` at ``decimals``.

    Rounding tolerance is half a unit of the last printed digit (plus float slack), so
    both round-half-up and round-half-even printings are accepted.
    """
    if n <= 0:
        return ()
    half = 0.5 * 10.0 ** (-decimals) + 1e-9
    lo = math.ceil((percent - half) * n / 100.0 - 1e-9)
    hi = math.floor((percent + half) * n / 100.0 + 1e-9)
    return tuple(k for k in range(max(0, lo), min(n, hi) + 1) if abs(100.0 * k / n - percent) <= half)


def arm_size(figure: Figure, study: Study | None = None) -> tuple[int, str] | None:
    """The size of the population a figure refers to, and where it comes from.

    Only the figure's own denominator (``Figure.n``, which the extractor sets from a stated
    total, the named arm's stated size, or -- whole cohort, no condition -- the cohort size;
    never a whole arm's size for a subgroup or a condition): "figure" when the text prints the
    count ("42 of 56"), "arm" for an arm's stated size, "cohort" for the study's.
    """
    if figure.total and not figure.counts_derived:
        return figure.total, "figure"
    n = figure.n if figure.n else (figure.total if figure.counts_derived else None)
    if not n:
        return None
    return n, ("arm" if figure.group else "cohort")


def counts_of(figure: Figure, study: Study | None = None) -> Counts | None:
    """Events/total of a percent figure: stated, or derived from percent x its own stated size."""
    if figure.unit != "percent" or figure.bound != "=":
        return None
    if figure.events is not None and figure.total and not figure.counts_derived:
        return Counts(figure.events, figure.total, "stated", (figure.events,), "figure")
    size = arm_size(figure, study)
    if size is None:
        return None
    n, size_from = size
    cands = count_candidates(figure.value, n, printed_decimals(figure))
    if not cands:
        return None
    best = min(cands, key=lambda k: abs(100.0 * k / n - figure.value))
    if figure.counts_derived and figure.events in cands and figure.total == n:
        best = figure.events  # the extractor's choice, when the rounding allows it
    return Counts(best, n, "derived", cands, size_from)


# --------------------------------------------------------------------------- comparable groups
_MAJOR = re.compile(
    r"\b(?:major|severe|serious)\b|grade\s*(?:≥|>=|>|⩾)?\s*(?:3|III)\b|"
    r"clavien[\s\u2010-\u2014-]*dindo\s*(?:grade\s*|class\s*)?(?:≥|>=|>|⩾)?\s*(?:3|III)|"
    r"\bIII[ab]?\s*(?:[-\u2013]|to)\s*(?:IV|V)\b",
    re.IGNORECASE,
)
_MINOR = re.compile(r"\bminor\b|grade\s*(?:I|1)\s*(?:[-\u2013]|to|or|and)\s*(?:II|2)\b", re.IGNORECASE)
_IN_HOSPITAL = re.compile(r"\bin[-\s]hospital\b|\bhospital\s+mortality\b", re.IGNORECASE)


def _local(figure: Figure, text: str | None = None) -> tuple[str, str]:
    """The figure's clause: the sentence text before it (from the last '; ' or ', and') and the
    parenthesis right after it ("41% (Clavien-Dindo >= IIIa)")."""
    sentence = figure.sentence or ""
    at = -1
    if text:
        pos = text.find(sentence, max(0, figure.end - len(sentence)))
        if 0 <= pos <= figure.start:
            at = figure.start - pos
    if at < 0:
        at = sentence.find(figure.surface) if figure.surface else -1
    if at < 0:
        return sentence, ""
    before = sentence[:at]
    cut = max(before.rfind(";"), before.rfind(", and "), before.rfind(" and "), before.rfind(" whereas "))
    before = before[cut + 1:] if cut >= 0 else before
    after = sentence[at + len(figure.surface):at + len(figure.surface) + 45]
    after = after[: after.find(")") + 1] if after.lstrip().startswith("(") and ")" in after else ""
    return before[-90:], after


def severity_of(figure: Figure, text: str | None = None) -> str | None:
    """Morbidity severity as the text words it: "major" (major, severe, Clavien-Dindo / grade >= III),
    "minor", else "any"; None for other metrics."""
    if figure.metric != "morbidity":
        return None
    before, after = _local(figure, text)
    if _MAJOR.search(after) or _MAJOR.search(before):
        return "major"
    if _MINOR.search(before) or _MINOR.search(after):
        return "minor"
    return "any"


def window_of(figure: Figure, text: str | None = None) -> str | None:
    """Mortality window: the timepoint ("30d", "90d"), "in-hospital", else "unstated"; None for other metrics."""
    if figure.metric != "mortality":
        return None
    if figure.timepoint:
        return figure.timepoint
    before, after = _local(figure, text)
    return "in-hospital" if _IN_HOSPITAL.search(before + after) else "unstated"


def comparable_key(figure: Figure, text: str | None = None) -> tuple[tuple[str, str], ...]:
    """What must agree for two figures of one metric to pool: measure, timepoint, and per metric
    the morbidity severity, the relief symptom or the mortality window."""
    if figure.metric == "mortality":
        return (("window", window_of(figure, text) or ""),)
    key = [("timepoint", figure.timepoint or "none")]
    if figure.metric == "morbidity":
        key.append(("severity", severity_of(figure, text) or ""))
    if figure.metric == "relief":
        key.append(("symptom", figure.symptom or "unstated"))
    return tuple(key)


# the option that picks one value of each key
KEY_OPTION = {"timepoint": "--timepoint", "window": "--timepoint", "severity": "--severity", "symptom": "--symptom"}


@dataclass(slots=True)
class Selection:
    """What to pool: only figures at this timepoint / of this severity / of this symptom (None: any)."""

    timepoint: str | None = None
    severity: str | None = None
    symptom: str | None = None

    def keeps(self, figure: Figure, text: str | None = None) -> bool:
        if self.timepoint is not None:
            want = None if self.timepoint.lower() in ("none", "unstated") else self.timepoint.lower()
            if figure.metric == "mortality":
                if (window_of(figure, text) or "").lower() != (want or "unstated"):
                    return False
            elif (figure.timepoint or None) != want:
                return False
        if self.severity is not None and figure.metric == "morbidity":
            if severity_of(figure, text) != self.severity.lower():
                return False
        if self.symptom is not None and figure.metric == "relief":
            if (figure.symptom or "").lower() != self.symptom.lower():
                return False
        return True


def _key_text(key: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{k}={v}" for k, v in key)


# --------------------------------------------------------------------------- pooling studies
@dataclass(slots=True)
class PoolRow:
    """One study/arm considered for pooling."""

    study: str
    source: str
    pmid: str | None
    group: str | None
    value: float | None  # the printed percent / median
    events: int | None = None
    total: int | None = None
    counts: str | None = None  # stated | derived
    proportion: float | None = None
    low: float | None = None  # Wilson 95% CI (proportions) or the figure's interval
    high: float | None = None
    weight: float | None = None  # random-effects weight, percent
    included: bool = False
    note: str = ""
    sentence: str = ""
    symptom: str | None = None
    timepoint: str | None = None
    unit: str | None = None
    condition: str | None = None
    year: int | None = None
    interval: str | None = None  # ci | range | iqr: what low/high are ("wilson" for a computed CI)
    key: str = ""  # the comparable group ("timepoint=5y, severity=major")


@dataclass(slots=True)
class PoolResult:
    """The pooled proportion of one metric over studies/arms, with what was left out."""

    metric: str
    method: str
    rows: list[PoolRow]
    fit: MetaResult | None  # logit scale
    patients: int = 0
    group: str = ""  # the comparable group pooled

    @property
    def included(self) -> list[PoolRow]:
        return [r for r in self.rows if r.included]

    @property
    def excluded(self) -> list[PoolRow]:
        return [r for r in self.rows if not r.included]

    @property
    def studies(self) -> int:
        return len({r.source + "\0" + (r.pmid or "") for r in self.included})

    def pooled(self) -> dict[str, Any]:
        """The pooled estimate as a flat dict (proportion scale, plus logit-scale numbers)."""
        f = self.fit
        if f is None:
            return {"metric": self.metric, "method": self.method, "k": 0, "studies": 0, "patients": 0}
        return {
            "metric": self.metric,
            "method": self.method,
            "test": f.test,
            "group": self.group,
            "estimate": expit(f.estimate),
            "low": expit(f.low),
            "high": expit(f.high),
            "pi_low": expit(f.pi_low),
            "pi_high": expit(f.pi_high),
            "logit": f.estimate,
            "logit_se": f.se,
            "logit_low": f.low,
            "logit_high": f.high,
            "logit_pi_low": f.pi_low,
            "logit_pi_high": f.pi_high,
            "tau2": f.tau2,
            "i2": f.i2,
            "q": f.q,
            "q_df": f.q_df,
            "q_p": f.q_p,
            "k": f.k,
            "studies": self.studies,
            "patients": self.patients,
        }

    def table(self) -> list[dict[str, Any]]:
        """Rows for the table renderers: one per study/arm (pooled or left out), then the pooled row."""
        out: list[dict[str, Any]] = []
        for r in self.rows:
            out.append({
                "row": "study" if r.included else "left out",
                "study": r.study, "group": r.group, "events": r.events, "total": r.total,
                "counts": r.counts,
                "percent": _r(100 * r.proportion, 1) if r.proportion is not None else r.value,
                "low": _r(100 * r.low, 1) if r.low is not None else None,
                "high": _r(100 * r.high, 1) if r.high is not None else None,
                "weight": _r(r.weight, 1) if r.weight is not None else None,
                "note": r.note, "source": r.source, "pmid": r.pmid,
            })
        p = self.pooled()
        if self.fit is not None:
            i2 = "n/a" if p["i2"] is None else f"{p['i2']:.1f}%"
            qp = "n/a" if p["q_p"] is None else fmt_p_value(p["q_p"])
            test = ", Hartung-Knapp" if p["test"] == "knha" else ""
            note = (f"random effects, logit, {self.method.upper()}{test}: tau2={p['tau2']:.4f}, I2={i2}, "
                    f"Q={p['q']:.2f} (df={p['q_df']}, {qp}); 95% PI {100 * p['pi_low']:.1f}-"
                    f"{100 * p['pi_high']:.1f}%; k={p['k']} {plural(p['k'], 'arm')}, {p['studies']} "
                    f"{plural(p['studies'], 'study', 'studies')}, {p['patients']} patients"
                    + (f"; {self.group}" if self.group else ""))
            out.append({
                "row": "pooled", "study": f"pooled ({p['k']} {plural(p['k'], 'arm')})", "group": None, "events": None,
                "total": self.patients, "counts": None, "percent": _r(100 * p["estimate"], 1),
                "low": _r(100 * p["low"], 1), "high": _r(100 * p["high"], 1), "weight": 100.0,
                "pi_low": _r(100 * p["pi_low"], 1), "pi_high": _r(100 * p["pi_high"], 1),
                "note": note, "source": None, "pmid": None,
            })
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "pooled": self.pooled(),
            "rows": [_row_dict(r) for r in self.rows],
        }


def plural(n: int, one: str, many: str | None = None) -> str:
    return one if n == 1 else (many or one + "s")


def _r(x: float | None, nd: int) -> float | None:
    return None if x is None else round(x, nd)


def fmt_p_value(p: float) -> str:
    """A computed p for text: "p<0.0001", "p=0.0421"."""
    return "p<0.0001" if p < 1e-4 else f"p={p:.4f}"


def _row_dict(r: PoolRow) -> dict[str, Any]:
    return {f.name: getattr(r, f.name) for f in fields(r)}


def _study_label(study: Study) -> str:
    rec = study.record
    return getattr(rec, "study", None) or rec.label


def is_secondary(study: Study) -> bool:
    """A meta-analysis or review: its figures already summarise other studies."""
    if study.kind in ("meta-analysis", "review"):
        return True
    kinds = " ".join([study.design or "", *study.record.publication_types]).lower()
    return "meta-analys" in kinds or "systematic review" in kinds or kinds.strip() == "review"


def study_rows(study: Study, metric: str) -> list[tuple[Figure, PoolRow, Counts | None]]:
    """Every percent figure of ``metric`` in one study, each with its pool row: included or the
    reason it is left out.  Per study: the whole-cohort figure if it has counts, else each arm once,
    one figure per comparable group; meta-analyses, bounds, subsets (a condition) and figures
    without their own denominator are left out."""
    figs = [f for f in study.figures if f.metric == metric and f.measure == "rate" and f.unit == "percent"]
    if not figs:
        return []
    label = _study_label(study)
    secondary = is_secondary(study)
    text = study.record.text
    candidates: list[tuple[Figure, PoolRow, Counts | None]] = []
    for f in figs:
        row = PoolRow(study=label, source=f.source or study.record.source, pmid=f.pmid or study.record.pmid,
                      group=f.group, value=f.value, sentence=f.sentence, symptom=f.symptom,
                      timepoint=f.timepoint, unit=f.unit, condition=f.condition, year=study.record.year,
                      key=_key_text(comparable_key(f, text)))
        counts = None
        if secondary:
            row.note = f"a {study.kind if study.kind != 'study' else 'meta-analysis or review'}: its rates pool " \
                       "other studies (double counting)"
        elif f.bound != "=":
            row.note = f"bound {f.bound} {fmt_num(f.value)}%: not an exact rate"
        elif f.value > 100 or f.value < 0:
            row.note = f"{fmt_num(f.value)}% is not a proportion"
        elif f.condition:
            row.note = f"a subset of its cohort ({f.condition}): not comparable with whole cohorts"
        else:
            counts = counts_of(f, study)
            if counts is None:
                row.note = ("no events/total: no stated denominator of its own" if arm_size(f, study) is None
                            else "percent x stated size is not a whole count")
            else:
                row.events, row.total, row.counts = counts.events, counts.total, counts.how
                row.proportion = counts.events / counts.total
                row.low, row.high = wilson(counts.events, counts.total)
                row.interval = "wilson"
        candidates.append((f, row, counts))
    wholes = {r.key for f, r, c in candidates if c is not None and f.group is None}
    taken: dict[tuple[str, str], str] = {}
    for f, row, counts in candidates:
        if counts is None:
            continue
        if f.group is not None and row.key in wholes:
            row.note = "arm of a study pooled as a whole cohort"
            continue
        slot = (row.key, (f.group or "").lower())
        if slot in taken:
            row.note = f"another {metric} figure of this {'arm' if f.group else 'study'} already pooled ({taken[slot]})"
            continue
        taken[slot] = _describe(f)
        row.included = True
        if counts.how == "derived":
            extra = f" (also {', '.join(str(k) for k in counts.candidates if k != counts.events)})" \
                if len(counts.candidates) > 1 else ""
            row.note = f"events derived: {fmt_num(f.value)}% x {counts.total} = {counts.events}{extra}"
        else:
            row.note = "events/total stated"
    return candidates


def pool_proportions(studies: Iterable[Study], metric: str, method: str = "dl",
                     selection: Selection | None = None, knha: bool = False) -> PoolResult:
    """Pool the percent figures of ``metric`` that have events/total (stated or derived).

    Rows are chosen per study by :func:`study_rows`; figures ``selection`` does not keep are
    not considered.  Raises :class:`AnalysisError` when the pooled rows fall into more than one
    comparable group (:func:`comparable_key`), naming the groups and the option to pick one.
    """
    if metric not in PROPORTION_METRICS:
        raise AnalysisError(f"cannot pool {metric!r} as a proportion; use one of: {', '.join(PROPORTION_METRICS)}")
    method = method.lower()
    if method not in METHODS:
        raise AnalysisError(f"unknown pooling method {method!r}; use one of: {', '.join(METHODS)}")
    selection = selection or Selection()
    rows: list[PoolRow] = []
    for study in studies:
        if not any(f.metric == metric for f in study.figures):
            continue
        kept = [f for f in study.figures if f.metric != metric or selection.keeps(f, study.record.text)]
        view = Study(record=study.record, figures=kept, design=study.design, kind=study.kind,
                     n_total=study.n_total, arms=study.arms)
        rows.extend(r for _, r, _ in study_rows(view, metric))
    included = [r for r in rows if r.included]
    groups: dict[str, int] = {}
    for r in included:
        groups[r.key] = groups.get(r.key, 0) + 1
    if len(groups) > 1:
        raise AnalysisError(mixed_message(metric, groups))
    fit = None
    if included:
        ys, vs = [], []
        for r in included:
            y, v, corrected = logit_effect(r.events, r.total)  # type: ignore[arg-type]
            ys.append(y)
            vs.append(v)
            if corrected:
                r.note += "; 0.5 added (0 or all events)"
        fit = random_effects(ys, vs, method, knha=knha)
        for r, w in zip(included, fit.weights):
            r.weight = w
    return PoolResult(metric=metric, method=method, rows=rows, fit=fit,
                      patients=sum(r.total or 0 for r in included), group=next(iter(groups), ""))


def mixed_message(metric: str, groups: dict[str, int]) -> str:
    """'morbidity figures of different kinds cannot be pooled together: severity=any (4), severity=major (2);
    pick one with --severity any|major'."""
    listed = "; ".join(f"{g} ({n} {'arm' if n == 1 else 'arms'})" for g, n in sorted(groups.items()))
    parsed = [dict(part.split("=", 1) for part in g.split(", ")) for g in groups]
    options = []
    for name in parsed[0]:
        values = sorted({p.get(name, "") for p in parsed})
        if len(values) > 1:
            options.append(f"{KEY_OPTION.get(name, '--' + name)} {'|'.join(values)}")
    return (f"{metric} figures of different kinds must not be pooled together: {listed}; "
            f"pick one with {' and '.join(options)}")


def _describe(f: Figure) -> str:
    bits = [f"{fmt_num(f.value)}%"]
    if f.symptom:
        bits.append(f.symptom)
    if f.timepoint:
        bits.append(f.timepoint)
    return ", ".join(bits)


def fmt_num(x: float) -> str:
    from nettool.analyze import fmt_number

    return fmt_number(x)


# --------------------------------------------------------------------------- medians: no pooling
_TO_MONTHS = {"months": 1.0, "years": 12.0, "weeks": 12.0 / 52.1775, "days": 12.0 / 365.25}


@dataclass(slots=True)
class MedianSummary:
    """Range and n-weighted median of reported medians (or k-year rates). Not a pooled estimate."""

    metric: str
    measure: str  # "median" | "rate"
    timepoint: str | None
    unit: str  # "months" | "percent"
    rows: list[PoolRow]
    minimum: float | None = None
    maximum: float | None = None
    weighted_median: float | None = None  # over rows with a size
    median: float | None = None  # unweighted, over all rows
    patients: int = 0
    label: str = "n-weighted median of reported medians (not a pooled estimate)"

    @property
    def included(self) -> list[PoolRow]:
        return [r for r in self.rows if r.included]

    def table(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for r in self.rows:
            out.append({
                "row": "study" if r.included else "left out", "study": r.study, "group": r.group,
                "total": r.total, "value": _r(r.value, 2), "low": _r(r.low, 2), "high": _r(r.high, 2),
                "interval": r.interval, "unit": self.unit, "note": r.note, "source": r.source, "pmid": r.pmid,
            })
        if self.included:
            wm = "n/a" if self.weighted_median is None else f"{self.weighted_median:.1f}"
            out.append({
                "row": "summary", "study": f"{len(self.included)} arms", "group": None, "total": self.patients,
                "value": _r(self.weighted_median, 2), "low": _r(self.minimum, 2), "high": _r(self.maximum, 2),
                "interval": "range", "unit": self.unit,
                "note": (f"{self.label}: {wm} {self.unit}; range {self.minimum:.1f}-{self.maximum:.1f}; "
                         f"unweighted median {self.median:.1f}"),
                "source": None, "pmid": None,
            })
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": {
                "metric": self.metric, "measure": self.measure, "timepoint": self.timepoint, "unit": self.unit,
                "label": self.label, "k": len(self.included), "patients": self.patients,
                "min": self.minimum, "max": self.maximum, "weighted_median": self.weighted_median,
                "median": self.median,
            },
            "rows": [_row_dict(r) for r in self.rows],
        }


def weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    """The weighted median: the value where cumulative weight first reaches half the total;
    when it lands exactly on half, the mean of that value and the next."""
    pairs = sorted(zip(values, weights))
    total = sum(w for _, w in pairs)
    if not pairs or total <= 0:
        raise ValueError("weighted_median needs positive weights")
    cum = 0.0
    for i, (v, w) in enumerate(pairs):
        cum += w
        if abs(cum - total / 2.0) <= 1e-12 * total and i + 1 < len(pairs):
            return (v + pairs[i + 1][0]) / 2.0
        if cum > total / 2.0:
            return v
    return pairs[-1][0]  # pragma: no cover


def _plain_median(values: Sequence[float]) -> float:
    s = sorted(values)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2.0


def summarize_medians(studies: Iterable[Study], metric: str, measure: str = "median",
                      timepoint: str | None = None) -> MedianSummary:
    """Range and n-weighted median of the ``measure`` figures of a time-to-event ``metric``.

    ``measure="median"``: medians converted to months. ``measure="rate"``: k-year rates
    (percent) at ``timepoint`` (required). Left out, with the reason: figures with a bound
    ("> 10 years"), of meta-analyses and reviews, and of a subset (a condition such as "after
    complete cytoreduction"); arms without a size of their own are in the range, not in the
    weighted median.
    """
    if measure == "rate" and not timepoint:
        raise AnalysisError("a summary of survival rates needs a timepoint, e.g. 5y")
    unit = "percent" if measure == "rate" else "months"
    rows: list[PoolRow] = []
    for study in studies:
        label = _study_label(study)
        for f in study.figures:
            if f.metric != metric or f.measure != measure:
                continue
            if measure == "rate" and f.timepoint != timepoint:
                continue
            factor = 1.0 if measure == "rate" else _TO_MONTHS.get(f.unit)
            row = PoolRow(study=label, source=f.source or study.record.source, pmid=f.pmid or study.record.pmid,
                          group=f.group, value=None, sentence=f.sentence, timepoint=f.timepoint, unit=unit,
                          condition=f.condition, year=study.record.year, interval=f.interval)
            rows.append(row)
            if factor is None:
                row.note = f"unit {f.unit} is not a time"
                continue
            row.value = f.value * factor
            row.low = f.low * factor if f.low is not None else None
            row.high = f.high * factor if f.high is not None else None
            if f.bound != "=":
                row.note = f"bound {f.bound}: not an exact value"
                continue
            if is_secondary(study):
                row.note = "a meta-analysis or review: it summarises other studies (double counting)"
                continue
            if f.condition:
                row.note = f"a subset of its cohort ({f.condition}): not comparable with whole cohorts"
                continue
            size = arm_size(f, study)
            row.total = size[0] if size else None
            row.included = True
            row.note = "" if size else "no stated size: in the range, not in the weighted median"
    inc = [r for r in rows if r.included]
    summary = MedianSummary(metric=metric, measure=measure, timepoint=timepoint, unit=unit, rows=rows)
    if measure == "rate":
        summary.label = f"n-weighted median of reported {timepoint} rates (not a pooled estimate)"
    if inc:
        vals = [r.value for r in inc]  # type: ignore[misc]
        summary.minimum, summary.maximum = min(vals), max(vals)  # type: ignore[type-var]
        summary.median = _plain_median(vals)  # type: ignore[arg-type]
        sized = [r for r in inc if r.total]
        if sized:
            summary.weighted_median = weighted_median([r.value for r in sized],  # type: ignore[misc]
                                                      [float(r.total) for r in sized])  # type: ignore[arg-type]
            summary.patients = sum(r.total for r in sized)  # type: ignore[misc]
    return summary


def pool(studies: Iterable[Study], metric: str, method: str = "dl", selection: Selection | None = None,
         knha: bool = False) -> PoolResult | MedianSummary:
    """Pool a proportion metric, or summarise the medians of a time-to-event metric."""
    if metric in PROPORTION_METRICS:
        return pool_proportions(studies, metric, method, selection, knha)
    if metric in TIME_METRICS:
        return summarize_medians(studies, metric, "median")
    raise AnalysisError(f"unknown metric {metric!r}; use one of: {', '.join(PROPORTION_METRICS + TIME_METRICS)}")


POOL_COLUMNS: tuple[str, ...] = (
    "row", "study", "group", "events", "total", "counts", "percent", "low", "high", "weight",
    "pi_low", "pi_high", "tau2", "i2", "q", "q_df", "q_p", "note", "source", "pmid",
)
POOL_HUMAN: tuple[tuple[str, str], ...] = (
    ("", "row"), ("Study", "study"), ("Arm", "group"), ("Events", "events"), ("N", "total"), ("%", "percent"),
    ("95% CI low", "low"), ("high", "high"), ("Weight %", "weight"), ("Note", "note"),
)
SUMMARY_COLUMNS: tuple[str, ...] = ("row", "study", "group", "total", "value", "low", "high", "interval", "unit",
                                    "note", "source", "pmid")
SUMMARY_HUMAN: tuple[tuple[str, str], ...] = (
    ("", "row"), ("Study", "study"), ("Arm", "group"), ("N", "total"), ("Value", "value"), ("Low", "low"),
    ("High", "high"), ("Interval", "interval"), ("Unit", "unit"), ("Note", "note"),
)


def pool_table(result: PoolResult | MedianSummary) -> Any:
    """A :class:`nettool.analyze.Table` of a pooling or median summary: one row per
    study/arm (pooled or left out, with why), then the pooled/summary row.  Its
    ``document`` is what ``--format json`` writes: {"pooled"|"summary": ..., "rows": [...]}."""
    from nettool.analyze import Table

    if isinstance(result, PoolResult):
        rows = result.table()
        p = result.pooled()
        if rows and rows[-1]["row"] == "pooled":
            for key in ("tau2", "i2", "q", "q_df", "q_p"):
                rows[-1][key] = p[key]
        title = f"pooled {result.metric} ({result.method.upper()})"
        return Table(columns=POOL_COLUMNS, rows=rows, human=POOL_HUMAN, title=title,
                     meta={"pooled": p}, document=_document(result.to_dict()))
    title = f"{result.metric} {result.measure} summary"
    return Table(columns=SUMMARY_COLUMNS, rows=result.table(), human=SUMMARY_HUMAN, title=title,
                 meta={"summary": result.to_dict()["summary"]}, document=_document(result.to_dict()))


def _document(obj: Any) -> Any:
    """The JSON document of a result: NaN as null, empty sentences dropped."""
    if isinstance(obj, dict):
        return {k: _document(v) for k, v in obj.items() if k != "sentence" or v}
    if isinstance(obj, (list, tuple)):
        return [_document(v) for v in obj]
    if isinstance(obj, float) and obj != obj:
        return None
    return obj


def pool_metric(studies: Iterable[Study], metric: str, method: str = "dl", timepoint: str | None = None,
                severity: str | None = None, symptom: str | None = None,
                knha: bool = False) -> PoolResult | MedianSummary:
    """What `nettool pool` and `nettool plot` compute: a pooled proportion, a summary of
    medians, or (time metric with ``timepoint``) a summary of k-year rates.

    Raises :class:`NothingToAnalyze` when no figure could be pooled or summarised.
    """
    method = method.lower()
    if method not in METHODS:
        raise AnalysisError(f"unknown pooling method {method!r}; use one of: {', '.join(METHODS)}")
    studies = list(studies)
    if metric in TIME_METRICS:
        result: PoolResult | MedianSummary = (summarize_medians(studies, metric, "rate", timepoint) if timepoint
                                              else summarize_medians(studies, metric, "median"))
        if not result.included:
            what = f"{timepoint} {metric} rates" if timepoint else f"{metric} medians"
            raise NothingToAnalyze(_nothing(f"no {what} to summarise", result.rows))
        return result
    result = pool(studies, metric, method, Selection(timepoint, severity, symptom), knha)
    if isinstance(result, PoolResult) and result.fit is None:
        raise NothingToAnalyze(_nothing(f"no {metric} figures with events/total to pool", result.rows))
    return result


def _nothing(what: str, rows: list[PoolRow]) -> str:
    if not rows:
        return f"{what}: the input has none"
    reasons: dict[str, int] = {}
    for r in rows:
        reasons[r.note or "left out"] = reasons.get(r.note or "left out", 0) + 1
    listed = "; ".join(f"{n} x {why}" for why, n in sorted(reasons.items(), key=lambda x: -x[1])[:3])
    return f"{what} ({len(rows)} left out: {listed})"
