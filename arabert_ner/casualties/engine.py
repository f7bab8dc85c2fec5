"""Casualty events: who was killed or injured, how many, where and when, from Arabic news text.

Three engines share one output (the JSONL contract of predict.py):

* ``rules`` — this module alone: report words (قتل, أصيب, لقي حتفه ...) and count expressions read by
  :mod:`arabert_ner.casualties.numbers`; needs no model.
* ``model`` — the casualty spans a trained model tags (KILLED/INJURED), counts read from each span.
* ``hybrid`` — the model's spans, with counts, subsets and repeats from the rules.

Subsets (بينهم 28 عسكريا) are a breakdown of the event they follow, never events of their own. A later
mention of the same toll (repeated, or updated: ارتفعت الحصيلة إلى) points to the first with ``same_as``,
and ``totals`` counts each distinct event once with its latest figure.
"""
from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from arabert_ner.casualties.numbers import (QUALIFIERS, TRAILING_QUALIFIERS, VAGUE, Count, match_qualifier,
                                           merge_number_words, number_word, read_count)
from arabert_ner.casualties.victims import (CONSTRUCT_COMPLEMENTS, DISEASE_WORDS, GAP_WORDS, INJURED_AFTER,
                                           INJURED_BEFORE, INJURED_NOUNS, KILLED_AFTER, KILLED_BEFORE,
                                           KILLED_NOUNS, NEGATIONS, SINGLE_CASUALTY_NOUNS, SPORTS_WORDS,
                                           SUBSET_MARKERS, UPDATE_CUES, VICTIM_PLURAL, VICTIM_SINGULAR,
                                           dual_value, in_set)
from arabert_ner.text.arabic import fold, strip_clitics
from arabert_ner.text.normalize import Normalizer, Word
from arabert_ner.text.sentences import split_sentences

log = logging.getLogger(__name__)

TYPES = ("killed", "injured")
LABEL_TO_TYPE = {"KILLED": "killed", "INJURED": "injured"}
GROUP_NOUNS = frozenset(fold(w) for w in "عناصر رجال أفراد أبناء منتسبي جنود أعضاء".split())
GROUP_COMPLEMENTS = CONSTRUCT_COMPLEMENTS | frozenset(fold(w) for w in "الجيش جيش الشرطة القوات".split())
# Suffixed report words refer back over a few words: نقل 5 أشخاص إلى المستشفى بعد إصابتهم.
LONG_REACH_AFTER = frozenset(fold(w) for w in "إصابتهم إصابته مقتلهم حتفهم مصرعهم".split())
DAY_PARTS = frozenset(fold(w) for w in "صباح مساء فجر ظهر ليلة ليل عصر ظهيرة".split())
DAYS = frozenset(fold(w) for w in "اليوم أمس الأمس البارحة السبت الأحد الاثنين الثلاثاء الأربعاء الخميس "
                 "الجمعة".split())
PERIODS = frozenset(fold(w) for w in "الليلة الأسبوع الشهر العام الأحد الاثنين الثلاثاء الأربعاء الخميس "
                    "الجمعة السبت".split())
PAST = frozenset(fold(w) for w in "الماضي الماضية الجاري المنصرم الفائت المقبل".split())
MONTHS = frozenset(fold(w) for w in "يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر "
                   "نوفمبر ديسمبر".split())


@dataclass
class Event:
    type: str
    count: int | None
    approximate: bool
    start: int
    end: int
    sentence: int = 0
    among: list[dict[str, Any]] = field(default_factory=list)
    locations: list[dict[str, Any]] = field(default_factory=list)
    time: dict[str, Any] | None = None
    same_as: int | None = None
    back_reference: bool = False  # الضحايا الخمسة: a definite mention of a toll given before
    score: float | None = None

    def record(self, text: str) -> dict[str, Any]:
        out = {"type": self.type, "count": self.count, "approximate": self.approximate,
               "text": text[self.start:self.end], "start": self.start, "end": self.end,
               "among": self.among, "locations": self.locations, "time": self.time, "same_as": self.same_as}
        if self.score is not None:
            out["score"] = round(self.score, 4)
        return out


@dataclass
class _Expr:
    first: int  # word index
    last: int  # word index, inclusive
    count: Count
    noun_type: str | None = None
    disease_noun: bool = False


@lru_cache(maxsize=1)
def _places() -> dict[tuple[str, ...], None]:
    text = resources.files("arabert_ner").joinpath("resources/places.txt").read_text(encoding="utf-8")
    names = [l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")]
    return {tuple(fold(w) for w in name.split()): None for name in names}


class CasualtyExtractor:
    """Finds casualty events in text; entity spans from a model sharpen span ends and locations."""

    def __init__(self, normalizer: Normalizer | None = None, vague_lower_bound: bool = False):
        self.normalizer = normalizer or Normalizer()
        self.vague_lower_bound = vague_lower_bound

    # ------------------------------------------------------------------ public API

    def extract(self, text: str, entities: list[tuple[int, int, str]] | None = None,
                model_spans: list[tuple[int, int, str, float]] | None = None,
                engine: str = "rules", words: tuple[Word, ...] | None = None) -> list[dict[str, Any]]:
        """Casualty records of one document for ``engine`` rules, model or hybrid; ``words`` are the
        text's normalised words when the caller (the Tagger) has them already."""
        doc = _Document(text, self.normalizer, entities, words)
        if engine == "rules":
            events = self._rule_events(doc)
        elif engine == "model":
            events = self._model_events(doc, model_spans or [])
        elif engine == "hybrid":
            events = self._hybrid_events(doc, model_spans or [])
        else:
            raise ValueError(f"unknown casualty engine {engine!r}")
        events.sort(key=lambda e: e.start)
        self._attach_context(doc, events)
        return [e.record(text) for e in events]

    # ------------------------------------------------------------------ engines

    def _rule_events(self, doc: "_Document") -> list[Event]:
        events: list[Event] = []
        for s, (a, b) in enumerate(doc.sentences):
            sentence_events: list[Event] = []
            for expr in self._expressions(doc, a, b):
                subset = self._subset_marker_before(doc, expr.first, a)
                if subset:
                    if sentence_events:
                        sentence_events[-1].among.append(self._span_record(doc, expr))
                    continue
                typ = self._event_type(doc, expr, a, b)
                if typ is None and sentence_events and self._coordinated(doc, expr, sentence_events[-1]):
                    typ = sentence_events[-1].type  # مقتل 844 مدنيا و488 عسكريا
                back_reference = self._is_back_reference(doc, expr)
                if typ is None and back_reference and (events or sentence_events):
                    typ = (sentence_events or events)[-1].type  # الضحايا الخمسة: the toll given before
                if typ is None:
                    continue
                first, last = doc.words[expr.first], doc.words[expr.last]
                ev = Event(typ, expr.count.value, expr.count.approximate, first.start, last.end, sentence=s)
                ev.back_reference = back_reference
                ev.approximate = ev.approximate or self._trailing_qualifier(doc, expr.last + 1, b)
                sentence_events.append(ev)
            events.extend(sentence_events)
        return events

    def _model_events(self, doc: "_Document", spans: list[tuple[int, int, str, float]]) -> list[Event]:
        events = []
        for start, end, label, score in spans:
            typ = LABEL_TO_TYPE.get(label)
            if typ is None:
                continue
            count = read_count(doc.text[start:end], self.vague_lower_bound) or Count(None, False)
            events.append(Event(typ, count.value, count.approximate, start, end,
                                sentence=doc.sentence_of(start), score=score))
        return events

    def _hybrid_events(self, doc: "_Document", spans: list[tuple[int, int, str, float]]) -> list[Event]:
        rules = sorted(self._rule_events(doc), key=lambda r: r.start)
        rule_starts = [r.start for r in rules]
        subsets = sorted((m["start"], m["end"]) for e in rules for m in e.among)
        subset_starts = [s for s, _ in subsets]
        events: list[Event] = []
        merged: dict[int, Event] = {}  # rule event index -> the one event its model fragments became

        def overlapping(starts: list[int], items: list, start: int, end: int) -> list[int]:
            # items are sorted and do not overlap each other, so their ends rise too: walk back from the
            # last one that starts before ``end`` while they still end after ``start``
            out = []
            i = bisect.bisect_left(starts, end) - 1
            while i >= 0 and items[i][1] > start:
                out.append(i)
                i -= 1
            return out[::-1]

        rule_spans = [(r.start, r.end) for r in rules]
        for ev in self._model_events(doc, spans):
            if overlapping(subset_starts, subsets, ev.start, ev.end):
                continue  # the model tagged a subset (بينهم 28 عسكريا): it belongs to its event's breakdown
            hits = overlapping(rule_starts, rule_spans, ev.start, ev.end)
            if not hits:
                events.append(ev)
                continue
            i = next((i for i in hits if rules[i].type == ev.type), hits[0])
            match = rules[i]
            if i in merged:
                # Two model spans inside one count expression (٣ | جنود): one event, not two.
                first = merged[i]
                first.start, first.end = min(first.start, ev.start), max(first.end, ev.end)
                if first.type != ev.type:
                    first.type = match.type
                continue
            ev.count, ev.approximate, ev.among = match.count, match.approximate, match.among
            ev.back_reference = match.back_reference
            merged[i] = ev
            events.append(ev)
        return events

    # ------------------------------------------------------------------ rules

    def _expressions(self, doc: "_Document", a: int, b: int) -> Iterable[_Expr]:
        i = a
        while i < b:
            expr = self._count_at(doc, i, b) or self._bare_noun_at(doc, i, a, b)
            if expr is None:
                i += 1
                continue
            yield expr
            i = expr.last + 1

    def _count_at(self, doc: "_Document", i: int, b: int) -> _Expr | None:
        """[qualifier] (number words | vague word) [victim noun phrase], starting at word ``i``."""
        if doc.in_entity[i]:
            return None
        folded = doc.folded
        q = match_qualifier(folded, i, QUALIFIERS)
        j = i + q
        if j >= b:
            return None
        k = j
        while k < b and (number_word(doc.words[k].text) is not None
                         or (k > j and folded[k] == "و" and k + 1 < b and number_word(doc.words[k + 1].text))):
            k += 1
        vague = k == j and any(f in VAGUE for f in strip_clitics(doc.words[j].text))
        if vague:
            if fold("عدد") in strip_clitics(doc.words[j].text):
                if not (j + 1 < b and folded[j + 1] == "من"):
                    return None  # عدد القتلى is not a count; عدد من المدنيين is a vague one
                k = j + 2
            else:
                k = j + 1
        elif k == j:
            return None
        last = k - 1
        noun_type = None
        disease = False
        # The victim noun phrase: شخصا | من عناصر الأمن | قتيلا | آخرون, stopping before any entity.
        if k < b and not doc.in_entity[k]:
            if folded[k] == "من" and k + 1 < b and fold(doc.words[k + 1].text) in GROUP_NOUNS:
                last = k + 1
                if k + 2 < b and not doc.in_entity[k + 2] and in_set(doc.words[k + 2].text, GROUP_COMPLEMENTS):
                    last = k + 2
            elif _noun_in(doc.words[k].text, KILLED_NOUNS):
                last, noun_type = k, "killed"
            elif _noun_in(doc.words[k].text, INJURED_NOUNS):
                last, noun_type = k, "injured"
                disease = True
            elif _noun_in(doc.words[k].text, VICTIM_PLURAL) or _noun_in(doc.words[k].text, VICTIM_SINGULAR):
                last = k
                if k + 1 < b and not doc.in_entity[k + 1] and in_set(doc.words[k + 1].text, GROUP_COMPLEMENTS):
                    last = k + 1
        text = doc.text[doc.words[i].start:doc.words[last].end]
        count = read_count(text, self.vague_lower_bound)
        if count is None:
            return None
        return _Expr(i, last, count, noun_type, disease)

    def _bare_noun_at(self, doc: "_Document", i: int, a: int, b: int) -> _Expr | None:
        """A count with no number: a dual (شرطيان), a casualty noun (قتيلان), or a victim noun right
        after a report word (قتل جندي) or before one (لقي طفل حتفه)."""
        if doc.in_entity[i]:
            return None
        w = doc.words[i].text
        nxt = doc.words[i + 1].text if i + 1 < b else None
        dual = dual_value(w, nxt)
        noun_type = "killed" if in_set(w, KILLED_NOUNS) else "injured" if in_set(w, INJURED_NOUNS) else None
        prev_report = i > a and (in_set(doc.words[i - 1].text, KILLED_BEFORE) or in_set(doc.words[i - 1].text, INJURED_BEFORE))
        next_report = nxt is not None and (in_set(nxt, KILLED_AFTER) or in_set(nxt, INJURED_AFTER))
        last = i
        if dual and nxt is not None and (in_set(nxt, CONSTRUCT_COMPLEMENTS) or number_word(nxt) == ("num", 2)):
            last = i + 1  # رجلا أمن, مدنيين اثنين
        # الضحايا الخمسة / القتلى الثلاثة: a definite noun with a definite number word after it
        if (nxt is not None and fold(w).startswith("ال") and (in_set(w, VICTIM_PLURAL) or noun_type)
                and fold(nxt).startswith("ال") and number_word(nxt) is not None):
            count = read_count(f"{w} {nxt}", self.vague_lower_bound)
            if count is not None:
                return _Expr(i, i + 1, count, noun_type)
        if dual:
            return _Expr(i, last, Count(2, False), noun_type)  # its report word is checked by _event_type
        if noun_type and fold(w) in SINGLE_CASUALTY_NOUNS:
            return _Expr(i, i, Count(1, False), noun_type)  # خلفت قتيلا, سقط قتيل
        after_subset = self._subset_marker_before(doc, i, a)
        if after_subset and (dual or in_set(w, VICTIM_SINGULAR)):
            return _Expr(i, last, Count(dual or 1, False), noun_type)  # بينهم طفلان / بينهم امرأة
        if (prev_report or next_report) and (in_set(w, VICTIM_SINGULAR) and not in_set(w, VICTIM_PLURAL - VICTIM_SINGULAR)):
            if fold(w) in (fold("آخرون"), fold("آخرين")):
                return None
            return _Expr(i, i, Count(1, False), None)
        return None

    def _coordinated(self, doc: "_Document", expr: _Expr, previous: Event) -> bool:
        """The count follows the previous event's count, joined by و alone."""
        k = expr.first - 1
        return k >= 1 and doc.folded[k] == "و" and doc.words[k - 1].end == previous.end

    def _is_back_reference(self, doc: "_Document", expr: _Expr) -> bool:
        """الضحايا الخمسة / القتلى الثلاثة: a definite noun with a definite number word after it."""
        return (expr.last == expr.first + 1 and doc.folded[expr.first].startswith("ال")
                and doc.folded[expr.last].startswith("ال") and number_word(doc.words[expr.last].text) is not None)

    def _subset_marker_before(self, doc: "_Document", first: int, a: int) -> bool:
        for marker in SUBSET_MARKERS:
            n = len(marker)
            if first - n >= a and tuple(doc.folded[first - n:first]) == marker:
                return True
            # و-prefixed: ومنهم, وبينهم
            if first - n >= a and n == 1 and doc.folded[first - 1] == "و" + marker[0]:
                return True
        return False

    def _event_type(self, doc: "_Document", expr: _Expr, a: int, b: int) -> str | None:
        typ = expr.noun_type
        trigger = None
        if typ is None:
            trigger, typ = self._report_word(doc, expr, a, b)
        if typ is None:
            return None
        if self._negated(doc, trigger if trigger is not None else expr.first, a):
            return None
        if typ == "injured":
            window = [doc.folded[k] for k in range(expr.last + 1, min(b, expr.last + 4))]
            report = doc.folded[trigger] if trigger is not None else ""
            infection_word = expr.disease_noun or report in (fold("إصابة"), fold("إصابات"))
            if infection_word and any(w in DISEASE_WORDS for w in window):
                return None
            if doc.has_sports_word(a, b):
                return None
        return typ

    def _report_word(self, doc: "_Document", expr: _Expr, a: int, b: int) -> tuple[int | None, str | None]:
        """The word reporting this count: just before it (قتل 3), or just after it (3 قتلوا)."""
        k = expr.first - 1
        while k >= a and (doc.folded[k] in GAP_WORDS or match_qualifier(doc.folded, k, QUALIFIERS)):
            k -= 1
        if k >= a:
            w = doc.words[k].text
            if in_set(w, KILLED_BEFORE):
                return k, "killed"
            if in_set(w, INJURED_BEFORE):
                return k, "injured"
            # ارتفع عدد الشهداء إلى 6 / وصلت حصيلة الجرحى إلى 40: a casualty noun shortly before إلى
            if doc.folded[expr.first - 1] in (fold("إلى"), "الي"):
                for m in range(expr.first - 2, max(a, expr.first - 6) - 1, -1):
                    v = doc.words[m].text
                    if in_set(v, KILLED_NOUNS) or fold(v) in (fold("الضحايا"), fold("ضحايا")):
                        return m, "killed"
                    if in_set(v, INJURED_NOUNS) and fold(v) not in (fold("إصابة"), fold("إصابات")):
                        return m, "injured"
        skip = max((match_qualifier(doc.folded, j, TRAILING_QUALIFIERS) for j in (expr.last + 1,) if j < b), default=0)
        for k in range(expr.last + 1 + skip, min(b, expr.last + 6 + skip)):
            w = doc.words[k].text
            near = k <= expr.last + 2 + skip  # 24 شخصا على الأقل قتلوا
            if near or any(s in LONG_REACH_AFTER for s in strip_clitics(w)):
                if in_set(w, KILLED_AFTER):
                    return k, "killed"
                if in_set(w, INJURED_AFTER):
                    return k, "injured"
            if near and fold(w) == "قد":
                continue
        return None, None

    def _negated(self, doc: "_Document", at: int, a: int) -> bool:
        # Exact words only: ب+لا is the preposition "without" inside names (أطباء بلا حدود).
        return any(doc.folded[k] in NEGATIONS and not doc.in_entity[k] for k in range(max(a, at - 3), at))

    def _trailing_qualifier(self, doc: "_Document", k: int, b: int) -> bool:
        return any(match_qualifier(doc.folded, j, TRAILING_QUALIFIERS) for j in range(k, min(b, k + 2)))

    def _span_record(self, doc: "_Document", expr: _Expr) -> dict[str, Any]:
        start, end = doc.words[expr.first].start, doc.words[expr.last].end
        return {"count": expr.count.value, "text": doc.text[start:end], "start": start, "end": end}

    # ------------------------------------------------------------------ context

    def _attach_context(self, doc: "_Document", events: list[Event]) -> None:
        for ev in events:
            # Locations and time from a bounded window around the event, not its whole sentence: in
            # text without punctuation a "sentence" is the document, and every event would get every place.
            a, b = doc.context_window(ev.sentence, doc.word_at(ev.start), doc.word_at(max(ev.start, ev.end - 1)))
            ev.locations = doc.locations(a, b)
            ev.time = doc.time(a, b)
        # Per type: events of earlier sentences (their indices) and the counts seen there, so each event
        # is linked in constant time; a 1 MB article has tens of thousands of events.
        by_type: dict[str, list[int]] = {}
        counts: dict[str, set[int]] = {}
        pending: list[int] = []  # events of the current sentence, published when the sentence ends
        current = None
        for j, ev in enumerate(events):
            if ev.sentence != current:
                for i in pending:
                    by_type.setdefault(events[i].type, []).append(i)
                    if events[i].count is not None:
                        counts.setdefault(events[i].type, set()).add(events[i].count)
                pending, current = [], ev.sentence
            pending.append(j)
            earlier = by_type.get(ev.type)
            if not earlier:
                continue
            a, _ = doc.sentences[ev.sentence]
            first = doc.word_at(ev.start)
            # An update cue in the clause before the count: ارتفعت الحصيلة إلى, وبلغت حصيلة القتلى
            updated = any(f in UPDATE_CUES or any(s in UPDATE_CUES for s in strip_clitics(f))
                          for f in doc.folded[max(a, first - 6):first])
            repeated = ev.count is not None and ev.count in counts.get(ev.type, ())
            if updated or repeated or ev.back_reference:
                root = earlier[-1]
                while events[root].same_as is not None:
                    root = events[root].same_as
                ev.same_as = root


def _noun_in(word: str, words: frozenset[str]) -> bool:
    """Noun lookup that allows ال/ب/ل but not و/ف: after a count, و starts the next clause (وإصابة)."""
    f = fold(word)
    if f in words:
        return True
    if f[:1] in ("و", "ف"):
        return False
    return in_set(word, words)


def drop_events(casualties: list[dict[str, Any]], keep: list[bool]) -> list[dict[str, Any]]:
    """Remove events and renumber ``same_as``; a reference to a removed event becomes None."""
    new_index: dict[int, int] = {}
    out = []
    for i, (ev, k) in enumerate(zip(casualties, keep)):
        if k:
            new_index[i] = len(out)
            out.append({**ev, "same_as": new_index.get(ev["same_as"]) if ev["same_as"] is not None else None})
    return out


def totals(casualties: list[dict[str, Any]]) -> dict[str, int | None]:
    """Each distinct event once, with the latest figure of a repeated toll; subsets never add."""
    out: dict[str, int | None] = {}
    for typ in TYPES:
        latest: dict[int, dict[str, Any]] = {}
        for i, ev in enumerate(casualties):
            if ev["type"] != typ:
                continue
            root = i
            # same_as always points to an earlier event; anything else is treated as a new event, so a
            # hand-edited or filtered record can never loop here.
            while isinstance(casualties[root]["same_as"], int) and 0 <= casualties[root]["same_as"] < root:
                root = casualties[root]["same_as"]
            latest[root] = ev
        counts = [ev["count"] for ev in latest.values() if ev["count"] is not None]
        out[typ] = sum(counts) if counts else None
    return out


CONTEXT_WORDS = 40  # words either side of an event searched for its places and time, inside its sentence


class _Document:
    """One text's words (glued digits apart, 1,200 kept whole), sentences, and entity marks."""

    def __init__(self, text: str, normalizer: Normalizer, entities: list[tuple[int, int, str]] | None,
                 words: tuple[Word, ...] | None = None):
        self.text = text
        if words is None:
            words = normalizer.normalize(text).words
        self.words: list[Word] = merge_number_words(list(words))
        self.folded = [fold(w.text) for w in self.words]
        self.sentences = split_sentences(self.words, text) or [(0, 0)]
        self.entities = sorted((s, e, l) for s, e, l in (entities or []) if l not in LABEL_TO_TYPE)
        self.use_gazetteer = entities is None
        self._word_starts = [w.start for w in self.words]
        self._word_ends = [w.end for w in self.words]
        self.in_entity = [False] * len(self.words)
        for s, e, _ in self.entities:  # mark the words each entity touches (bisect, not a scan per word)
            for k in range(bisect.bisect_right(self._word_ends, s), bisect.bisect_left(self._word_starts, e)):
                self.in_entity[k] = True
        self._entity_starts = [s for s, _, _ in self.entities]
        self._sentence_starts = [self.words[a].start if a < len(self.words) else 0 for a, _ in self.sentences]

    def context_window(self, sentence: int, first: int, last: int) -> tuple[int, int]:
        """Word range ``[a, b)`` searched for an event's places and time: its sentence, cut to at most
        :data:`CONTEXT_WORDS` words either side of the event, so the cost per event is bounded."""
        a, b = self.sentences[sentence]
        return max(a, first - CONTEXT_WORDS), min(b, last + 1 + CONTEXT_WORDS)

    def has_sports_word(self, a: int, b: int) -> bool:
        """Whether words ``[a, b)`` hold a sports word (one lookup per sentence range, then cached)."""
        key = (a, b)
        cache = self.__dict__.setdefault("_sports", {})
        if key not in cache:
            cache[key] = any(f in SPORTS_WORDS for f in self.folded[a:b])
        return cache[key]

    def word_at(self, pos: int) -> int:
        """Index of the word that starts at or covers character ``pos``."""
        return bisect.bisect_right(self._word_ends, pos)

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)

    def _bounds(self, a: int, b: int) -> tuple[int, int]:
        if a >= b:
            return 0, 0
        return self.words[a].start, self.words[b - 1].end

    def locations(self, a: int, b: int) -> list[dict[str, Any]]:
        lo, hi = self._bounds(a, b)
        if not self.use_gazetteer:
            first, last = bisect.bisect_left(self._entity_starts, lo), bisect.bisect_left(self._entity_starts, hi)
            return [{"text": self.text[s:e], "start": s, "end": e} for s, e, l in self.entities[first:last]
                    if l == "LOC"]
        places = _places()
        longest = max(len(p) for p in places)
        out = []
        k = a
        while k < b:
            for n in range(min(longest, b - k), 0, -1):
                first = strip_clitics(self.words[k].text)
                rest = tuple(self.folded[k + 1:k + n])
                if any((f,) + rest in places for f in first):
                    s, e = self.words[k].start, self.words[k + n - 1].end
                    out.append({"text": self.text[s:e], "start": s, "end": e})
                    k += n - 1
                    break
            k += 1
        return out

    def time(self, a: int, b: int) -> dict[str, Any] | None:
        f = self.folded
        for k in range(a, b):
            if self.in_entity[k]:
                continue
            end = None
            j = k + (1 if f[k] in DAY_PARTS and k + 1 < b else 0)
            if j < b and f[j] == fold("يوم") and j + 1 < b and f[j + 1] in DAYS:
                j += 1
            if f[j] in DAYS and (j > k or f[k] in DAYS):
                end = j
            elif f[k] in PERIODS and k + 1 < b and f[k + 1] in PAST:
                end = k + 1
            elif number_word(self.words[k].text) and k + 1 < b and f[k + 1] in MONTHS:
                end = k + 1
                if k + 2 < b and (self.words[k + 2].text.isdigit() and len(self.words[k + 2].text) == 4):
                    end = k + 2
            if end is not None:
                if end + 1 < b and f[end + 1] in PAST and f[end] in PERIODS:
                    end += 1
                s, e = self.words[k].start, self.words[end].end
                return {"text": self.text[s:e], "start": s, "end": e}
        return None
