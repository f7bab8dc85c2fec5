"""The model and hybrid engines: casualty spans a trained model tagged (KILLED/INJURED), each span's count
read by the count grammar; the hybrid keeps every rule event as it is and adds a model span only where the
rules found nothing and the model is confident (``self.hybrid_threshold``, chosen on real dev).

A mixin of :class:`arabert_ner.casualties.engine.CasualtyExtractor`."""
from __future__ import annotations

import bisect
from typing import Sequence

from arabert_ner.casualties.document import Document
from arabert_ner.casualties.drafts import EventDraft
from arabert_ner.casualties.numbers import Count, read_count
from arabert_ner.records import Entity


class ModelRules:
    """The model and rules-first hybrid engines (see the module docstring)."""

    def _model_events(self, doc: "Document", spans: Sequence[Entity]) -> list[EventDraft]:
        events = []
        for span in spans:
            start, end, label, score = span.start, span.end, span.label, span.score
            typ = self.lex.tag_to_type.get(label)
            if typ is None:
                continue
            count = read_count(doc.text[start:end], self.vague_lower_bound, self.lex) or Count(None, False)
            events.append(EventDraft(typ, count.value, count.approximate, start, end,
                                sentence=doc.sentence_of(start), score=score))
        return events

    def _hybrid_events(self, doc: "Document", spans: Sequence[Entity]) -> list[EventDraft]:
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
