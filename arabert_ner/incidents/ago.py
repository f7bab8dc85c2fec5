"""Dates counted back from the article's: قبل ثلاثة أيام, قبل نحو عشرة أيام, قبل يومين, قبل أسبوع, قبل أيام.

The words are ``ago`` in ``data/dates.yaml``: the word that counts back (قبل), qualifiers that make the
amount approximate (نحو), units in days after a number (أيام = 1, أسابيع = 7), single units (أسبوع = 7),
dual units (يومين = 2), and ``few``: a plural unit alone (قبل أيام) is about that many of it.
قبل ... من X counts back from X (قبل ثلاثة أيام من الانتخابات), not from the article, and is no date here.
Precision: ``day`` for an exact count of at most ``day_limit`` days, ``week`` up to ``week_limit``, else
``month``: "about ten days ago" names a week, not a day."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from ..casualties.numbers import number_word
from ..text.arabic import fold
from .resources import load_data


@dataclass(frozen=True)
class AgoWords:
    before: frozenset[str]
    qualifiers: frozenset[str]
    units: dict[str, int]
    single_units: dict[str, int]
    few: int
    dual_units: dict[str, int]
    relative_to: frozenset[str]
    day_limit: int
    week_limit: int


@lru_cache(maxsize=1)
def ago_words() -> AgoWords:
    spec = load_data("dates.yaml", required=("ago",))["ago"]
    for key in ("before", "qualifiers", "units", "single_units", "few", "dual_units", "relative_to", "day_limit",
                "week_limit"):
        if key not in spec:
            raise ValueError(f"dates.yaml: ago.{key} is missing")
    for key in ("units", "single_units", "dual_units"):
        bad = [k for k, v in spec[key].items() if not (isinstance(v, int) and v > 0)]
        if bad:
            raise ValueError(f"dates.yaml: ago.{key} must map words to a positive number of days, not {bad}")
    return AgoWords(
        before=frozenset(fold(w) for w in spec["before"]), qualifiers=frozenset(fold(w) for w in spec["qualifiers"]),
        units={fold(k): v for k, v in spec["units"].items()},
        single_units={fold(k): v for k, v in spec["single_units"].items()}, few=int(spec["few"]),
        dual_units={fold(k): v for k, v in spec["dual_units"].items()},
        relative_to=frozenset(fold(w) for w in spec["relative_to"]),
        day_limit=int(spec["day_limit"]), week_limit=int(spec["week_limit"]))


def ago_at(words: list[str], i: int, ref: dt.date, t, published: dt.date) -> tuple[dt.date, str, int] | None:
    """A date counted back from the article's at folded word ``i`` (a reader of ``dates._READERS``):
    (date, precision, words used), or None. Counted from the day the article carries, like أمس."""
    a = ago_words()
    if words[i] not in a.before:
        return None
    k = i + 1
    approximate = k < len(words) and words[k] in a.qualifiers
    k += approximate
    if k >= len(words):
        return None
    if words[k] in a.dual_units:
        days, end = a.dual_units[words[k]], k + 1
    elif words[k] in a.single_units:
        days, end = a.single_units[words[k]], k + 1  # قبل أسبوع: one of the unit
    elif words[k] in a.units:  # قبل أيام, قبل أسابيع عدة: a few of the unit
        days, end, approximate = a.few * a.units[words[k]], k + 1, True
    else:
        read = number_word(words[k])
        if read is None or read[0] != "num" or k + 1 >= len(words) or words[k + 1] not in a.units:
            return None
        if read[1] != int(read[1]) or not 1 <= read[1] <= 400:
            return None
        days, end = int(read[1]) * a.units[words[k + 1]], k + 2
    if end < len(words) and words[end] in a.relative_to:
        return None  # قبل ثلاثة أيام من الانتخابات: counted from the elections
    precision = "day" if days <= a.day_limit and not approximate else "week" if days <= a.week_limit else "month"
    return published - dt.timedelta(days=days), precision, end - i
