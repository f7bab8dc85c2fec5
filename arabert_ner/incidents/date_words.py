"""The words of ``data/dates.yaml``, folded and checked once: month names (Gregorian and Hijri), weekdays,
relative days, month parts, periods, same-day phrases, the names that look like اليوم, and the verbs whose
time is a statement's rather than the event's. :mod:`arabert_ner.incidents.dates` reads time expressions
with them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..text.arabic import fold
from .resources import load_data

PRECISIONS = ("day", "week", "month", "unknown", "report", "unresolved")


@dataclass(frozen=True)
class DateWords:
    gregorian: dict[tuple[str, ...], int]
    hijri: dict[tuple[str, ...], int]
    weekdays: dict[str, int]
    relative: dict[tuple[str, ...], int]
    past: frozenset[str]
    current: frozenset[str]
    month_parts: dict[str, tuple[int, str]]
    periods: dict[str, str]
    same_day: dict[tuple[str, ...], bool]
    today_names: re.Pattern
    statement_verbs: frozenset[str]
    statement_breaks: frozenset[str]
    statement_window: int


def _phrases(mapping: dict[str, Any], what: str) -> dict[tuple[str, ...], Any]:
    out = {}
    for k, v in mapping.items():
        key = tuple(fold(w) for w in str(k).split())
        if not key:
            raise ValueError(f"dates.yaml: empty {what} name")
        out[key] = v
    return out


@lru_cache(maxsize=1)
def tables() -> DateWords:
    data = load_data("dates.yaml", required=("gregorian_months", "hijri_months", "weekdays", "relative_days",
                                             "past_words", "current_words", "month_parts", "periods"))
    for section in ("gregorian_months", "hijri_months"):
        bad = [k for k, v in data[section].items() if not (isinstance(v, int) and 1 <= v <= 12)]
        if bad:
            raise ValueError(f"dates.yaml: {section} must map names to 1..12, not {bad}")
    st = data.get("statement_time") or {}
    parts = {}
    for k, v in data["month_parts"].items():
        if not (isinstance(v, list) and len(v) == 2 and 1 <= int(v[0]) <= 28 and v[1] in PRECISIONS):
            raise ValueError(f"dates.yaml: month_parts.{k} must be [day 1..28, precision], got {v!r}")
        parts[fold(k)] = (int(v[0]), v[1])
    return DateWords(
        gregorian=_phrases(data["gregorian_months"], "month"),
        hijri=_phrases(data["hijri_months"], "month"),
        weekdays={fold(k): int(v) for k, v in data["weekdays"].items()},
        relative=_phrases(data["relative_days"], "relative day"),
        past=frozenset(fold(w) for w in data["past_words"]),
        current=frozenset(fold(w) for w in data["current_words"]),
        month_parts=parts,
        periods={fold(k): v for k, v in data["periods"].items()},
        same_day=_phrases({k: True for k in data.get("same_day") or ()}, "same-day phrase"),
        today_names=_today_names(data.get("today_names") or {}),
        statement_verbs=frozenset(fold(w) for w in (st.get("verbs") or []) + (st.get("follow_up_verbs") or [])),
        statement_breaks=frozenset(fold(w) for w in st.get("breaks") or ()),
        statement_window=int(st.get("window", 0)),
    )


def _today_names(spec: dict[str, Any]) -> re.Pattern:
    """اليوم as a name (the daily «اليوم», صحيفة اليوم), on folded text: quoted, at most
    ``quoted_words`` words ending in اليوم, or after one of ``nouns``."""
    today = fold("اليوم")
    alts = []
    n = int(spec.get("quoted_words", 1))
    for pair in spec.get("quotes") or ():
        if len(pair) != 2:
            raise ValueError(f"dates.yaml: today_names.quotes must be pairs of characters, not {pair!r}")
        o, c = (re.escape(x) for x in pair)
        alts.append(f"{o}(?:[^\\s{o}{c}]+\\s+){{0,{max(0, n - 1)}}}{today}{c}")  # tight: "X" اليوم "Y" is today
    nouns = [re.escape(fold(w)) for w in spec.get("nouns") or ()]
    if nouns:
        alts.append(f"(?:{'|'.join(nouns)})\\s+{today}(?![^\\W_])")
    return re.compile("|".join(alts) if alts else r"(?!x)x")
