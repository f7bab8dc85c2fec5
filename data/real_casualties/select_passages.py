#!/usr/bin/env python3
"""Choose the passages of the real-news casualty gold from SaudiNewsNet's casualty candidates.

Writes stand-off passage lists only (article id, source, character offsets, the features that got the
passage chosen): the article text is CC BY-NC-SA and stays in ../shared. Deterministic: the same input
gives the same passages.

    python data/real_casualties/select_passages.py ../shared/data/saudinewsnet/casualty_candidates.jsonl

Split by article (a hash of the id), so no article has passages in both dev and test; dev2 is a second
dev sample, from dev articles with no passage in dev, and dev3 a third, from dev articles with no passage in dev or dev2.
Those used up the dev articles, so dev4 takes other passages of the dev articles: none overlaps a passage of
dev, dev2 or dev3 (still no article shared with test); dev5 to dev10 likewise, overlapping none
of the samples before them either. A split whose passage file exists is kept as it is. Passages are 1-3
consecutive sentences (a sentence ends at . ! ? ؟ or a line break), at most 2 per article, chosen to
cover every newspaper and each feature below, with at least 35% negatives and distractors.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PER_SPLIT = 265
MAX_PER_ARTICLE = 2
MAX_CHARS = 420

AR = "\u0621-\u064a"
CASUALTY = re.compile(r"(?<![\u0621-\u064a])[وف]?[بلك]?(?:ال)?(?:قتل|مقتل|قتيل|قتلى|استشهد|استشهاد|شهيد|شهداء|مصرع|حتف|جرح|جريح|جرحى|[إا]صاب|مصاب|وفاة|وفيات|توفي|بحياة|جثث|جثة|غرق)")
DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
FEATURES = {
    "number_word": re.compile(r"(?<![\u0621-\u064a])[وب]?(?:اثن|ثلاث|أربع|اربع|خمس|ست|سبع|ثمان|تسع|عشر|مئة|مائة|مئات|ألف|الف|آلاف)[\u0621-\u064a]{0,3}(?![\u0621-\u064a])"),
    "dual": re.compile(r"(?<![\u0621-\u064a])[وب]?(?:شخص|جندي|طفل|شرطي|مدني|رجل|شقيق|عسكري|مواطن|قتيل|جريح|مصاب|شهيد|امرأت|سيدت|طفلت)(?:ان|ين|يين|يان)(?![\u0621-\u064a])"),
    "vague": re.compile(r"عشرات|مئات|آلاف|بضعة|عدد من|العديد من"),
    "glued_digits": re.compile(r"[\u0621-\u064a][0-9\u0660-\u0669]|[0-9\u0660-\u0669][\u0621-\u064a]"),
    "qualifier": re.compile(r"أكثر من|اكثر من|نحو|حوالي|حوالى|قرابة|ما لا يقل|على الأقل|على الاقل"),
    "subset": re.compile(r"بينهم|منهم|من بينهم|بينها"),
    "indic_digits": re.compile(r"[\u0660-\u0669\u06f0-\u06f9]"),
    "update": re.compile(r"ارتفع|حصيلة|الحصيلة"),
    "disease": re.compile(r"فيروس|كورونا|مرض|سرطان|بالسرطان|الإيدز|تشخيص|عدوى|وباء|حالات"),
    "sports": re.compile(r"مباراة|لاعب|الدوري|المنتخب|الملعب|المدرب|نادي|النادي"),
    "arrest": re.compile(r"اعتقال|القبض|اعتقل|الموقوفين|سجن|توقيف"),
    "hostage": re.compile(r"رهائن|رهينة|اختطاف|خطف|مخطوف"),
    "age": re.compile(r"عاما|عامًا|من العمر|سنة"),
    "spent": re.compile(r"(?<![\u0621-\u064a])[وف]?(?:قضى|قضت|قضوا|يقضي|تقضي)"),
    "place_martyrs": re.compile(r"حي الشهداء|ميدان الشهداء|ساحة الشهداء|الشهداء"),
}
DISTRACTORS = ("disease", "sports", "arrest", "hostage", "age", "spent", "place_martyrs")


def split(article_id: str) -> str:
    return "dev" if int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges of sentences, stripped of surrounding white space."""
    out, start = [], 0
    for m in re.finditer(r"[.!?؟]+(?=\s)|\n+", text):
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(text)))
    ranges = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= 15:
            ranges.append((s, e))
    return ranges


def features(passage: str) -> set[str]:
    found = {name for name, rx in FEATURES.items() if rx.search(passage)}
    if DIGIT.search(passage):
        found.add("digits")
    if CASUALTY.search(passage):
        found.add("casualty_word")
    return found


def candidates(article: dict) -> list[dict]:
    text = article["text"]
    sents = sentences(text)
    out = []
    for i, (s, e) in enumerate(sents):
        for n in (1, 2, 3):
            if i + n > len(sents):
                break
            ps, pe = s, sents[i + n - 1][1]
            if pe - ps > MAX_CHARS:
                break
            feats = features(text[ps:pe])
            if n > 1 and not ("casualty_word" in feats or "digits" in feats):
                continue
            out.append({"article_id": article["id"], "source": article["source"], "start": ps, "end": pe,
                        "sentences": n, "features": sorted(feats)})
    return out


def kind(c: dict) -> str:
    f = set(c["features"])
    if "casualty_word" in f and ({"digits", "number_word", "dual", "vague"} & f):
        return "likely_positive"
    if f & set(DISTRACTORS) and ("digits" in f or "casualty_word" in f or "number_word" in f):
        return "distractor"
    if "casualty_word" in f or "digits" in f:
        return "other"
    return "none"


def choose(articles: list[dict], rng: random.Random, taken: dict | None = None) -> list[dict]:
    """Greedy cover: rarer features and sources first, then fill to quotas of likely positives/negatives.

    ``taken`` maps an article id to the (start, end) ranges of earlier passages; no candidate overlaps one.
    """
    taken = taken or {}
    pool = [c for a in articles for c in candidates(a) if kind(c) != "none"
            and not any(s < c["end"] and c["start"] < e for s, e in taken.get(a["id"], ()))]
    rng.shuffle(pool)
    chosen, per_article = [], Counter()

    def take(c: dict) -> bool:
        if per_article[c["article_id"]] >= MAX_PER_ARTICLE:
            return False
        if any(o["article_id"] == c["article_id"] and o["start"] < c["end"] and c["start"] < o["end"] for o in chosen):
            return False
        chosen.append(c)
        per_article[c["article_id"]] += 1
        return True

    # 1. every source and every feature at least a few times
    for source in sorted({a["source"] for a in articles}):
        n = 0
        for c in pool:
            if c["source"] == source and n < 4 and take(c):
                n += 1
    for feat in sorted(set(FEATURES) | {"digits"}):
        n = 0
        for c in pool:
            if feat in c["features"] and n < 8 and take(c):
                n += 1
    # 2. fill: 55% likely positives, the rest distractors and other
    quota = {"likely_positive": int(PER_SPLIT * 0.55)}
    have = Counter(kind(c) for c in chosen)
    for c in pool:
        if len(chosen) >= PER_SPLIT:
            break
        k = kind(c)
        if k == "likely_positive" and have[k] >= quota[k]:
            continue
        if k != "likely_positive" and sum(v for kk, v in have.items() if kk != "likely_positive") >= PER_SPLIT - quota["likely_positive"]:
            continue
        if take(c):
            have[k] += 1
    chosen.sort(key=lambda c: (c["article_id"], c["start"]))
    return chosen


DEV_SAMPLES = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10")
OTHER_PASSAGES = ("dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10")  # other passages of the dev articles, not other articles


def _read(name: str) -> list[dict]:
    f = HERE / f"{name}_passages.jsonl"
    return [json.loads(line) for line in open(f, encoding="utf-8")] if f.exists() else []


def _pool(name: str, by_split: dict[str, list[dict]]) -> tuple[list[dict], dict | None]:
    """The articles a sample is drawn from, and the passage ranges it may not overlap. Read when its
    turn comes, from the samples before it as written by then, so a run from scratch gives the same."""
    if name == "test":
        return by_split["test"], None
    earlier = [c for e in DEV_SAMPLES[:DEV_SAMPLES.index(name)] for c in _read(e)]
    if name in OTHER_PASSAGES:
        taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for c in earlier:
            taken[c["article_id"]].append((c["start"], c["end"]))
        return by_split["dev"], taken
    used = {c["article_id"] for c in earlier}  # dev2, dev3: dev articles with no passage in a sample before
    return [a for a in by_split["dev"] if a["id"] not in used], None


def main(path: str) -> None:
    articles = [json.loads(line) for line in open(path, encoding="utf-8")]
    by_split = defaultdict(list)
    for a in articles:
        by_split[split(a["id"])].append(a)
    for name in ("dev", "test", *DEV_SAMPLES[1:]):
        if (HERE / f"{name}_passages.jsonl").exists():
            continue  # a split is chosen once; its annotations point into it
        pool, taken = _pool(name, by_split)
        chosen = choose(pool, random.Random(f"real-casualties-{name}"), taken)
        out = HERE / f"{name}_passages.jsonl"
        with open(out, "w", encoding="utf-8") as f:
            for i, c in enumerate(chosen, 1):
                c = {"id": f"real-{name}-{i:03d}", **c}
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
        kinds = Counter(kind(c) for c in chosen)
        print(f"{name}: {len(chosen)} passages from {len({c['article_id'] for c in chosen})} articles; {dict(kinds)}; "
              f"sources {dict(Counter(c['source'] for c in chosen))}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(HERE.parents[2] / "shared/data/saudinewsnet/casualty_candidates.jsonl"))
