#!/usr/bin/env python3
"""Grid over the deduplication knobs on the DEV half of the incident gold (odd-numbered gold incidents);
the other half stays for the test figure. Reports are built once; each setting only re-runs dedup.

  python bench/tune_incidents.py --tagged TAGGED.jsonl --gold data/incidents_gold/gold.jsonl
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arabert_ner.config import IncidentsConfig  # noqa: E402
from arabert_ner.incidents.dedup import DedupRule, deduplicate  # noqa: E402
from arabert_ner.incidents.pipeline import reports_of  # noqa: E402
from arabert_ner.incidents.scoring import read_incidents, score_incidents  # noqa: E402


def halves(gold):
    return gold[0::2], gold[1::2]  # dev: 1st, 3rd, ... gold incident; test: 2nd, 4th, ...


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tagged", required=True)
    ap.add_argument("--gold", required=True)
    args = ap.parse_args()
    records = [json.loads(line) for line in open(args.tagged, encoding="utf-8")]
    reports = list(reports_of(records, IncidentsConfig()))
    dev, test = halves(read_incidents(args.gold))
    rows = []
    for window, ratio, sim, override in itertools.product((5, 7), (0.3, 0.2, 0.0), (0.2,), (0.6, 1.01)):
        rule = DedupRule(window, 30.0, ratio, 3, sim, min(override, 1.0) if override <= 1 else 1.0)
        if override > 1:
            rule = DedupRule(window, 30.0, ratio, 3, sim, 1.0)
        pred = [i.record() for i in deduplicate(reports, rule)]
        d = score_incidents(dev, pred)["b_cubed"]
        rows.append((d["f1"], window, ratio, sim, override, d["precision"], d["recall"], pred))
        print(f"window {window} ratio {ratio} sim {sim} override {override}: dev B3 P {d['precision']:.3f} "
              f"R {d['recall']:.3f} F1 {d['f1']:.3f}", flush=True)
    default = DedupRule.from_config(IncidentsConfig())
    pred = [i.record() for i in deduplicate(reports, default)]
    for name, half in (("dev", dev), ("test", test)):
        b = score_incidents(half, pred)["b_cubed"]
        print(f"shipped defaults on {name}: B3 P {b['precision']:.3f} R {b['recall']:.3f} F1 {b['f1']:.3f}")
    best = max(rows, key=lambda r: r[0])
    t = score_incidents(test, best[-1])
    print(f"best on dev: window {best[1]} ratio {best[2]} sim {best[3]} override {best[4]} (dev F1 {best[0]:.3f}); "
          f"test B3 F1 {t['b_cubed']['f1']:.3f} P {t['b_cubed']['precision']:.3f} R {t['b_cubed']['recall']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
