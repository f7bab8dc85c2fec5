"""Who the victims were: categories (civilians, children, women, security forces, militants, medics,
journalists) read from a casualty span's victim noun and from its subsets (بينهم 28 عسكريا).

The words are data (``data/victims.yaml``). A two-word entry is written with ``_`` (رجال_أمن).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..text.arabic import fold, strip_clitics
from .resources import load_data

CATEGORIES = ("civilians", "children", "women", "security_forces", "militants", "medics", "journalists")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(single word -> category, two-word phrase -> category)."""
    data = load_data("victims.yaml", required=("categories",))
    single, pairs = {}, {}
    for cat, words in data["categories"].items():
        if cat not in CATEGORIES:
            raise ValueError(f"victims.yaml: unknown category {cat!r} (known: {', '.join(CATEGORIES)})")
        for w in words:
            parts = tuple(fold(p) for p in w.split("_"))
            if len(parts) == 1:
                single[parts[0]] = cat
            else:
                pairs[parts[:2]] = cat
    return single, pairs


def category_of(text: str) -> str | None:
    """The victim category named in a span's words: the first word (or two-word phrase) that names one."""
    single, pairs = lexicon()
    words = _WORD.findall(text)
    for i, w in enumerate(words):
        forms = strip_clitics(w)
        if i + 1 < len(words):
            nxt = strip_clitics(words[i + 1])
            hit = next((pairs[(f, g)] for f in forms for g in nxt if (f, g) in pairs), None)
            if hit:
                return hit
        hit = next((single[f] for f in forms if f in single), None)
        if hit:
            return hit
    return None


def victim_counts(event: dict[str, Any], noun_text: str = "") -> dict[str, int | None]:
    """Category -> count for one event. Its own victim noun (``noun_text``: the span and the words after
    it, 14 جنديا أفغانيا) takes the event's count; each subset of another category takes its own count
    (a subset of the same category, 30 جنديا بينهم 5 ضباط, is already inside the head count)."""
    out: dict[str, int | None] = {}
    head = category_of(noun_text or event.get("text", ""))
    if head is not None:
        out[head] = event.get("count")
    for sub in event.get("among") or []:
        cat = category_of(sub.get("text", ""))
        if cat is None or cat == head:
            continue
        n = sub.get("count")
        out[cat] = n if out.get(cat) is None else out[cat] + (n or 0)
    return out
