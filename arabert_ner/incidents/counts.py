"""How many: a casualty event's count read into UCDP's low / best / high, with the approximate flag kept.

An exact count N is (N, N, N). A vague word (عشرات, مئات, عدد من) takes its row of the vague table; a
qualified number (أكثر من 20, نحو 20, 20 على الأقل) takes the bounds its qualifier gives. Both tables are
data (``data/counts.yaml``, or a file of one's own through ``incidents.counts_table``), explained with
their ACLED and UCDP references in docs/incidents.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..text.arabic import fold, strip_clitics
from .resources import load_data

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Figure:
    low: int | None
    best: int | None
    high: int | None
    approximate: bool

    def record(self) -> dict[str, Any] | None:
        if self.best is None and self.low is None and self.high is None:
            return None
        return {"best": self.best, "low": self.low, "high": self.high, "approximate": self.approximate}


def add_figures(a: Figure, b: Figure) -> Figure:
    """Two victim groups of one toll (أربعة مدنيين وجندي): low, best and high add up; open stays open."""
    def plus(x: int | None, y: int | None) -> int | None:
        return None if x is None or y is None else x + y
    return Figure(plus(a.low, b.low), plus(a.best, b.best), plus(a.high, b.high), a.approximate or b.approximate)


@dataclass(frozen=True)
class CountTable:
    vague: dict[str, tuple[int, int, int]]
    qualifiers: list[tuple[tuple[str, ...], tuple[int | None, int | None, int | None]]]


@lru_cache(maxsize=8)
def count_table(path: str = "counts.yaml") -> CountTable:
    """The vague-word and qualifier table, checked (low <= best <= high; integer offsets)."""
    data = load_data(path, required=("vague", "qualifiers"))
    vague = {}
    for word, row in data["vague"].items():
        if not isinstance(row, dict) or not all(isinstance(row.get(k), int) for k in ("low", "best", "high")) \
                or not row["low"] <= row["best"] <= row["high"]:
            raise ValueError(f"{path}: vague.{word} must be {{low, best, high}} integers with low <= best <= high")
        vague[fold(word)] = (row["low"], row["best"], row["high"])
    qualifiers = []
    for name, row in data["qualifiers"].items():
        words = row.get("words") if isinstance(row, dict) else None
        if not words:
            raise ValueError(f"{path}: qualifiers.{name} needs a list of words")
        offsets = tuple(row.get(k) for k in ("low", "best", "high"))
        if any(o is not None and not isinstance(o, int) for o in offsets):
            raise ValueError(f"{path}: qualifiers.{name}: low/best/high must be integer offsets or null")
        for w in words:
            qualifiers.append((tuple(fold(x) for x in w.split()), offsets))
    qualifiers.sort(key=lambda q: -len(q[0]))  # ما لا يقل عن before يقل
    return CountTable(vague, qualifiers)


def _has(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(phrase[0] in strip_clitics(words[i]) and tuple(words[i + 1:i + n]) == phrase[1:]
               for i in range(len(words) - n + 1))


def read_figure(count: int | None, approximate: bool, text: str, after: str = "",
                table: CountTable | None = None) -> Figure:
    """low/best/high of one casualty span: its read ``count`` and ``approximate`` flag (predict.py's),
    its ``text``, and the few words ``after`` it where trailing qualifiers stand (20 على الأقل)."""
    table = table or count_table()
    words = _WORD.findall(fold(text))
    if count is None:
        for w in words:
            for form in strip_clitics(w):
                if form in table.vague:
                    lo, best, hi = table.vague[form]
                    return Figure(lo, best, hi, True)
        return Figure(None, None, None, approximate)
    context = words + _WORD.findall(fold(after))[:4]
    for phrase, (lo, best, hi) in table.qualifiers:
        if _has(context, phrase):
            return Figure(None if lo is None else count + lo, None if best is None else count + best,
                          None if hi is None else count + hi, True)
    return Figure(count, count, count, approximate)
