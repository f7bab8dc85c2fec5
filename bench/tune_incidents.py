#!/usr/bin/env python3
"""The incident stage on the incident gold, split into halves: the DEV half (odd-numbered gold incidents)
is for tuning, the TEST half (even-numbered) only for the reported figure.

  # every metric of the shipped defaults on dev, test and all gold
  python bench/tune_incidents.py --tagged TAGGED.jsonl --gold data/incidents_gold/gold.jsonl
  # and a grid over the deduplication knobs, chosen on dev
  python bench/tune_incidents.py --tagged TAGGED.jsonl --gold data/incidents_gold/gold.jsonl --grid
  # the dev half's errors to read: each gold incident with a wrong field or split over predicted
  # incidents, where its mentions went (and, with --text, each mention in its sentence). Only the dev
  # half: the test half's errors are never printed.
  python bench/tune_incidents.py --tagged TAGGED.jsonl --gold data/incidents_gold/gold.jsonl --errors [--text]

Reports are built once; each setting only re-runs dedup.
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arabert_ner.config import IncidentsConfig  # noqa: E402
from arabert_ner.incidents.dedup import DedupRule, deduplicate  # noqa: E402
from arabert_ner.incidents.pipeline import reports_of  # noqa: E402
from arabert_ner.incidents.scoring import article_key, match_mentions, read_incidents, score_incidents  # noqa: E402

METRICS = ("date_exact", "country", "region", "city", "killed_best_in_range", "injured_best_in_range")


def halves(gold):
    return gold[0::2], gold[1::2]  # dev: 1st, 3rd, ... gold incident; test: 2nd, 4th, ...


def line(name: str, scores: dict) -> str:
    b, acc = scores["b_cubed"], scores["accuracy"]
    rest = " ".join(f"{k} {acc[k]['accuracy']:.3f}" for k in METRICS if k in acc)
    return f"{name:5} B3 P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f} | {rest}"


def grid(reports, dev, test) -> None:
    rows = []
    for window, ratio, sim, override in itertools.product((5, 7), (0.3, 0.2, 0.0), (0.1, 0.2), (0.6, 1.0)):
        rule = dataclasses.replace(DedupRule(), date_window_days=window, count_ratio=ratio, min_similarity=sim,
                                   place_override_similarity=override)
        pred = [i.record() for i in deduplicate(reports, rule)]
        d = score_incidents(dev, pred)["b_cubed"]
        rows.append((d["f1"], rule, pred))
        print(f"{rule}: dev B3 P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}", flush=True)
    best = max(rows, key=lambda r: r[0])
    print(f"best on dev: {best[1]} (dev F1 {best[0]:.3f}); {line('test', score_incidents(test, best[2]))}")


def _short(inc: dict) -> str:
    figures = " ".join(f"{t[0].upper()}={(inc.get(t) or {}).get('best')}" for t in ("killed", "injured"))
    return (f"{inc.get('date')}/{inc.get('date_precision')} {inc.get('country')}/{inc.get('admin1')}/"
            f"{(inc.get('city') or {}).get('name')} {figures}")


def errors(dev: list, pred: list, texts: dict, with_text: bool) -> None:
    """Each dev gold incident with a wrong field or whose mentions are split, and where they went."""
    rows = score_incidents(dev, pred)["per_incident"]
    matched = match_mentions(dev, pred)
    for gi, (g, row) in enumerate(zip(dev, rows)):
        wrong = [k for k in ("date_exact", "country", "region", "city", "killed", "injured") if row.get(k) is False]
        spread = Counter(matched.get((gi, mi)) for mi in range(len(g["mentions"])))
        if not wrong and list(spread) == [next(iter(spread))] and None not in spread:
            continue
        print(f"== {g['incident_id']} gold {_short(g)} wrong={wrong}")
        for pi, n in spread.most_common():
            print(f"   {'unmatched' if pi is None else pred[pi]['incident_id'] + ' ' + _short(pred[pi])} x{n}")
        for mi, m in enumerate(g["mentions"] if with_text else ()):
            t, pi = texts.get(article_key(m["article_id"]), ""), matched.get((gi, mi))
            where = pred[pi]["incident_id"] if pi is not None else "-"
            print(f"     [{where}] {m['article_id']} {m['type']}: ...{t[max(0, m['start'] - 70):m['start']]}"
                  f"[[{t[m['start']:m['end']]}]]{t[m['end']:m['end'] + 50]}...".replace("\n", " "))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tagged", required=True)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--grid", action="store_true", help="also search the dedup knobs on the dev half")
    ap.add_argument("--errors", action="store_true", help="print the dev half's errors (never the test half's)")
    ap.add_argument("--text", action="store_true", help="with --errors: each gold mention in its sentence")
    args = ap.parse_args()
    records = [json.loads(line) for line in open(args.tagged, encoding="utf-8")]
    reports = list(reports_of(records, IncidentsConfig()))
    gold = read_incidents(args.gold)
    dev, test = halves(gold)
    pred = [i.record() for i in deduplicate(reports, DedupRule.from_config(IncidentsConfig()))]
    for name, half in (("dev", dev), ("test", test), ("all", gold)):
        print(line(name, score_incidents(half, pred)))
    if args.grid:
        grid(reports, dev, test)
    if args.errors:
        errors(dev, pred, {article_key(r["id"]): r.get("text", "") for r in records}, args.text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
