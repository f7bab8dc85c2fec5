"""Casualty events: who was killed or injured, how many, where and when, from Arabic news text.

Three engines share one output (the JSONL contract of predict.py):

* ``rules`` — report words (قتل, أصيب, لقي حتفه ...) and count expressions read by the count grammar
  (:mod:`~arabert_ner.casualties.numbers`); needs no model.
* ``model`` — the casualty spans a trained model tags (KILLED/INJURED), counts read from each span.
* ``hybrid`` — rules first: the rule events as they are, plus the model's confident spans where the
  rules found nothing (the threshold is chosen on the real-news dev set).

Subsets (بينهم 28 عسكريا) are a breakdown of the event they follow, never events of their own. A later
mention of the same toll (repeated, or updated: ارتفعت الحصيلة إلى) points to the first with ``same_as``,
and ``totals`` counts each distinct event once with its latest figure.

The rules are read in steps, one module each, combined here as mixins of :class:`CasualtyExtractor`:
:mod:`~arabert_ner.casualties.expressions` (count expressions in the words), ``reports`` (the event type
a report word gives, and what rules one out), ``subsets`` (breakdowns of a toll), ``mentions`` (joined
counts, repeats and ``same_as``, places and time), ``hybrid`` (the model and hybrid engines), over a
:class:`~arabert_ner.casualties.document.Document` and the drafts of :mod:`~arabert_ner.casualties.drafts`.
"""
from __future__ import annotations

import copy
import logging
from contextlib import contextmanager
from dataclasses import replace
from typing import Iterator, Sequence

from arabert_ner.casualties.agents import AgentRules
from arabert_ner.casualties.bare_counts import BareCountReader
from arabert_ner.casualties.document import CONTEXT_WORDS, Document
from arabert_ner.casualties.drafts import CountExpression, EventDraft
from arabert_ner.casualties.expressions import CountReader
from arabert_ner.casualties.hybrid import ModelRules
from arabert_ner.casualties.lexicon import Lexicon, default_lexicon
from arabert_ner.casualties.mentions import MentionRules
from arabert_ner.casualties.numbers import vague_forms
from arabert_ner.casualties.reports import ReportRules
from arabert_ner.casualties.subsets import SubsetRules
from arabert_ner.records import CasualtyEvent, Entity
from arabert_ner.text.arabic import strip_clitics
from arabert_ner.text.normalize import Normalizer, Word

__all__ = ["CONTEXT_WORDS", "CasualtyExtractor", "drop_events", "totals"]

log = logging.getLogger(__name__)


class CasualtyExtractor(CountReader, BareCountReader, ReportRules, AgentRules, SubsetRules, MentionRules, ModelRules):
    """Finds casualty events in text; entity spans from a model sharpen span ends and locations."""

    def __init__(self, normalizer: Normalizer | None = None, vague_lower_bound: bool = False,
                 lexicon: Lexicon | None = None, hybrid_threshold: float = 0.9):
        self.normalizer = normalizer or Normalizer()
        self.vague_lower_bound = vague_lower_bound
        self.hybrid_threshold = hybrid_threshold
        self.lex = lexicon or default_lexicon()
        self.win = self.lex.windows
        self._lead_or_filler = self.lex.passive_fillers | self.lex.lead_verbs
        self._rule_memo: dict | None = None

    @contextmanager
    def remembering_rule_events(self) -> Iterator[None]:
        """Within the block, the rule events of a text (with the same entity spans) are found once and
        reused: the engine choice runs the hybrid at every threshold over the same documents, and the
        hybrid's rule events do not depend on the threshold."""
        self._rule_memo = {}
        try:
            yield
        finally:
            self._rule_memo = None

    def extract(self, text: str, entities: Sequence[Entity] | None = None, model_spans: Sequence[Entity] | None = None,
                engine: str = "rules", words: tuple[Word, ...] | None = None) -> list[CasualtyEvent]:
        """Casualty records of one document for ``engine`` rules, model or hybrid. ``entities``: a model's
        entity spans (they end count expressions and give LOC places; None: the gazetteer gives places);
        ``model_spans``: its casualty spans (KILLED/INJURED, with scores) for the model and hybrid engines;
        ``words``: the text's normalised words when the caller (the Tagger) has them already."""
        doc = Document(text, self.normalizer, entities, words, self.lex)
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

    def _rule_events(self, doc: "Document") -> list[EventDraft]:
        if self._rule_memo is None:
            return self._find_rule_events(doc)
        key = (doc.text, tuple(doc.entities), doc.use_gazetteer)
        if key not in self._rule_memo:
            self._rule_memo[key] = self._find_rule_events(doc)
        return copy.deepcopy(self._rule_memo[key])  # the drafts are completed in place afterwards

    def _find_rule_events(self, doc: "Document") -> list[EventDraft]:
        events: list[EventDraft] = []
        seen_words: set[str] = set()  # the last word of every event's span so far (R8 repeats)
        seen_types: set[str] = set()
        loose: list[CountExpression] = []  # definite counts read as neither an event nor a subset
        for s, (a, b) in enumerate(doc.sentences):
            sentence_events: list[EventDraft] = []
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
                    # مقتل 844 مدنيا و488 عسكريا, مقتل 21 سائحا وشرطي; a casualty noun keeps its own type
                    # (حالة وفاة واحدة و4 إصابات)
                    typ = expr.noun_type if expr.noun_type in self.lex.types else sentence_events[-1].type
                back_reference = self._is_back_reference(doc, expr)
                if typ is None and back_reference and (events or sentence_events):
                    typ = (sentence_events or events)[-1].type  # الضحايا الخمسة: the toll given before
                if typ is None:
                    if expr.count.value:
                        loose.append(expr)
                    continue
                if (events or sentence_events) and any(
                        f in self.lex.vague_casualty_only for f in vague_forms(doc.words[expr.first].text)):
                    continue  # وفاة بعض الجرحى after a toll: some of those counted before (R6), no new event
                if not expr.named_list and self._repeated_mention(doc, expr, seen_words):
                    continue  # مقتل الطفل ... مقتل الطفل: a later mention without a count (rule R8)
                if expr.first_mention and typ in seen_types:
                    continue  # مقتل 5 أشخاص ... الشاب القتيل: one of the toll given before (R8)
                last = doc.words[expr.last]
                ev = EventDraft(typ, expr.count.value, expr.count.approximate, self._span_start(doc, expr.first),
                           last.end, sentence=s)
                ev.back_reference = back_reference
                ev.approximate = ev.approximate or self._trailing_qualifier(doc, expr.last + 1, b)
                sentence_events.append(ev)
                last_subset = None
                shared = self._shared_quantifier(doc, expr, b)
                if shared is not None:  # عشرات القتلى والجرحى: the same vague count for both types
                    k, other = shared
                    sentence_events.append(EventDraft(other, ev.count, ev.approximate, self._span_start(doc, k),
                                                 doc.words[k].end, sentence=s))
                for e in sentence_events[-2 if shared else -1:]:
                    seen_words.add(strip_clitics(doc.text[e.start:e.end])[-1])
                    seen_types.add(e.type)
            events.extend(sentence_events)
        events = self._listed_victims(doc, self._breakdowns(doc, events))
        return self._mixed_totals(doc, self._summed_parts(doc, events, loose))


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

