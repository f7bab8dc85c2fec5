"""Who the victims were: categories (civilians, children, women, security forces, militants, medics,
journalists) read from a casualty span's victim noun and from its subsets (بينهم 28 عسكريا).

The words are data (``data/victims.yaml``). A multi-word entry is written with ``_`` (رجال_أمن).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..numbers import fold, strip_clitics
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
    """The victim category named in a span's words, the first that names one."""
    single, pairs = lexicon()
    words = _WORD.findall(text)
    for i, w in enumerate(words):
        forms = strip_clitics(w)
        if i + 1 < len(words):
            nxt = strip_clitics(words[i + 1])
            for f in forms:
                for g in nxt:
                    if (f, g) in pairs:
                        return pairs[(f, g)]
        for f in forms:
            if f in single:
                return single[f]
    return None


def victim_counts(event: dict[str, Any], noun_text: str = "") -> dict[str, int | None]:
    """Category -> count for one event: its own victim noun (``noun_text``: the span and the word after
    it, 14 جنديا أفغانيا) takes the event's count; each subset takes its own."""
    out: dict[str, int | None] = {}
    cat = category_of(noun_text or event.get("text", ""))
    if cat is not None:
        out[cat] = event.get("count")
    for sub in event.get("among") or []:
        c = category_of(sub.get("text", ""))
        if c is not None:
            prev = out.get(c)
            n = sub.get("count")
            out[c] = (prev or 0) + n if (n is not None and c not in out or prev is not None and n is not None
                                         and cat != c) else (n if prev is None else prev)
    return out
