#!/usr/bin/env python3
"""Copy of ../shared/tools/score.py (the project is judged with it; tests must not read ../shared).

Score `nettool extract --format jsonl` output against gold annotations (see GOLD.md).

usage: score.py GOLD_DIR DOCS_DIR [--cmd CMD] [--pred FILE] [-v] [--json]
  CMD is run with the document paths appended (default: nettool extract --format jsonl);
  or --pred reads a JSONL prediction file made beforehand.
Prints precision/recall/F1 by metric and in total, attribution accuracy, and (with -v) each miss.
"""
import argparse
import glob
import json
import os
import re
import shlex
import subprocess
import sys
from collections import defaultdict

METRICS = ["os", "dss", "pfs", "dfs", "cc", "relief", "morbidity", "mortality", "recurrence", "followup"]
TIME = {"years": 12.0, "year": 12.0, "months": 1.0, "month": 1.0, "weeks": 12 / 52.1775, "week": 12 / 52.1775,
        "days": 1 / 30.4369, "day": 1 / 30.4369}
STOP = set("the of with and or in for to a an those patients patient group groups arm cohort who were was had by on at "
           "after underwent undergoing receiving received treated".split())
NULL_GROUPS = {"", "all", "overall", "all patients", "whole cohort", "entire cohort", "none", "total"}
TRANSLATE = str.maketrans({"\u2265": ">=", "\u2264": "<="})


def norm_bound(b):
    b = (b or "=").translate(TRANSLATE).strip()
    return {"==": "=", "≥": ">=", "≤": "<=", "=>": ">=", "=<": "<="}.get(b, b)


def norm_timepoint(tp):
    """'5y' / '5-year' / '60m' / '30d' / 5 -> days (float) or None."""
    if tp in (None, ""):
        return None
    if isinstance(tp, (int, float)):
        return float(tp) * 365.25  # bare number: years
    m = re.match(r"^\s*(\d+(?:\.\d+)?)\s*-?\s*(y|yr|yrs|year|years|m|mo|month|months|w|wk|week|weeks|d|day|days)?\s*$",
                 str(tp).lower())
    if not m:
        return str(tp).lower()
    n, u = float(m.group(1)), (m.group(2) or "y")[0]
    return n * {"y": 365.25, "m": 30.4369, "w": 7.0, "d": 1.0}[u]


def unit_kind(u):
    u = (u or "").lower().strip()
    if u in TIME:
        return "time"
    if u in ("percent", "%", "pct"):
        return "percent"
    if u in ("ratio", "hr", ""):
        return "ratio"
    return u


def same_timepoint(a, b):
    """Timepoints agree when both are absent or name the same time: '12m' and '1y' agree (within 1%)."""
    a, b = norm_timepoint(a), norm_timepoint(b)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 0.01 * max(a, b)
    return a == b


def value_match(g, p):
    try:
        gv, pv = float(g["value"]), float(p["value"])
    except (TypeError, ValueError, KeyError):
        return g.get("value") is None and p.get("value") is None
    gk, pk = unit_kind(g.get("unit")), unit_kind(p.get("unit"))
    if gk != pk:
        return False
    if gk == "time":
        gm, pm = gv * TIME[g["unit"].lower()], pv * TIME[p["unit"].lower()]
        return abs(gm - pm) <= 0.005 * max(abs(gm), 1e-9) + 1e-9
    return abs(gv - pv) < 1e-6


def core_match(g, p):
    return (g["metric"] == p.get("metric")
            and (g.get("measure") or "rate") == (p.get("measure") or "rate")
            and norm_bound(g.get("bound")) == norm_bound(p.get("bound"))
            and same_timepoint(g.get("timepoint"), p.get("timepoint"))
            and value_match(g, p))


def tokens(s):
    if s is None:
        return set()
    s = str(s).lower().strip()
    if s in NULL_GROUPS:
        return set()
    # "group A" / "arm a": the letter is the arm's name, not an article
    s = re.sub(r"\b(group|arm|cohort|regimen|series)\s+a\b", r"\1 arm_a", s)
    return {t for t in re.findall(r"[a-z0-9_]+", s) if t not in STOP}


def group_match(g, p):
    a, b = tokens(g), tokens(p)
    if not a and not b:
        return True
    if not a or not b:
        return False
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return len(a & b) / len(a | b) >= 0.5 or small <= big


def p_match(g, p):
    if g.get("p_value") is None:
        return True
    try:
        return abs(float(g["p_value"]) - float(p.get("p_value"))) < 1e-9
    except (TypeError, ValueError):
        return False


def load_gold(gold_dir):
    docs = []
    for f in sorted(glob.glob(os.path.join(gold_dir, "*.gold.json"))):
        d = json.load(open(f, encoding="utf-8"))
        d["_id"] = os.path.basename(f)[: -len(".gold.json")]
        docs.append(d)
    return docs


def assign(gold_docs, preds):
    """Each prediction goes to the gold record with its PMID; failing that (no PMID printed in the text, or a PMID that
    no gold record has), to the gold record of its source file, when that file holds one gold record."""
    by_pmid = {str(g["pmid"]): g["_id"] for g in gold_docs if g.get("pmid")}
    by_doc = defaultdict(list)
    for g in gold_docs:
        by_doc[os.path.basename(g["doc"])].append(g["_id"])
    out = defaultdict(list)
    for p in preds:
        pmid = str(p.get("pmid") or "")
        if pmid in by_pmid:
            out[by_pmid[pmid]].append(p)
            continue
        ids = by_doc.get(os.path.basename(str(p.get("source") or "")), [])
        if len(ids) == 1:
            out[ids[0]].append(p)
    return out


def run_cmd(cmd, paths):
    argv = shlex.split(cmd) + paths
    r = subprocess.run(argv, capture_output=True, text=True)
    if r.returncode not in (0,):
        sys.stderr.write(f"command exited {r.returncode}: {r.stderr[-2000:]}\n")
    return r.stdout


def score(gold_docs, preds, verbose=False):
    by_key = assign(gold_docs, [p for p in preds if p.get("metric") in METRICS])
    stats = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "req": 0})
    attr = {"pairs": 0, "group": 0, "p": 0}
    misses = []
    for g in gold_docs:
        golds = [x for x in g["figures"] if x["metric"] in METRICS]
        ps = by_key.get(g["_id"], [])
        used = set()
        # match required figures first, preferring candidates whose attribution also agrees
        order = sorted(range(len(golds)), key=lambda i: golds[i].get("optional", False))
        matched = {}
        for i in order:
            gi = golds[i]
            cands = [j for j, p in enumerate(ps) if j not in used and core_match(gi, p)]
            if not cands:
                continue
            cands.sort(key=lambda j: -(group_match(gi.get("group"), ps[j].get("group")) + p_match(gi, ps[j])))
            used.add(cands[0])
            matched[i] = cands[0]
        for i, gi in enumerate(golds):
            m = gi["metric"]
            if not gi.get("optional"):
                stats[m]["req"] += 1
            if i in matched:
                stats[m]["tp"] += 1
                p = ps[matched[i]]
                attr["pairs"] += 1
                gm, pm = group_match(gi.get("group"), p.get("group")), p_match(gi, p)
                attr["group"] += gm
                attr["p"] += pm
                if verbose and not (gm and pm):
                    misses.append(f"ATTR {g['_id']}: gold {brief(gi)} | pred group={p.get('group')!r} p={p.get('p_value')}")
            elif not gi.get("optional"):
                stats[m]["fn"] += 1
                if verbose:
                    misses.append(f"MISS {g['_id']}: {brief(gi)}")
        for j, p in enumerate(ps):
            if j not in used:
                stats[p["metric"]]["fp"] += 1
                if verbose:
                    misses.append(f"FALSE {g['_id']}: {brief(p)} «{(p.get('sentence') or '')[:120]}»")
    return stats, attr, misses


def brief(f):
    tp = f" @{f['timepoint']}" if f.get("timepoint") else ""
    grp = f" [{f.get('group')}]" if f.get("group") else ""
    return f"{f.get('metric')}/{f.get('measure')} {norm_bound(f.get('bound'))}{f.get('value')} {f.get('unit')}{tp}{grp}"


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold_dir")
    ap.add_argument("docs_dir")
    ap.add_argument("--cmd", default="nettool extract --format jsonl")
    ap.add_argument("--pred")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    gold = load_gold(a.gold_dir)
    if a.pred:
        out = open(a.pred, encoding="utf-8").read()
    else:
        paths = sorted({os.path.join(a.docs_dir, g["doc"]) for g in gold})
        out = run_cmd(a.cmd, paths)
    preds = []
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                preds.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    stats, attr, misses = score(gold, preds, a.verbose)
    tot = {"tp": 0, "fp": 0, "fn": 0}
    rows = []
    for m in METRICS:
        s = stats.get(m)
        if not s:
            continue
        for k in tot:
            tot[k] += s[k]
        rows.append((m, s["req"], s["tp"], s["fp"], s["fn"], *prf(s["tp"], s["fp"], s["fn"])))
    P, R, F = prf(tot["tp"], tot["fp"], tot["fn"])
    ga = attr["group"] / attr["pairs"] if attr["pairs"] else 0.0
    pa = attr["p"] / attr["pairs"] if attr["pairs"] else 0.0
    if a.json:
        print(json.dumps({"precision": P, "recall": R, "f1": F, "group_acc": ga, "p_acc": pa, "preds": len(preds),
                          "by_metric": {r[0]: dict(zip(["req", "tp", "fp", "fn", "p", "r", "f1"], r[1:])) for r in rows}}))
        return
    if a.verbose:
        for line in misses:
            print(line)
    print(f"{'metric':<11}{'gold':>5}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>7}{'R':>7}{'F1':>7}")
    for r in rows:
        print(f"{r[0]:<11}{r[1]:>5}{r[2]:>5}{r[3]:>5}{r[4]:>5}{r[5]:>7.3f}{r[6]:>7.3f}{r[7]:>7.3f}")
    print(f"attribution over {attr['pairs']} matched: group {ga:.3f}  p-value {pa:.3f}")
    print(f"TOTAL P={P:.3f} R={R:.3f} F1={F:.3f} group={ga:.3f} (predictions read: {len(preds)})")


if __name__ == "__main__":
    main()
