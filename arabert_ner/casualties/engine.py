"""Casualty events: who was killed or injured, how many, where and when, from Arabic news text.

Three engines share one output (the JSONL contract of predict.py):

* ``rules`` — this module alone: report words (قتل, أصيب, لقي حتفه ...) and count expressions read by
  :mod:`arabert_ner.numbers`; needs no model.
* ``model`` — the casualty spans a trained model tags (KILLED/INJURED), counts read from each span.
* ``hybrid`` — rules first: the rule events as they are, plus the model's confident spans where the
  rules found nothing (the threshold is chosen on the real-news dev set).

Subsets (بينهم 28 عسكريا) are a breakdown of the event they follow, never events of their own. A later
mention of the same toll (repeated, or updated: ارتفعت الحصيلة إلى) points to the first with ``same_as``,
and ``totals`` counts each distinct event once with its latest figure.
"""
from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field, replace
from itertools import chain
from functools import lru_cache
from importlib import resources
from typing import Iterable

from arabert_ner.casualties.lexicon import Lexicon, default_lexicon, in_words
from arabert_ner.casualties.numbers import (Count, digits_value, is_number_form, match_qualifier,
                                            merge_number_words, number_word, read_count, read_count_words)
from arabert_ner.casualties.victims import dual_value, in_set
from arabert_ner.records import CasualtyEvent, Place, Subset, TimeExpression
from arabert_ner.text.normalize import Normalizer, Word
from arabert_ner.text.sentences import split_sentences
from arabert_ner.text.arabic import fold, strip_clitics

log = logging.getLogger(__name__)

# Punctuation the rules step over; words live in the lexicon (lexicons/*.yaml).
RANGE_WORDS = frozenset(fold(w) for w in ("إلى", "الى"))
TWO_WORDS = frozenset(fold(w) for w in ("اثنين", "اثنان"))
CLOSERS = frozenset(")]»\"”’")
COMMAS = frozenset("،,")
OPENERS = frozenset("([«\"“‘")
DATE_SEPARATORS = frozenset("-/")
NAME_WORDS = 6  # words of a name between two single victims of a list
BACK_REFERENCE_WORDS = 200  # how far back أحد المصابين looks for the group it is one of
QUOTES = frozenset("«»\"“”")


@dataclass
class _Event:
    """An event while the rules read it: mutable, with where it was found; :meth:`record` is what it says."""

    type: str
    count: int | None
    approximate: bool
    start: int
    end: int
    sentence: int = 0
    among: list[Subset] = field(default_factory=list)
    locations: list[Place] = field(default_factory=list)
    time: TimeExpression | None = None
    same_as: int | None = None
    back_reference: bool = False  # الضحايا الخمسة: a definite mention of a toll given before
    score: float | None = None

    def record(self, text: str) -> CasualtyEvent:
        return CasualtyEvent(self.type, self.count, self.approximate, text[self.start:self.end], self.start,
                             self.end, tuple(self.among), tuple(self.locations), self.time, self.same_as,
                             round(self.score, 4) if self.score is not None else None)


@dataclass
class _Expr:
    first: int  # word index
    last: int  # word index, inclusive
    count: Count
    noun_type: str | None = None
    disease_noun: bool = False
    has_noun: bool = False  # a victim or casualty noun follows the number (3 أشخاص), not a bare number
    coordinated_only: bool = False  # وشرطي: a victim only when it continues the event before it
    partitive: bool = False  # تسعة من القتلى: a number of a toll named by its definite casualty noun
    first_mention: bool = False  # الرقيب المصاب: an event only if no earlier event of its type was given
    named_list: bool = False  # استشهاد العريف أحمد ...، والجندي محمد: the next of a list of single victims


@lru_cache(maxsize=1)
def _places() -> dict[tuple[str, ...], None]:
    text = resources.files("arabert_ner").joinpath("resources/places.txt").read_text(encoding="utf-8")
    names = [l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")]
    return {tuple(fold(w) for w in name.split()): None for name in names}


class CasualtyExtractor:
    """Finds casualty events in text; entity spans from a model sharpen span ends and locations."""

    def __init__(self, normalizer: Normalizer | None = None, vague_lower_bound: bool = False,
                 lexicon: Lexicon | None = None, hybrid_threshold: float = 0.9):
        self.normalizer = normalizer or Normalizer()
        self.vague_lower_bound = vague_lower_bound
        self.hybrid_threshold = hybrid_threshold
        self.lex = lexicon or default_lexicon()
        self.win = self.lex.windows
        self._lead_or_filler = self.lex.passive_fillers | self.lex.lead_verbs

    def _noun_type(self, word: str) -> str | None:
        """The event type whose casualty noun the word is (قتيلا: killed), with ال/ب/ل but not و/ف."""
        return next((t.name for t in self.lex.types.values() if _noun_in(word, t.nouns)), None)

    # ------------------------------------------------------------------ public API

    def extract(self, text: str, entities: list[tuple[int, int, str]] | None = None,
                model_spans: list[tuple[int, int, str, float]] | None = None,
                engine: str = "rules", words: tuple[Word, ...] | None = None) -> list[CasualtyEvent]:
        """Casualty records of one document for ``engine`` rules, model or hybrid; ``words`` are the
        text's normalised words when the caller (the Tagger) has them already."""
        doc = _Document(text, self.normalizer, entities, words, self.lex)
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

    def _rule_events(self, doc: "_Document") -> list[_Event]:
        events: list[_Event] = []
        seen_words: set[str] = set()  # the last word of every event's span so far (R8 repeats)
        seen_types: set[str] = set()
        for s, (a, b) in enumerate(doc.sentences):
            sentence_events: list[_Event] = []
            last_subset: int | None = None  # where the last subset ended: بينهم 47 امرأة و33 طفلا
            for expr in self._expressions(doc, a, b):
                if self._after_marker(doc, expr.first, a, self.lex.alternative_markers):
                    continue  # مئات إن لم يكن آلاف: an upper estimate of the count before
                is_subset, parent = self._subset_parent(doc, expr, a, b, sentence_events, events, last_subset)
                if is_subset:
                    if parent is not None:
                        parent.among.append(self._span_record(doc, expr))
                    last_subset = expr.last  # a list of subsets goes on, with or without its toll in reach
                    continue
                typ = self._event_type(doc, expr, a, b) if not expr.coordinated_only else None
                if typ is None and sentence_events and self._coordinated(doc, expr, sentence_events[-1]):
                    typ = sentence_events[-1].type  # مقتل 844 مدنيا و488 عسكريا, مقتل 21 سائحا وشرطي
                back_reference = self._is_back_reference(doc, expr)
                if typ is None and back_reference and (events or sentence_events):
                    typ = (sentence_events or events)[-1].type  # الضحايا الخمسة: the toll given before
                if typ is None:
                    continue
                if not expr.named_list and self._repeated_mention(doc, expr, seen_words):
                    continue  # مقتل الطفل ... مقتل الطفل: a later mention without a count (rule R8)
                if expr.first_mention and typ in seen_types:
                    continue  # مقتل 5 أشخاص ... الشاب القتيل: one of the toll given before (R8)
                first, last = doc.words[expr.first], doc.words[expr.last]
                ev = _Event(typ, expr.count.value, expr.count.approximate, self._span_start(doc, expr.first),
                           last.end, sentence=s)
                ev.back_reference = back_reference
                ev.approximate = ev.approximate or self._trailing_qualifier(doc, expr.last + 1, b)
                sentence_events.append(ev)
                last_subset = None
                shared = self._shared_quantifier(doc, expr, b)
                if shared is not None:  # عشرات القتلى والجرحى: the same vague count for both types
                    k, other = shared
                    sentence_events.append(_Event(other, ev.count, ev.approximate, self._span_start(doc, k),
                                                 doc.words[k].end, sentence=s))
                for e in sentence_events[-2 if shared else -1:]:
                    seen_words.add(strip_clitics(doc.text[e.start:e.end])[-1])
                    seen_types.add(e.type)
            events.extend(sentence_events)
        return self._breakdowns(doc, events)

    def _breakdowns(self, doc: "_Document", events: list[_Event]) -> list[_Event]:
        """R3 without a marker: the events of one later sentence (within windows.breakdown_sentences)
        that are of a toll's type, each smaller, and add up to it exactly, are its parts (قتل ثلاثة أشخاص
        ... إن امرأتين وطفلا قتلوا)."""
        reach = self.win["breakdown_sentences"]
        by_sentence: dict[int, list[int]] = {}  # linear in the events: a 1 MB article has tens of thousands
        for j, e in enumerate(events):
            by_sentence.setdefault(e.sentence, []).append(j)
        drop: set[int] = set()
        for parent in events:
            if not parent.count or parent.among:
                continue
            for s in range(parent.sentence + 1, parent.sentence + reach + 1):
                parts = [j for j in by_sentence.get(s, ()) if events[j].type == parent.type and j not in drop]
                counts = [events[j].count for j in parts]
                if len(parts) > 1 and None not in counts and all(c < parent.count for c in counts) \
                        and sum(counts) == parent.count:
                    parent.among.extend(Subset(events[j].count, doc.text[events[j].start:events[j].end],
                                               events[j].start, events[j].end) for j in parts)
                    drop.update(parts)
                    break
        return [e for j, e in enumerate(events) if j not in drop]

    def _repeated_mention(self, doc: "_Document", expr: _Expr, seen_words: set[str]) -> bool:
        """A bare definite victim noun (الطفل) already reported by an earlier event of the document
        (``seen_words``: the last word of each earlier event's span)."""
        if expr.first != expr.last or not doc.folded[expr.first].lstrip("وبل").startswith("ال"):
            return False
        if number_word(doc.words[expr.first].text) is not None:
            return False
        return strip_clitics(doc.words[expr.first].text)[-1] in seen_words

    def _shared_quantifier(self, doc: "_Document", expr: _Expr, b: int) -> tuple[int, str] | None:
        """عشرات القتلى والجرحى / عدد من القتلى والمصابين: a vague count whose casualty noun is joined by و
        to the other type's definite noun (rule R2 of the real-news gold)."""
        k = expr.last + 1
        if expr.count.value is not None or expr.noun_type is None or k >= b or not self._conjunction_before(doc, k):
            return None
        word = doc.words[k].text
        for typ, t in self.lex.types.items():
            if typ != expr.noun_type and fold(word)[1:].startswith("ال") and _noun_in(word[1:], t.nouns):
                return k, typ
        return None

    def _subset_parent(self, doc: "_Document", expr: _Expr, a: int, b: int, sentence_events: list[_Event],
                       events: list[_Event], last_subset: int | None) -> tuple[bool, _Event | None]:
        """Whether the count is a breakdown of an event given before, and of which one (None: of no event
        in reach, so it is dropped): بينهم 28 عسكريا, 3 منهم بحالة حرجة, تسعة من القتلى, and a count
        coordinated with a subset (بينهم 47 امرأة و33 طفلا)."""
        latest = sentence_events[-1] if sentence_events else None
        marker_type = self._marker_type(doc, expr.first, a)
        if marker_type is not None:
            # من بين الجرحى شقيق: the latest toll of the marker's type is the parent; with none, the count
            # is an event of its own (R6)
            parent = next((e for e in chain(reversed(sentence_events), reversed(events)) if e.type == marker_type), None)
            if parent is None or not self._fits(expr, parent):
                expr.noun_type = expr.noun_type or marker_type
                return False, None
            return True, parent
        if latest is None and events and events[-1].sentence >= doc.sentence_of(doc.words[a].start) - 1:
            latest = events[-1]  # استشهاد ثلاثة من جنودها. وهم الشهيد ...: the toll of the sentence before
        if self._subset_marker_before(doc, expr.first, a):
            return (True, latest) if latest is None or self._fits(expr, latest) else (False, None)
        nxt = expr.last + 1
        if latest is not None and nxt < b and doc.folded[nxt] in self.lex.subset_after and self._fits(expr, latest):
            return True, latest
        if expr.partitive and expr.count.value is not None:
            parent = next((e for e in chain(reversed(sentence_events), reversed(events)) if e.type == expr.noun_type), None)
            if parent is not None:
                return True, parent
        if last_subset is not None and self._conjunction_before(doc, expr.first) \
                and (latest is None or expr.noun_type in (None, latest.type)):
            gap = range(last_subset + 1, expr.first)
            if len(gap) <= self.win["subset_list"] and not any(self._is_report_word(doc, m) for m in gap):
                return True, latest
        return False, None

    def _conjunction_before(self, doc: "_Document", i: int) -> bool:
        """The word at ``i`` is joined by و: a separate و before it, or و glued to it (وشرطي, وثلاثة)."""
        if i > 0 and doc.folded[i - 1] == "و":
            return True
        f = doc.folded[i]
        if is_number_form(f) or f in self.lex.victims_singular or f in self.lex.victims_plural:
            return False  # واحدة is "one", not و + احدة
        return f.startswith("و") and len(f) > 2 and f[1:] in strip_clitics(doc.words[i].text)

    def _is_report_word(self, doc: "_Document", m: int) -> bool:
        w = doc.words[m].text
        return self.lex.any_type("report_before", w) or self.lex.any_type("report_after", w)

    def _span_start(self, doc: "_Document", i: int) -> int:
        """A span starts after a glued conjunction: و|أربعة جرحى, as annotated."""
        w = doc.words[i]
        if self._conjunction_before(doc, i) and doc.folded[i - 1:i] != ["و"] and doc.text[w.start] == "و":
            return w.start + 1
        f = doc.folded[i]
        if f[:1] in ("ب", "ل") and doc.text[w.start] in "بل" and not self._span_word(f, duals=False) and self._span_word(f[1:]):
            return w.start + 1  # ب|حالة وفاة, ل|شخصين: a glued preposition stays outside, as annotated
        return w.start

    def _span_word(self, f: str, duals: bool = True) -> bool:
        """A folded word that can open a count expression: a victim or case noun, أحد/إحدى, a number, a
        dual (``duals``: the dual reader strips clitics itself, so it cannot tell لشخصين from شخصين)."""
        lex = self.lex
        return (f in lex.victims_singular or f in lex.victims_plural or f in lex.case_nouns or f in lex.case_singular
                or f in lex.case_duals or f in lex.victims_one_of or is_number_form(f)
                or (duals and dual_value(f, None, lex) == 2))

    def _model_events(self, doc: "_Document", spans: list[tuple[int, int, str, float]]) -> list[_Event]:
        events = []
        for start, end, label, score in spans:
            typ = self.lex.tag_to_type.get(label)
            if typ is None:
                continue
            count = read_count(doc.text[start:end], self.vague_lower_bound, self.lex) or Count(None, False)
            events.append(_Event(typ, count.value, count.approximate, start, end,
                                sentence=doc.sentence_of(start), score=score))
        return events

    def _hybrid_events(self, doc: "_Document", spans: list[tuple[int, int, str, float]]) -> list[_Event]:
        """Rules first: every rule event keeps its type, count and subsets; a model span adds an event only
        where no rule event or subset lies, when its count reads, and when the model is at least
        ``hybrid_threshold`` sure (chosen on the real-news dev set). On real news the model's own span type
        was wrong more often than the rules' (مقتل100 شخص read as injured), so it never overrides them."""
        rules = self._rule_events(doc)
        taken = sorted([(r.start, r.end) for r in rules] + [(m.start, m.end) for r in rules for m in r.among])
        starts = [a for a, _ in taken]
        events = list(rules)
        for ev in self._model_events(doc, spans):
            i = bisect.bisect_left(starts, ev.end)
            if any(a < ev.end and ev.start < b for a, b in taken[max(0, i - 8):i]):
                continue  # the rules read this stretch already
            if ev.score is None or ev.score < self.hybrid_threshold:
                continue
            if read_count(doc.text[ev.start:ev.end], self.vague_lower_bound, self.lex) is None:
                continue  # a span with no count expression (a bare noun the rules rejected)
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
        q = match_qualifier(folded, i, self.lex.leading_qualifiers)
        j = i + q
        if j >= b:
            return None
        k = j
        while k < b and (number_word(doc.words[k].text) is not None
                         or (k > j and folded[k] == "و" and k + 1 < b and number_word(doc.words[k + 1].text))):
            k += 1
        forms = _vague_forms(doc.words[j].text)
        vague = k == j and any(f in self.lex.vague for f in forms)
        if vague:
            if fold("عدد") in forms:
                if not (j + 1 < b and folded[j + 1] == "من"):
                    return None  # عدد القتلى is not a count; عدد من المدنيين is a vague one
                k = j + 2
            else:
                k = j + 1
        elif k == j:
            return None
        last = k - 1
        count_end = k  # the words read as the count are [i, count_end)
        ranged = False
        if not vague and k + 1 < b and (folded[k] in RANGE_WORDS or doc.words[k].text in ("-", "–")) \
                and digits_value(doc.words[k + 1].text) is not None and digits_value(doc.words[k - 1].text) is not None:
            k, last, ranged = k + 2, k + 1, True  # 15 إلى 20 جريحا: one count, its lower bound, approximate
        # (15) خمسة عشر مصليا / «8» إصابات: a closing bracket or quote after the digits, then the noun or
        # the same number again in words (read once, from the digits).
        if not vague and k + 1 < b and doc.words[k].text in CLOSERS and doc.words[k - 1].text[-1:].isdigit():
            m = k + 1
            while m < b and number_word(doc.words[m].text) is not None and digits_value(doc.words[m].text) is None:
                m += 1
            after = doc.words[m].text if m < b else ""
            if m > k + 1 or in_set(after, self.lex.victims_plural) or in_set(after, self.lex.victims_singular) \
                    or self.lex.any_type("nouns", after):
                k, last = m, m - 1  # (9) alone stays the number alone (rule R14)
        restated = k > count_end
        noun_type = None
        disease = False
        has_noun = False
        partitive = False
        if k < b and (in_set(doc.words[k].text, self.lex.unit_nouns) or doc.words[k].text == "%"):
            return None  # 30 عاما, 5 سنوات, 150 كيلومترا: an age, a duration, a distance
        if i > 0 and folded[i - 1] in self.lex.per_words:
            return None  # لكل 100 امرأة: a rate
        if k < b and doc.words[k].text in ("-", "–") and doc.words[k].start == doc.words[k - 1].end:
            return None  # 1- الجنس: a list number
        if folded[i] in self.lex.victims_one_of and k < b and fold(doc.words[k].text).startswith("ال") and \
                (one_type := self._noun_type(doc.words[k].text)):
            # أحد المصابين: one of a toll given before, or of a group named before (R8), or, with
            # neither, one victim (R19)
            noun = strip_clitics(doc.words[k].text)[-1]
            if any(strip_clitics(doc.words[m].text)[-1] == noun for m in range(max(0, i - BACK_REFERENCE_WORDS), i)):
                return None
            return _Expr(i, k, Count(1, False), one_type, has_noun=True, first_mention=True)
        # The victim noun phrase: شخصا | من عناصر الأمن | قتيلا | آخرون, stopping before any entity.
        if k < b and not doc.in_entity[k]:
            if folded[k] == "من" and k + 1 < b and not doc.in_entity[k + 1] and (
                    fold(doc.words[k + 1].text) in self.lex.victims_group_nouns
                    or _noun_in(doc.words[k + 1].text, self.lex.victims_plural)):
                last, has_noun = k + 1, True  # ثلاثة من المواطنين, 5 من عناصر الأمن
                if k + 2 < b and not doc.in_entity[k + 2] and in_set(doc.words[k + 2].text, self.lex.group_complements):
                    last = k + 2
            elif folded[k] == "من" and k + 1 < b and folded[k + 1].startswith("ال") and \
                    (noun_type := self._noun_type(doc.words[k + 1].text)):
                # العديد من الجرحى: the casualty noun after من carries the type
                last, has_noun = k + 1, True
                partitive = True
            elif folded[k] in self.lex.case_nouns and k + 1 < b and \
                    self.lex.type_by("case_words", doc.words[k + 1].text, strict=True):
                # 5 حالات وفاة / 3 حالات إصابة: the case noun, then what kind of case (R13: the kind outside)
                noun_type = self.lex.type_by("case_words", doc.words[k + 1].text, strict=True)
                last, has_noun = k, True
                disease = bool(self.lex.types[noun_type].infection_words)
            elif noun_type := self._noun_type(doc.words[k].text):
                last, has_noun = k, True
                disease = bool(self.lex.types[noun_type].infection_words)
            elif _noun_in(doc.words[k].text, self.lex.victims_plural) or _noun_in(doc.words[k].text, self.lex.victims_singular):
                last, has_noun = k, True
                if k + 1 < b and not doc.in_entity[k + 1] and in_set(doc.words[k + 1].text, self.lex.group_complements):
                    last = k + 1
        # After a bracket the number may be written twice, (15) خمسة عشر: read the digits alone.
        end = count_end - 1 if restated or ranged else last
        count = read_count_words([w.text for w in doc.words[i:end + 1]], self.vague_lower_bound, self.lex)
        if count is None:
            return None
        if ranged:
            count = Count(count.value, True)
        return _Expr(i, last, count, noun_type, disease, has_noun, partitive=partitive)

    def _bare_noun_at(self, doc: "_Document", i: int, a: int, b: int) -> _Expr | None:
        """A count with no number: a dual (شرطيان), a casualty noun (قتيلان), or a victim noun right
        after a report word (قتل جندي) or before one (لقي طفل حتفه)."""
        if doc.in_entity[i]:
            return None
        w = doc.words[i].text
        nxt = doc.words[i + 1].text if i + 1 < b else None
        dual = dual_value(w, nxt)
        lex = self.lex
        noun_type = lex.type_by("nouns", w)
        prev_report = i > a and lex.any_type("report_before", doc.words[i - 1].text)
        next_type = self._report_after_follows(doc, i, b)
        next_report = next_type is not None
        last = i
        if dual and nxt is not None and (in_set(nxt, lex.victims_construct_complements) or number_word(nxt) == ("num", 2)):
            last = i + 1  # رجلا أمن, مدنيين اثنين
        # الضحايا الخمسة / القتلى الثلاثة / الضحايا الـ7: a definite noun with a definite number after it
        if (nxt is not None and fold(w).startswith("ال") and (in_set(w, lex.victims_plural) or noun_type)
                and fold(nxt).startswith("ال")):
            if number_word(nxt) is not None:
                count = read_count_words([w, nxt], self.vague_lower_bound, self.lex)
                if count is not None:
                    return _Expr(i, i + 1, count, noun_type)
            elif fold(nxt) == "ال" and i + 2 < b and digits_value(doc.words[i + 2].text) is not None:
                value = digits_value(doc.words[i + 2].text)
                if value == int(value):  # الضحايا الـ3700: a toll noun names the type (R8)
                    return _Expr(i, i + 2, Count(int(value), False), noun_type or lex.type_by("toll_nouns", w),
                                 has_noun=True)
        if not dual and in_set(w, lex.victims_sound_plurals):
            for k in (i + 1, i + 2):
                if k < b and fold(doc.words[k].text) in TWO_WORDS and not doc.folded[k].startswith("و"):
                    return _Expr(i, i, Count(2, False), noun_type, has_noun=True)  # عسكريين تركيين اثنين
        if dual and i > a and in_set(doc.words[i - 1].text, lex.victims_plural) and not self._conjunction_before(doc, i):
            return None  # 7 أشخاص ليبيين: a nationality adjective of the noun before, not a dual
        if dual:
            # a number right after the dual, or after one adjective (not a coordinated و-count: قتيلان وسبعة جرحى)
            joined = nxt is None or doc.folded[i + 1].startswith("و") or self._is_report_word(doc, i + 1)
            if not joined and any(k < b and number_word(doc.words[k].text) not in (None, ("num", 2))
                                  for k in (i + 1, i + 2)):
                return None  # قتلت شابتان انتحاريتان 13 شخصا: the dual is who killed, the count who died
            return _Expr(i, last, Count(2, False), noun_type, has_noun=True)  # report word: _event_type
        case = self._case_count(doc, i, b)
        if case is not None:
            return case
        if noun_type and fold(w) in lex.single_casualty_nouns:
            if i > a and doc.folded[i - 1] == fold("بين"):
                return None  # سقوط عشرات المتمردين بين قتيل وجريح: a split of a toll, not one casualty
            return _Expr(i, i, Count(1, False), noun_type)  # خلفت قتيلا, سقط قتيل
        if i > a and (in_set(doc.words[i - 1].text, lex.victims_plural) or doc.folded[i - 1] in lex.victims_group_nouns) \
                and not self._conjunction_before(doc, i):
            return None  # 21 من مسلحي الحوثي: the singular is the group's name, not a victim
        after_subset = self._subset_marker_before(doc, i, a)
        singular = in_set(w, lex.victims_singular) and not in_set(w, lex.victims_plural - lex.victims_singular)
        possessed = not singular and self._possessed_singular(w)
        if singular and doc.folded[i].lstrip("وبل").startswith("ال") and nxt is not None:
            adjective = lex.type_by("adjectives", nxt, strict=True)
            if adjective is not None:  # الرقيب المصاب, الطفلة الجريحة: one victim, at its first mention
                return _Expr(i, i, Count(1, False), adjective, has_noun=True, first_mention=True)
        title = fold(w) if fold(w) in lex.type_adjectives else fold(w)[1:] if fold(w)[1:] in lex.type_adjectives \
            and self._conjunction_before(doc, i) else None
        if title and not singular and nxt is not None \
                and (not self._is_lexicon_word(doc, i + 1) or in_set(nxt, lex.victims_singular)):
            # الشهيد محمد العمري, اخو المتوفى محمود: a title naming one victim at its first mention; with
            # و only as the next item of a list (وهم الشهيد ... والشهيد ...) or of a coordination
            return _Expr(i, i, Count(1, False), lex.type_by("adjectives", title, strict=True), has_noun=True,
                         first_mention=True, coordinated_only=title != fold(w))
        if after_subset and (dual or in_set(w, lex.victims_singular)):
            return _Expr(i, last, Count(dual or 1, False), noun_type)  # بينهم طفلان / بينهم امرأة
        if self._conjunction_before(doc, i):
            next_report = False  # ميليشيات صالح والحوثي مصرعهم: the report word after is the phrase's
        elif not next_report and _accusative_singular(w, lex) and not doc.folded[i].startswith("ال"):
            passive = self._passive_after(doc, i, b)
            if passive is not None:
                return _Expr(i, i, Count(1, False), passive, has_noun=True)  # أن شرطيا قتل
        if prev_report and singular and self._object_follows(doc, i, b):
            return None  # قتل مسلح في لافاييت شخصين: the singular is who killed, the count who died
        if next_report and not prev_report and singular and self._plural_report_after(doc, i, b):
            return None  # 22 مسلحا من تنظيم داعش الإرهابي مصرعهم: the adjective of a plural subject
        if (prev_report or next_report) and (singular or (possessed and prev_report)):
            if fold(w) in (fold("آخرون"), fold("آخرين")):
                return None
            # قتل جندي, استشهاد قائدها; after a lead verb the report word's type (الانتحاري أيضا لقي حتفه)
            lead = next_report and not prev_report and doc.folded[i + 1] in self._lead_or_filler
            return _Expr(i, i, Count(1, False), next_type if lead else None, has_noun=True)
        if next_report and not prev_report and _accusative_singular(w, lex) and not doc.folded[i].startswith("ال") \
                and doc.folded[i + 1] in self._lead_or_filler:
            return _Expr(i, i, Count(1, False), next_type, has_noun=True)  # أن انتحاريا لقي حتفه
        if prev_report and fold(w) in lex.victims_another:
            return _Expr(i, i, Count(1, False), None)  # قتل شرطي وأصيب آخر
        accusative = not singular and _accusative_singular(w, lex) and not fold(w)[1:].startswith("ال")
        if (possessed or singular or accusative) and self._conjunction_before(doc, i):
            # 21 سائحا وشرطي; a definite one (والجندي) only in a list of named single victims (R7)
            return _Expr(i, i, Count(1, False), None, has_noun=True, coordinated_only=True,
                         named_list=singular and not possessed and fold(w)[1:].startswith("ال"))
        return None

    def _case_count(self, doc: "_Document", i: int, b: int) -> _Expr | None:
        """حالة وفاة / حالتي وفاة / حالة حرجة: one or two hospital cases qualified as a casualty (R13).
        Not بحالة حرجة, which describes a victim already counted."""
        f = doc.folded[i]
        prefix = f[:1] if f[:1] in ("و", "ب") else ""
        f = f[len(prefix):]
        count = 1 if f in self.lex.case_singular else 2 if f in self.lex.case_duals else None
        if count is None or i + 1 >= b or (i > 0 and doc.folded[i - 1] in self.lex.case_blockers):
            return None  # في حالة حرجة describes a victim; أي حالة وفاة counts none
        typ = self.lex.type_by("case_words", doc.words[i + 1].text, strict=True)
        if typ is None or (prefix == "ب" and self.lex.types[typ].infection_words):
            return None  # بحالة حرجة describes a victim; بحالة وفاة counts one death
        return _Expr(i, i, Count(count, False), typ, has_noun=True)

    def _plural_report_after(self, doc: "_Document", i: int, b: int) -> bool:
        """The report word after word ``i`` has a plural pronoun (مصرعهم, حتفهم, قتلوا): not one victim's."""
        k = i + 1
        while k < b and doc.folded[k] in self._lead_or_filler:
            k += 1
        return k < b and (doc.folded[k].endswith(("هم", "هن")) or doc.folded[k].endswith("وا"))

    def _possessed_singular(self, word: str) -> bool:
        """قائدها, زعيمه, زوجته: a singular victim noun with a pronoun suffix."""
        for f in strip_clitics(word):
            for suffix in self.lex.victims_possessive_suffixes:
                base = f[:-len(suffix)]
                if f.endswith(suffix) and len(base) > 1 and (
                        base in self.lex.victims_singular or (base.endswith("ت") and base[:-1] + "ه" in self.lex.victims_singular)):
                    return True
        return False

    def _report_after_follows(self, doc: "_Document", i: int, b: int) -> str | None:
        """The type of a report word right after word ``i``, or after a filler and a lead verb
        (الانتحاري أيضا لقي حتفه)."""
        k = i + 1
        while k < b and (doc.folded[k] in self.lex.passive_fillers or doc.folded[k] in self.lex.lead_verbs):
            k += 1
        if k >= b or not (k == i + 1 or doc.folded[k - 1] in self.lex.lead_verbs) or doc.folded[k].startswith("ال"):
            return None  # زار الأمير المصابين: a definite noun is the object, not the victim's report word
        return self.lex.type_by("report_after", doc.words[k].text)

    def _is_lexicon_word(self, doc: "_Document", k: int) -> bool:
        """A victim, casualty or report word, or a number: not the name a title stands before."""
        w = doc.words[k].text
        return (number_word(w) is not None or in_set(w, self.lex.victims_singular) or in_set(w, self.lex.victims_plural)
                or self._noun_type(w) is not None or self._is_report_word(doc, k)
                or not any(ch.isalpha() for ch in w))

    def _object_follows(self, doc: "_Document", i: int, b: int) -> bool:
        """A count or a dual victim within a few words after word ``i``, before any punctuation or و."""
        for k in range(i + 1, min(b, i + 1 + self.win["coordination"] + 1)):
            w = doc.words[k].text
            if not any(ch.isalpha() or ch.isdigit() for ch in w) or doc.folded[k].startswith("و"):
                return False
            if dual_value(w, None, self.lex):
                return True
            if number_word(w) is not None:
                nxt = doc.words[k + 1].text if k + 1 < b else ""
                if nxt in DATE_SEPARATORS:
                    return False  # قتلت الجندي رائد بتاريخ 29-2-1436هـ: a date, not a count
                return not in_set(nxt, self.lex.unit_nouns)  # يبلغ من العمر 30 عاما is an age
        return False

    def _passive_after(self, doc: "_Document", i: int, b: int) -> str | None:
        """أن شرطيا (أيضا) قتل: a singular victim noun, then a singular passive report verb that has no
        object of its own (مسلح قتل 3 أشخاص names the killer, not a victim). The verb's type, or None."""
        k = i + 1
        while k < b and (doc.folded[k] in self.lex.passive_fillers or doc.words[k].text in CLOSERS):
            k += 1  # «إرهابيا» قتل: a closing quote may stand between
        if k + 1 < b and doc.folded[k].endswith("يا") and doc.folded[i].endswith("ا") \
                and not self._is_report_word(doc, k) and self.lex.type_by("passive_after", doc.words[k + 1].text, strict=True):
            k += 1  # أن جنديا أميركيا قتل: one adjective agreeing with the noun
        typ = self.lex.type_by("passive_after", doc.words[k].text, strict=True) if k < b else None
        if typ is None:
            return None
        after = doc.words[k + 1].text if k + 1 < b else ""
        if number_word(after) or in_set(after, self.lex.victims_plural) or in_set(after, self.lex.victims_singular):
            return None
        return typ

    def _named_list_item(self, doc: "_Document", expr: _Expr, previous: _Event) -> bool:
        """والجندي after a single victim and the name that follows it (استشهاد العريف أحمد جعفر المجيشي ،
        والجندي أول محمد): names and a comma between, no other lexicon word."""
        if previous.count != 1:
            return False
        start = doc.word_at(previous.end - 1) + 1
        stop = expr.first - 1 if doc.folded[expr.first - 1] == "و" else expr.first
        gap = [m for m in range(start, stop) if doc.words[m].text not in COMMAS
               and doc.folded[m] not in self.lex.victims_rank_qualifiers]
        return 0 < len(gap) <= NAME_WORDS and not any(self._is_lexicon_word(doc, m) for m in gap)

    def _coordinated(self, doc: "_Document", expr: _Expr, previous: _Event) -> bool:
        """The count continues the previous event's: joined by و, with at most a few words between (an
        adjective or a name: مقتل 21 سائحا أجنبيا وشرطي تونسي, بمقتل 18 من عناصر تنظيم داعش و11 عراقيا)."""
        if not self._conjunction_before(doc, expr.first):
            return False
        if expr.named_list:
            return self._named_list_item(doc, expr, previous)
        stop = expr.first - 1 if doc.folded[expr.first - 1] == "و" else expr.first
        start = doc.word_at(previous.end - 1) + 1
        start += match_qualifier(doc.folded, start, self.lex.trailing_qualifiers) if start < stop else 0
        if start < stop and doc.words[stop - 1].text in COMMAS:
            stop -= 1  # مقتل 42 حوثيا على الأقل، و9 مقاتلين
        gap = [m for m in range(start, stop) if doc.words[m].text not in QUOTES]  # تنظيم «داعش» و13 عراقيا
        return (0 <= len(gap) <= self.win["coordination"]
                and all(any(ch.isalpha() for ch in doc.words[m].text) for m in gap)
                and not any(self._is_report_word(doc, m) for m in gap))

    def _is_back_reference(self, doc: "_Document", expr: _Expr) -> bool:
        """الضحايا الخمسة / القتلى الثلاثة: a definite noun with a definite number word after it."""
        return (expr.last == expr.first + 1 and doc.folded[expr.first].startswith("ال")
                and doc.folded[expr.last].startswith("ال") and number_word(doc.words[expr.last].text) is not None)

    def _after_marker(self, doc: "_Document", first: int, a: int, markers) -> bool:
        """One of the phrases ``markers`` ends right before word ``first`` (an opening quote may follow it)."""
        k = first - 1 if first - 1 >= a and doc.words[first - 1].text in OPENERS else first
        return any(k - len(m) >= a and tuple(doc.folded[k - len(m):k]) == m for m in markers)

    @staticmethod
    def _fits(expr: _Expr, parent: Event) -> bool:
        """A part is never larger than its toll (مصرع شخص وإصابة 4 آخرين منهم: the 4 are not of the 1)."""
        return parent.count is None or expr.count.value is None or expr.count.value <= parent.count

    def _marker_type(self, doc: "_Document", first: int, a: int) -> str | None:
        """The type of a subset marker ending in a casualty noun right before word ``first`` (بين الجرحى)."""
        for marker in self.lex.subset_markers:
            n = len(marker)
            if n > 1 and first - n >= a and tuple(doc.folded[first - n:first]) == marker:
                return self._noun_type(doc.words[first - 1].text)
        return None

    def _subset_marker_before(self, doc: "_Document", first: int, a: int) -> bool:
        if first - 1 >= a and doc.words[first - 1].text in OPENERS and self._after_marker(
                doc, first, a, self.lex.subset_markers):
            return True  # بين القتلى «خمسة من القوات
        for marker in self.lex.subset_markers:
            n = len(marker)
            if first - n >= a and tuple(doc.folded[first - n:first]) == marker:
                # 10 منهم وثلاثة: منهم closes the count before it and opens nothing
                return not (n == 1 and first - 2 >= a and number_word(doc.words[first - 2].text) is not None)
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
        if doc.folded[expr.first] in self.lex.victims_whole and (trigger is None or trigger > expr.last):
            return None  # غالبية الجنود المصابين: the whole of a toll given before, not a new one (R10)
        if trigger is not None and self._mixed_report(doc, trigger, a):
            return None  # مقتل وإصابة 3440: one count for both types states neither (rule R1)
        if self._negated(doc, trigger if trigger is not None else expr.first, a):
            return None
        return None if self._excluded(doc, expr, self.lex.types[typ], trigger, a, b) else typ

    def _excluded(self, doc: "_Document", expr: _Expr, t, trigger: int | None, a: int, b: int) -> bool:
        """The type's exclusions: a sports word in the sentence (a sports injury); with an infection word
        (إصابة), a disease word just after it, or a strong one anywhere in the sentence."""
        if any(doc.sentence_has(a, b, name, self.lex.exclusions[name]) for name in t.excluded_by):
            return True
        report = doc.folded[trigger] if trigger is not None else ""
        if not (expr.disease_noun or report in t.infection_words):
            return False
        window = doc.folded[expr.last + 1:min(b, expr.last + 1 + self.win["disease"])]
        for name in t.infection_excluded_by:
            near = self.lex.exclusions[name] | self.lex.exclusions.get(f"{name}_near", frozenset())
            if any(w in near for w in window) or doc.sentence_has(a, b, name, self.lex.exclusions[name]):
                return True  # موجة المرض ... أسفرت عن إصابة 12 شخصا: infections, whatever the window
        return False

    def _report_word(self, doc: "_Document", expr: _Expr, a: int, b: int) -> tuple[int | None, str | None]:
        """The word reporting this count: just before it (قتل 3), or just after it (3 قتلوا)."""
        k = expr.first - 1
        while k >= a and (doc.folded[k] in self.lex.gap_words or doc.words[k].text in OPENERS
                          or match_qualifier(doc.folded, k, self.lex.leading_qualifiers)):
            k -= 1
        if k >= a:
            w = doc.words[k].text
            typ = self.lex.type_by("report_before", w)
            if typ is not None:
                return k, typ
            distant = self._distant_report_word(doc, expr, k, a)
            if distant[0] is not None:
                return distant
            # ارتفع عدد الشهداء إلى 6 / وصلت حصيلة الجرحى إلى 40 / عدد القتلى المدنيين بلغ 844 / إن القتلى
            # أربعة مدنيين: a casualty noun shortly before إلى, a toll verb, or right before the count
            link = next((m for m in (expr.first - 1, k) if m >= a and (
                in_words(doc.words[m].text, self.lex.toll_links))), None)
            if link is None and k == expr.first - 1 and doc.folded[k].startswith("ال"):
                link = k + 1
            if link is not None:
                for m in range(link - 1, max(a, link - 6) - 1, -1):
                    v = doc.words[m].text
                    for t in self.lex.types.values():
                        if (in_set(v, t.nouns) or in_set(v, t.toll_nouns)) and fold(v) not in t.infection_words:
                            return m, t.name
        skip = max((match_qualifier(doc.folded, j, self.lex.trailing_qualifiers) for j in (expr.last + 1,) if j < b),
                   default=0)
        skip += self._parenthetical_subset(doc, expr.last + 1 + skip, b)  # 22 مسلحا، بينهم اربعة قادة، قتلوا
        reach = self.win["report_after"] + (self.win["report_far"] if expr.has_noun else 0)
        for k in range(expr.last + 1 + skip, min(b, expr.last + 1 + skip + reach)):
            w = doc.words[k].text
            near = k <= expr.last + self.win["report_near"] + skip  # 24 شخصا على الأقل قتلوا
            far = k >= expr.last + 1 + skip + self.win["report_after"]
            # a verb that agrees with the victims (قتلوا, أصيبوا) reaches over their description:
            # أن 21 من مسلحي الحوثي قتلوا, إن امرأتين وطفلا في التاسعة من العمر قتلوا
            if near or in_words(w, self.lex.long_reach_after):
                typ = self.lex.type_by("report_after", w)
                if typ is not None:
                    return k, typ
            if far and (number_word(w) is not None or self._is_report_word(doc, k)
                        or not any(ch.isalpha() for ch in w) and w not in COMMAS):
                break  # past the usual window, another count, report word or sentence mark ends the search
        return None, None

    def _parenthetical_subset(self, doc: "_Document", k: int, b: int) -> int:
        """Length of a comma-enclosed subset clause starting at ``k`` (، بينهم اربعة قادة ،), else 0."""
        if k + 1 >= b or doc.words[k].text not in COMMAS or not self._subset_marker_before(doc, k + 2, k + 1):
            return 0
        for m in range(k + 2, min(b, k + 8)):
            if doc.words[m].text in COMMAS:
                return m - k + 1
        return 0

    def _distant_report_word(self, doc: "_Document", expr: _Expr, k: int, a: int) -> tuple[int | None, str | None]:
        """A report verb a few words before the count, with words between: قتل فيه 4 أشخاص, وقتل في ذات
        اليوم ثلاثة من المواطنين, قتلت الاستخبارات الروسية ثلاثة مسلحين. Without a victim noun after the
        count only short pronoun phrases may stand between (قتل فيها المئات), so a stray number is not read."""
        between: list[str] = []
        for m in range(k, max(a, k - self.win["report_reach"]) - 1, -1):
            w = doc.words[m].text
            if not any(ch.isalpha() for ch in w) or number_word(w) is not None:
                return None, None  # punctuation ends the clause; another number is another count
            typ = self.lex.type_by("report_before", w)
            if typ is not None:
                if between and (expr.has_noun or all(f in self.lex.report_gap_pronouns for f in between)):
                    return m, typ
                return None, None
            if self.lex.any_type("report_after", w) or in_set(w, self.lex.victims_plural):
                return None, None
            if doc.folded[m].startswith("و") and doc.folded[m][1:] in strip_clitics(w):
                return None, None  # قتل واعتقل 16 شخصا: the count belongs to the verb next to it
            between.append(doc.folded[m])
        return None, None

    def _mixed_report(self, doc: "_Document", k: int, a: int) -> bool:
        """The report word is the second of a killed-and-injured pair joined by و (مقتل وإصابة)."""
        if k - 1 < a or not self._conjunction_before(doc, k):
            return False
        here = self.lex.type_by("report_before", doc.words[k].text)
        before = self.lex.type_by("report_before", doc.words[k - 1].text) if k - 1 >= a else None
        w2 = doc.words[k - 2].text if k - 2 >= a else ""
        if w2 and (number_word(w2) or _accusative_singular(w2, self.lex) or in_set(w2, self.lex.victims_plural)):
            return False  # شرطيا قتل وأصيب آخر: the first verb has its own victim
        if in_words(doc.words[k - 1].text, self.lex.mixed_partners):
            return True  # أسر وقتل عدد من الجنود: one count over captured and killed (like R1)
        return before is not None and here is not None and before != here

    def _negated(self, doc: "_Document", at: int, a: int) -> bool:
        # Exact words only: ب+لا is the preposition "without" inside names (أطباء بلا حدود).
        return any(doc.folded[k] in self.lex.negations and not doc.in_entity[k]
                   for k in range(max(a, at - self.win["negation"]), at))

    def _trailing_qualifier(self, doc: "_Document", k: int, b: int) -> bool:
        return any(match_qualifier(doc.folded, j, self.lex.trailing_qualifiers) for j in range(k, min(b, k + 2)))

    def _span_record(self, doc: "_Document", expr: _Expr) -> Subset:
        start, end = self._span_start(doc, expr.first), doc.words[expr.last].end
        return Subset(expr.count.value, doc.text[start:end], start, end)

    # ------------------------------------------------------------------ context

    def _attach_context(self, doc: "_Document", events: list[_Event]) -> None:
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
            earlier = by_type.get(ev.type, [])
            here = [i for i in pending if events[i].type == ev.type]  # this sentence's, before ev
            pending.append(j)
            if not earlier and not here:
                continue
            a, _ = doc.sentences[ev.sentence]
            first = doc.word_at(ev.start)
            # An update cue in the clause before the count: ارتفعت الحصيلة إلى, وبلغت حصيلة القتلى; it
            # may follow the first mention in the same sentence (وكانت الحصيلة السابقة ...)
            after = doc.word_at(max(events[here[-1]].end - 1, 0)) + 1 if here else a
            updated = any(in_words(f, self.lex.update_cues)
                          for f in doc.folded[max(a, after, first - self.win["update_cue"]):first])
            repeated = bool(earlier) and ev.count is not None and ev.count in counts.get(ev.type, ())
            # the same figure again after a speech verb in one sentence: أصيب 5 أشخاص، وأوضح ... إصابة خمسة
            quoted = next((i for i in reversed(here) if events[i].count is not None and events[i].count == ev.count
                           and any(f in self.lex.speech_verbs for f in doc.folded[doc.word_at(events[i].end - 1) + 1:first])),
                          None)
            if quoted is not None:
                updated, here = True, here[:here.index(quoted) + 1]
            if (updated and here) or (earlier and (updated or repeated or ev.back_reference)):
                root = here[-1] if updated and here else earlier[-1]
                while events[root].same_as is not None:
                    root = events[root].same_as
                ev.same_as = root


def _vague_forms(word: str) -> tuple[str, ...]:
    """The word's clitic-free forms, also without the accusative alef (عددا من القتلى)."""
    forms = strip_clitics(word)
    return forms + tuple(f[:-1] for f in forms if f.endswith("ا") and len(f) > 3)


def _accusative_singular(word: str, lex: Lexicon) -> bool:
    """شرطيا, طفلا: a singular victim noun with the accusative alef (the noun of أن before its verb)."""
    f = fold(word)
    return in_set(word, lex.victims_singular) or (f.endswith("ا") and in_set(f[:-1], lex.victims_singular))


def _noun_in(word: str, words: frozenset[str]) -> bool:
    """Noun lookup that allows ال/ب/ل but not و/ف: after a count, و starts the next clause (وإصابة)."""
    f = fold(word)
    if f in words:
        return True
    if f[:1] in ("و", "ف"):
        return False
    return in_set(word, words)


def drop_events(casualties: list[CasualtyEvent], keep: list[bool]) -> list[CasualtyEvent]:
    """Remove events and renumber ``same_as``; a reference to a removed event becomes None."""
    new_index: dict[int, int] = {}
    out = []
    for i, (ev, k) in enumerate(zip(casualties, keep)):
        if k:
            new_index[i] = len(out)
            out.append(replace(ev, same_as=new_index.get(ev.same_as) if ev.same_as is not None else None))
    return out


def totals(casualties: list[CasualtyEvent]) -> dict[str, int | None]:
    """Each distinct event once, with the latest figure of a repeated toll; subsets never add."""
    out: dict[str, int | None] = {}
    for typ in dict.fromkeys([*default_lexicon().types, *(ev.type for ev in casualties)]):
        latest: dict[int, CasualtyEvent] = {}
        for i, ev in enumerate(casualties):
            if ev.type != typ:
                continue
            root = i
            # same_as always points to an earlier event; anything else is treated as a new event, so a
            # hand-edited or filtered record can never loop here.
            while isinstance(casualties[root].same_as, int) and 0 <= casualties[root].same_as < root:
                root = casualties[root].same_as
            latest[root] = ev
        counts = [ev.count for ev in latest.values() if ev.count is not None]
        out[typ] = sum(counts) if counts else None
    return out


CONTEXT_WORDS = 40  # words either side of an event searched for its places and time, inside its sentence


class _Document:
    """One text's words (glued digits apart, 1,200 kept whole), sentences, and entity marks."""

    def __init__(self, text: str, normalizer: Normalizer, entities: list[tuple[int, int, str]] | None,
                 words: tuple[Word, ...] | None = None, lex: Lexicon | None = None):
        self.text = text
        self.lex = lex = lex or default_lexicon()
        self._has: dict[tuple[int, int, str], bool] = {}
        if words is None:
            words = normalizer.normalize(text).words
        self.words: list[Word] = merge_number_words(list(words))
        self.folded = [fold(w.text) for w in self.words]
        self.sentences = split_sentences(self.words, text) or [(0, 0)]
        self.entities = sorted((s, e, l) for s, e, l in (entities or []) if l not in lex.tag_to_type)
        self.use_gazetteer = entities is None
        self._word_starts = [w.start for w in self.words]
        self._word_ends = [w.end for w in self.words]
        self.in_entity = [False] * len(self.words)
        for s, e, _ in self.entities:  # mark the words each entity touches (bisect, not a scan per word)
            for k in range(bisect.bisect_right(self._word_ends, s), bisect.bisect_left(self._word_starts, e)):
                self.in_entity[k] = True
        self._entity_starts = [s for s, _, _ in self.entities]
        self._sentence_starts = [self.words[a].start if a < len(self.words) else 0 for a, _ in self.sentences]

    def sentence_has(self, a: int, b: int, name: str, words: frozenset[str]) -> bool:
        """Whether words ``[a, b)`` hold one of ``words`` (with clitics stripped); once per range, so a
        long sentence with many events costs one scan, not one per event."""
        key = (a, b, name)
        if key not in self._has:
            self._has[key] = any(in_words(f, words) for f in self.folded[a:b])
        return self._has[key]

    def context_window(self, sentence: int, first: int, last: int) -> tuple[int, int]:
        """Word range ``[a, b)`` searched for an event's places and time: its sentence, cut to at most
        :data:`CONTEXT_WORDS` words either side of the event, so the cost per event is bounded."""
        a, b = self.sentences[sentence]
        return max(a, first - CONTEXT_WORDS), min(b, last + 1 + CONTEXT_WORDS)

    def word_at(self, pos: int) -> int:
        """Index of the word that starts at or covers character ``pos``."""
        return bisect.bisect_right(self._word_ends, pos)

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)

    def _bounds(self, a: int, b: int) -> tuple[int, int]:
        if a >= b:
            return 0, 0
        return self.words[a].start, self.words[b - 1].end

    def locations(self, a: int, b: int) -> list[Place]:
        lo, hi = self._bounds(a, b)
        if not self.use_gazetteer:
            first, last = bisect.bisect_left(self._entity_starts, lo), bisect.bisect_left(self._entity_starts, hi)
            return [Place(self.text[s:e], s, e) for s, e, l in self.entities[first:last] if l == "LOC"]
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
                    out.append(Place(self.text[s:e], s, e))
                    k += n - 1
                    break
            k += 1
        return out

    def time(self, a: int, b: int) -> TimeExpression | None:
        f = self.folded
        for k in range(a, b):
            if self.in_entity[k]:
                continue
            end = None
            t = self.lex
            j = k + (1 if f[k] in t.time_day_parts and k + 1 < b else 0)
            if j < b and f[j] == fold("يوم") and j + 1 < b and f[j + 1] in t.time_days:
                j += 1
            if f[j] in t.time_days and (j > k or f[k] in t.time_days):
                end = j
            elif f[k] in t.time_periods and k + 1 < b and f[k + 1] in t.time_past:
                end = k + 1
            elif number_word(self.words[k].text) and k + 1 < b and f[k + 1] in t.time_months:
                end = k + 1
                if k + 2 < b and (self.words[k + 2].text.isdigit() and len(self.words[k + 2].text) == 4):
                    end = k + 2
            if end is not None:
                if end + 1 < b and f[end + 1] in t.time_past and f[end] in t.time_periods:
                    end += 1
                s, e = self.words[k].start, self.words[end].end
                return TimeExpression(self.text[s:e], s, e)
        return None
