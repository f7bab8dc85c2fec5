"""Cumulative tolls: figures over a period (منذ بداية العام, خلال العام الماضي), totals over many
incidents (الحصيلة الإجمالية; a country-wide figure containing the local ones of the same article is
found by :mod:`arabert_ner.incidents.mentions`), and updates of a toll just reported (ارتفعت الحصيلة إلى).

:func:`round_up_after` reads a total over several attacks told right after its toll (قتل أكثر من 50
شخصا، يوم أمس، في هجمات): such a report joins an incident but gives its figure only when nothing else does.
Period and aggregate figures become rows of their own flagged ``cumulative`` and stay out of every sum;
an update is the incident's latest figure, never a second incident. The cues are data
(``data/cumulative.yaml``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..casualties.lexicon import default_lexicon
from ..text.arabic import fold, strip_clitics
from .resources import load_data

KINDS = ("period", "aggregate", "update")  # and "oversized", set by reports.py from incidents.max_incident_figure
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def cues() -> tuple[dict[str, list[tuple[str, ...]]], int]:
    data = load_data("cumulative.yaml", required=KINDS + ("window",))
    window = data["window"]
    if not isinstance(window, int) or window < 1:
        raise ValueError("cumulative.yaml: window must be a positive integer")
    return {k: sorted((tuple(fold(w) for w in p.split()) for p in data[k]), key=len, reverse=True)
            for k in KINDS}, window


def _find(words: list[str], phrases: list[tuple[str, ...]]) -> bool:
    for i in range(len(words)):
        forms = strip_clitics(words[i])
        for p in phrases:
            if p[0] in forms and tuple(words[i + 1:i + len(p)]) == p[1:]:
                return True
    return False


def _since_date(words: list[str]) -> bool:
    """منذ followed by a month or a year (منذ نيسان 2014, منذ 2011): a toll counted since then."""
    from .date_words import tables

    t = tables()
    months = {k[0] for k in t.gregorian} | {k[0] for k in t.hijri}
    for i, w in enumerate(words[:-1]):
        if w in (fold("منذ"), fold("ومنذ")):
            nxt = words[i + 1]
            if nxt in months or (nxt.isdigit() and len(nxt) == 4):
                return True
    return False


def cumulative_kind(before: str, after: str = "") -> str | None:
    """'period', 'aggregate', 'update' or None for a count with ``before`` / ``after`` it in its sentence.

    Update and aggregate cues are read before the count (ارتفعت الحصيلة إلى 30); period cues on both
    sides (قتل 300 منذ بداية العام).
    """
    table, window = cues()
    pre = _WORD.findall(fold(before))[-window:]
    post = _WORD.findall(fold(after))[:window]
    if _find(pre, table["period"]) or _find(post, table["period"]) or _since_date(pre) or _since_date(post):
        return "period"
    if _find(pre, table["aggregate"]) or _find(post[:3], table["aggregate"]):
        return "aggregate"
    if _find(pre, table["update"]):
        return "update"
    return None


@lru_cache(maxsize=1)
def _round_up_after() -> tuple[int, frozenset[str]]:
    data = load_data("dedup.yaml", required=("round_up_after",))["round_up_after"]
    if not isinstance(data, dict) or not isinstance(data.get("max_gap"), int) or data["max_gap"] < 0 \
            or not isinstance(data.get("gap_words"), list):
        raise ValueError("dedup.yaml: round_up_after needs max_gap (an integer >= 0) and gap_words (a list)")
    return data["max_gap"], frozenset(fold(w) for w in data["gap_words"])


def round_up_after(after: str) -> bool:
    """The words after a toll in its sentence are, past at most ``max_gap`` time words and qualifiers,
    في (or ب) and a word naming several attacks: قتل أكثر من 50 شخصا، يوم أمس (الأربعاء)، في هجمات."""
    max_gap, gap = _round_up_after()
    several = default_lexicon().aggregate_events
    words = _WORD.findall(fold(after))
    for i, w in enumerate(words[:max_gap + 2]):
        if w == "في" and i + 1 < len(words):
            return words[i + 1] in several
        if w.startswith("ب") and w[1:] in several:
            return True
        if w not in gap or i >= max_gap:
            return False
    return False
