"""Sentence cues read from ``data/dedup.yaml``: another event (وفي هجوم آخر), what remains of a toll
(ما زالوا يتلقون العلاج), a round-up of several attacks (في سلسلة تفجيرات), and spans that refer back
to victims already told of (الشهيد, المصابين السبعة, أحد شهداء). Its own module so that both
:mod:`.dedup` and :mod:`.incident` read them without importing each other."""
from __future__ import annotations

import re
from functools import lru_cache

from ..text.arabic import fold, strip_clitics
from .reports import Report
from .resources import load_data

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def separate_cues() -> list[tuple[str, ...]]:
    data = load_data("dedup.yaml", required=("separate_event_cues",))
    return [tuple(fold(w) for w in c.split()) for c in data["separate_event_cues"]]


@lru_cache(maxsize=1)
def remaining_cues() -> list[tuple[str, ...]]:
    data = load_data("dedup.yaml", required=("remaining_cues",))
    return [tuple(fold(w) for w in c.split()) for c in data["remaining_cues"]]


@lru_cache(maxsize=1)
def round_up_cues() -> list[tuple[str, ...]]:
    data = load_data("dedup.yaml", required=("round_up_cues",))
    return [tuple(fold(w) for w in c.split()) for c in data["round_up_cues"]]


@lru_cache(maxsize=1)
def another_event_cues() -> list[tuple[str, ...]]:
    """The separate-event cues that name another event (هجوم آخر, حادث منفصل), not the topic shifts
    (إلى ذلك, من جهة أخرى: ``topic_shift_cues``, each also a separate-event cue)."""
    data = load_data("dedup.yaml", required=("topic_shift_cues",))
    shifts = {tuple(fold(w) for w in c.split()) for c in data["topic_shift_cues"]}
    unknown = shifts - set(separate_cues())
    if unknown:
        raise ValueError(f"dedup.yaml: topic_shift_cues must be separate_event_cues too: {sorted(unknown)}")
    return [c for c in separate_cues() if c not in shifts]


@lru_cache(maxsize=1)
def follow_up_cues() -> list[tuple[str, ...]]:
    data = load_data("dedup.yaml", required=("follow_up_cues",))
    return [tuple(fold(w) for w in c.split()) for c in data["follow_up_cues"]]


_CUES = {"separate": separate_cues, "remaining": remaining_cues, "round_up": round_up_cues,
         "another": another_event_cues, "follow_up": follow_up_cues}


def is_round_up(report: Report) -> bool:
    """The report's sentences give a total over several attacks (في سلسلة تفجيرات, في هجومين), or one
    of its tolls is followed by في هجمات (:func:`.cumulative.round_up_after`): it joins an incident but gives its
    figure only when nothing else does (Incident.figure)."""
    return any(m.round_up for m in report.mentions) or _has_cue(report.context, "round_up")


@lru_cache(maxsize=1 << 16)
def _has_cue(context: str, kind: str) -> bool:
    """Whether the sentences hold one of the ``kind`` cues. Cached: dedup asks it of one report for every
    incident the report is compared with, and the context is folded and split once."""
    words = _WORD.findall(fold(context))  # words without their punctuation: إلى ذلك، is the cue
    for cue in _CUES[kind]():
        n = len(cue)
        for i in range(len(words) - n + 1):
            if cue[0] in strip_clitics(words[i]) and tuple(words[i + 1:i + n]) == cue[1:]:
                return True
    return False


def announces_separate_event(report: Report) -> bool:
    """The report's sentences say it is another event (وفي هجوم آخر ...) or shift the topic (إلى ذلك)."""
    return _has_cue(report.context, "separate")


def names_another_event(report: Report) -> bool:
    """The report's sentences name another event (وفي هجوم آخر, في حادث منفصل), not only a topic shift."""
    return _has_cue(report.context, "another")


def tells_follow_up(report: Report) -> bool:
    """The report's sentences update a toll or tell of a death from wounds (ارتفعت حصيلة, متأثرا بجروحه)."""
    return _has_cue(report.context, "follow_up")


def tells_remaining(report: Report) -> bool:
    """The report's sentences give what remains of a toll (ما زالوا يتلقون العلاج): a part of it."""
    return _has_cue(report.context, "remaining")


@lru_cache(maxsize=1)
def back_reference_words() -> tuple[frozenset[str], frozenset[str]]:
    """(the "one of" heads: أحد, إحدى; words that look definite but are numbers: ألف, آلاف)."""
    data = load_data("dedup.yaml", required=("back_reference",))["back_reference"]
    return frozenset(fold(w) for w in data["one_of"]), frozenset(fold(w) for w in data["not_definite"])


@lru_cache(maxsize=1 << 16)
def _is_back_reference(span: str) -> bool:
    """A span whose first word (after و / ف) is definite (الشهيد, المصابين السبعة, الثلاثة) or "one of"
    (أحد شهداء التفجير): victims the reader already knows of."""
    words = _WORD.findall(fold(span))
    if not words:
        return False
    one_of, not_definite = back_reference_words()
    first = words[0]
    forms = [first] + ([first[1:]] if first[:1] in ("و", "ف") and len(first) > 3 else [])
    if any(f in not_definite for f in forms):
        return False
    return any(f.startswith("ال") and len(f) > 3 for f in forms) or (len(words) > 1 and any(f in one_of for f in forms))


def refers_back(report: Report) -> bool:
    """One of the report's counted spans refers back to known victims (:func:`_is_back_reference`, cached:
    dedup asks it for every incident a report is compared with)."""
    return any(m.count is not None and _is_back_reference(m.text) for m in report.mentions)
