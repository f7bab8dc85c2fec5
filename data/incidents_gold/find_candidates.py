"""Print candidate incident clusters and reporting articles for annotating the incident gold set (prints only).

Two modes, both over ../shared/data/saudinewsnet/casualty_candidates.jsonl, with casualty spans from the project's
rule engine (arabert_ner.casualties, engine "rules"):

  clusters   group articles whose casualty spans share a count and a nearby word within a few days
             python data/incidents_gold/find_candidates.py clusters --min-articles 3
  near       every casualty span within --window characters of a regex (a place, an event word), per article:
             this is the search recorded in each incident's notes ("Search: regex ...")
             python data/incidents_gold/find_candidates.py near 'سوروتش|سروج' --window 250

The output is for a person to read the articles and decide; nothing here writes gold.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from arabert_ner.casualties import CasualtyExtractor  # noqa: E402

DEFAULT_ARTICLES = ROOT.parent / "shared" / "data" / "saudinewsnet" / "casualty_candidates.jsonl"
WORD = re.compile(r"[\u0621-\u064A]{4,}")
# Words too common near casualty spans to tell incidents apart.
STOP = set("""مقتل وإصابة إصابة اصابة أصيب واصيب وأصيب قتلوا آخرين آخرون اخرين الأقل الاقل أسفر اسفر حصيلة
الهجوم هجوم انفجار تفجير بجروح مصرعهم شخصا أشخاص اشخاص قتيلا جريحا الذي التي وقال وقالت مصادر أمنية الأمن
العراق سوريا اليمن تركيا أفغانستان بحسب حيث وذلك فيما خلال الماضي أمس اليوم""".split())


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def spans(rows: list[dict]) -> list[list[dict]]:
    extractor = CasualtyExtractor()
    return [[e.to_json() for e in extractor.extract(r["text"])] for r in rows]


def clusters(rows, events, min_articles: int, days: int) -> None:
    keyed = defaultdict(set)
    for i, (row, evs) in enumerate(zip(rows, events)):
        for e in evs:
            if e["count"] is None or e["count"] < 2:
                continue
            around = row["text"][max(0, e["start"] - 80): e["end"] + 80]
            for w in set(WORD.findall(around)) - STOP:
                keyed[(e["type"], e["count"], w)].add(i)
    seen = set()
    for (typ, count, word), idx in sorted(keyed.items(), key=lambda kv: -len(kv[1])):
        days_ = sorted(date.fromisoformat(rows[i]["date"][:10]) for i in idx)
        if len(idx) < min_articles or (days_[-1] - days_[0]).days > days:
            continue
        key = frozenset(idx)
        if key in seen:
            continue
        seen.add(key)
        print(f"## {typ} {count} near «{word}»: {len(idx)} articles, {days_[0]} .. {days_[-1]}")
        for i in sorted(idx):
            print(f"   {rows[i]['id']}  {rows[i]['source']:<12} {rows[i]['title'][:70]}")


def near(rows, events, pattern: str, window: int) -> None:
    rx = re.compile(pattern)
    for row, evs in zip(rows, events):
        hits = [m.start() for m in rx.finditer(row["text"])]
        if not hits and not rx.search(row["title"]):
            continue
        print(f"## {row['id']} {row['date']} {row['source']} | {row['title'][:80]}")
        for k, e in enumerate(evs):
            if any(abs(e["start"] - h) <= window for h in hits):
                t = row["text"]
                context = (t[max(0, e["start"] - 50): e["start"]] + "[[" + t[e["start"]:e["end"]] + "]]"
                           + t[e["end"]: e["end"] + 50]).replace("\n", " ")
                print(f"   e{k} {e['type']} {e['count']} [{e['start']}, {e['end']}) :: {context}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    sub = parser.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("clusters", help="articles sharing a count and a nearby word")
    c.add_argument("--min-articles", type=int, default=3)
    c.add_argument("--days", type=int, default=7, help="largest spread of article dates in a cluster")
    n = sub.add_parser("near", help="casualty spans near a regex in every article")
    n.add_argument("pattern")
    n.add_argument("--window", type=int, default=250)
    args = parser.parse_args(argv)
    if not args.articles.is_file():
        print(f"error: {args.articles} not found", file=sys.stderr)
        return 2
    rows = load(args.articles)
    events = spans(rows)
    if args.mode == "clusters":
        clusters(rows, events, args.min_articles, args.days)
    else:
        near(rows, events, args.pattern, args.window)
    return 0


if __name__ == "__main__":
    sys.exit(main())
