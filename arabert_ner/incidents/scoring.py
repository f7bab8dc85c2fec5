"""Scoring incidents against an incident gold set (``data/incidents_gold/gold.jsonl``, stand-off).

Gold: one incident a line, ``{"incident_id", "date", "date_precision", "country", "admin1", "region",
"city": {"geonameid", "name"} | null, "killed": {"best", "low", "high"} | null, "injured": ...,
"victims", "mentions": [{"article_id", "start", "end", "type"}], "notes"}``.

Each gold mention is matched to the predicted mention of the same article that overlaps it most (one to
one); clustering is scored with B-cubed over the gold mentions (an unmatched gold mention is a cluster
of its own, so missing mentions cost recall). Each gold incident is then paired with the predicted
incident that holds most of its matched mentions, and its attributes are compared: date (exact day, and
within the precision the prediction claims), place (country, admin1 region, city geonameid) and the
best killed / injured figure within the gold range.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..errors import DataError

_INDEX = re.compile(r"^(.*-)0*(\d+)$")


def article_key(article_id: str) -> str:
    """One spelling of an article id: SaudiNewsNet's casualty candidates pad the day index
    (``saudinewsnet-2015-07-21-0003``), the full export does not (``...-3``); both name the same text."""
    m = _INDEX.match(article_id)
    return f"{m.group(1)}{m.group(2)}" if m else article_id


_WITHIN_DAYS = {"day": (0, 0), "report": (2, 0), "week": (3, 3), "month": (15, 15), "unknown": (183, 183)}


def read_incidents(path: str | Path, what: str = "incidents") -> list[dict[str, Any]]:
    """Incident JSONL (gold or predicted): each line an object with a ``mentions`` list."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{what} file not found", str(path))
    out = []
    with open(path, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise DataError(f"invalid JSON ({e.msg})", str(path), n) from None
            if not isinstance(rec, dict) or not isinstance(rec.get("mentions"), list):
                raise DataError("an incident needs a 'mentions' list", str(path), n)
            for m in rec["mentions"]:
                if not (isinstance(m, dict) and isinstance(m.get("article_id"), str)
                        and isinstance(m.get("start"), int) and isinstance(m.get("end"), int)):
                    raise DataError("a mention needs 'article_id', integer 'start' and 'end'", str(path), n)
            out.append(rec)
    if not out:
        raise DataError(f"no {what} in the file", str(path))
    return out


def match_mentions(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[tuple[int, int], int]:
    """(gold incident index, gold mention index) -> predicted incident index, by largest overlap."""
    by_article: dict[str, list[tuple[int, int, str, int]]] = defaultdict(list)
    for pi, inc in enumerate(pred):
        for m in inc["mentions"]:
            by_article[article_key(m["article_id"])].append((m["start"], m["end"], m.get("type"), pi))
    pairs = []
    for gi, inc in enumerate(gold):
        for mi, m in enumerate(inc["mentions"]):
            art = article_key(m["article_id"])
            for k, (s, e, typ, pi) in enumerate(by_article.get(art, ())):
                overlap = min(e, m["end"]) - max(s, m["start"])
                if overlap > 0:
                    pairs.append((overlap + (0.5 if typ == m.get("type") else 0), gi, mi, art, k, pi))
    pairs.sort(key=lambda p: -p[0])
    used_gold, used_pred, out = set(), set(), {}
    for _, gi, mi, art, k, pi in pairs:
        if (gi, mi) in used_gold or (art, k) in used_pred:
            continue
        used_gold.add((gi, mi))
        used_pred.add((art, k))
        out[(gi, mi)] = pi
    return out


def b_cubed(gold: list[dict[str, Any]], matched: dict[tuple[int, int], int]) -> dict[str, float]:
    items = [(gi, mi) for gi, inc in enumerate(gold) for mi in range(len(inc["mentions"]))]
    pred_cluster = {it: ("pred", matched[it]) if it in matched else ("alone", it) for it in items}
    members: dict[Any, list] = defaultdict(list)
    for it, c in pred_cluster.items():
        members[c].append(it)
    gold_size = Counter(gi for gi, _ in items)
    p = r = 0.0
    for it in items:
        cluster = members[pred_cluster[it]]
        same = sum(1 for o in cluster if o[0] == it[0])
        p += same / len(cluster)
        r += same / gold_size[it[0]]
    n = len(items)
    precision, recall = p / n, r / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "mentions": n,
            "mentions_matched": len(matched)}


def _date_within(pred: dict[str, Any], gold_date: str) -> bool:
    if not pred.get("date"):
        return False
    p, g = dt.date.fromisoformat(pred["date"]), dt.date.fromisoformat(gold_date)
    before, after = _WITHIN_DAYS.get(pred.get("date_precision"), (0, 0))
    return -before <= (g - p).days <= after


def _in_range(pred_fig: dict[str, Any] | None, gold_fig: dict[str, Any]) -> bool:
    best = (pred_fig or {}).get("best")
    if best is None:
        return False
    lo = gold_fig.get("low") if gold_fig.get("low") is not None else gold_fig.get("best")
    hi = gold_fig.get("high") if gold_fig.get("high") is not None else gold_fig.get("best")
    return lo is not None and hi is not None and lo <= best <= hi


def score_incidents(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    """Every metric, plus one row per gold incident for the report."""
    matched = match_mentions(gold, pred)
    clustering = b_cubed(gold, matched)
    rows = []
    tallies: dict[str, list[bool]] = defaultdict(list)
    for gi, g in enumerate(gold):
        hits = Counter(pi for (i, _), pi in matched.items() if i == gi)
        p = pred[hits.most_common(1)[0][0]] if hits else None
        row = {"gold": g["incident_id"], "pred": p and p.get("incident_id"),
               "mentions_matched": sum(hits.values()), "mentions": len(g["mentions"])}
        row["date_exact"] = bool(p) and p.get("date") == g["date"]
        row["date_within"] = bool(p) and _date_within(p, g["date"])
        row["country"] = bool(p) and p.get("country") == g.get("country")
        for key in ("date_exact", "date_within", "country"):
            tallies[key].append(row[key])
        if g.get("admin1") is not None:
            row["region"] = bool(p) and p.get("admin1") == g["admin1"]
            tallies["region"].append(row["region"])
        if g.get("city"):
            row["city"] = bool(p) and (p.get("city") or {}).get("geonameid") == g["city"]["geonameid"]
            tallies["city"].append(row["city"])
        for typ in ("killed", "injured"):
            if g.get(typ) and g[typ].get("best") is not None:
                row[typ] = bool(p) and _in_range(p.get(typ), g[typ])
                tallies[f"{typ}_best_in_range"].append(row[typ])
        if p:
            row["pred_date"], row["pred_place"] = p.get("date"), ((p.get("city") or {}).get("name") or p.get("admin1")
                                                                   or p.get("country"))
            row["pred_killed"] = (p.get("killed") or {}).get("best")
        row["gold_date"], row["gold_place"] = g["date"], ((g.get("city") or {}).get("name") or g.get("region")
                                                          or g.get("country"))
        row["gold_killed"] = g.get("killed")
        rows.append(row)
    accuracy = {k: {"accuracy": sum(v) / len(v), "n": len(v)} for k, v in tallies.items()}
    return {"incidents_gold": len(gold), "incidents_predicted": len(pred), "b_cubed": clustering,
            "accuracy": accuracy, "per_incident": rows}


def write_report(metrics: dict[str, Any], out_dir: Path, gold_path: str, pred_path: str) -> str:
    from ..files import atomic_write_json, atomic_write_text

    out_dir = Path(out_dir)
    atomic_write_json(out_dir / "metrics.json", {k: v for k, v in metrics.items()})
    b = metrics["b_cubed"]
    lines = ["# Incident evaluation", "", f"gold: `{gold_path}` ({metrics['incidents_gold']} incidents, "
             f"{b['mentions']} mentions); predicted: `{pred_path}` ({metrics['incidents_predicted']} incidents)", "",
             "| metric | value | n |", "|---|---|---|",
             f"| B-cubed precision | {b['precision']:.3f} | {b['mentions']} |",
             f"| B-cubed recall | {b['recall']:.3f} | {b['mentions']} |",
             f"| B-cubed F1 | {b['f1']:.3f} | {b['mentions']} |",
             f"| gold mentions matched by a predicted mention | {b['mentions_matched'] / b['mentions']:.3f} | "
             f"{b['mentions']} |"]
    for key, label in (("date_exact", "date, exact day"), ("date_within", "date, within the predicted precision"),
                       ("country", "country"), ("region", "region (admin1)"), ("city", "city"),
                       ("killed_best_in_range", "best killed within the gold range"),
                       ("injured_best_in_range", "best injured within the gold range")):
        if key in metrics["accuracy"]:
            a = metrics["accuracy"][key]
            lines.append(f"| {label} | {a['accuracy']:.3f} | {a['n']} |")
    lines += ["", "## Per gold incident", "", "| gold | pred | mentions | date (gold / pred) | place (gold / pred) | "
              "killed (gold best [low-high] / pred) | wrong |", "|---|---|---|---|---|---|---|"]
    for r in metrics["per_incident"]:
        wrong = [k for k in ("date_exact", "country", "region", "city", "killed", "injured") if r.get(k) is False]
        gk = r.get("gold_killed") or {}
        lines.append(f"| {r['gold']} | {r['pred'] or '—'} | {r['mentions_matched']}/{r['mentions']} | "
                     f"{r['gold_date']} / {r.get('pred_date') or '—'} | {r['gold_place']} / {r.get('pred_place') or '—'} | "
                     f"{gk.get('best')} [{gk.get('low')}-{gk.get('high')}] / {r.get('pred_killed')} | "
                     f"{', '.join(wrong)} |")
    text = "\n".join(lines) + "\n"
    atomic_write_text(out_dir / "report.md", text)
    return text


def run_incident_evaluation(gold_path: str, pred_path: str, out_dir: str | Path) -> dict[str, Any]:
    gold = read_incidents(gold_path, "gold incidents")
    pred = read_incidents(pred_path, "predicted incidents")
    metrics = score_incidents(gold, pred)
    write_report(metrics, Path(out_dir), gold_path, pred_path)
    return metrics
