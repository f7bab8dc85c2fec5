"""Choosing the default casualty engine on real news: rules win ties, the hybrid must beat them."""
from __future__ import annotations

from arabert_ner.casualties.engine import CasualtyExtractor
from arabert_ner.evaluation.engine_choice import choose
from arabert_ner.records import Entity, Record
from arabert_ner.text.normalize import Normalizer


class FakeTagger:
    """The tagger surface choose() uses, with fixed model spans per text."""

    def __init__(self, spans):
        self.normalizer = Normalizer()
        self.casualties = CasualtyExtractor(self.normalizer)
        self.casualty_tags = frozenset({"KILLED", "INJURED"})
        self._spans = spans

    def spans(self, texts, docs):
        return [self._spans[t] for t in texts]


def _gold(text, span, typ, count):
    s = text.index(span)
    return Record.from_json({"text": text, "casualties": [{"type": typ, "count": count, "approximate": False,
                                                           "start": s, "end": s + len(span), "among": [],
                                                           "same_as": None}]})


def test_hybrid_chosen_only_when_it_beats_the_rules():
    missed = "وسقط 4 أشخاص في الحادث المروع"  # the rules read no report word here
    read = "قتل 3 أشخاص في انفجار"
    s = missed.index("4")
    tagger = FakeTagger({missed: [Entity("KILLED", missed[s:s + 7], s, s + 7, 0.97)], read: []})
    records = [_gold(missed, "4 أشخاص", "killed", 4), _gold(read, "3 أشخاص", "killed", 3)]
    choice = choose(tagger, records)
    assert choice["engine"] == "hybrid" and choice["threshold"] == 0.95
    assert choice["scores"]["hybrid"]["0.95"]["f1"] > choice["scores"]["rules"]["f1"]


def test_rules_kept_when_the_model_adds_nothing():
    read = "قتل 3 أشخاص في انفجار"
    s = read.index("3")
    tagger = FakeTagger({read: [Entity("INJURED", read[s:s + 7], s, s + 7, 0.99)]})
    choice = choose(tagger, [_gold(read, "3 أشخاص", "killed", 3)])
    assert choice["engine"] == "rules"
    assert choice["scores"]["model"]["f1"] == 0.0  # the model alone typed it injured


def test_remembered_rule_events_give_the_same_records_and_are_forgotten_after():
    text = "قتل 45 شخصا بينهم 28 عسكريا في الأنبار أمس، وأصيب 60 آخرون. وسقط 4 أشخاص في حلب"
    s = text.index("4 أشخاص")
    spans = [Entity("KILLED", text[s:s + 7], s, s + 7, 0.97)]
    extractor = CasualtyExtractor(Normalizer())
    plain = [extractor.extract(text, model_spans=spans, engine=e) for e in ("rules", "hybrid", "hybrid")]
    with extractor.remembering_rule_events():
        remembered = [extractor.extract(text, model_spans=spans, engine=e) for e in ("rules", "hybrid", "hybrid")]
        assert len(extractor._rule_memo) == 1  # found once, reused by both hybrid runs
    assert remembered == plain and len(plain[1]) == len(plain[0]) + 1
    assert extractor._rule_memo is None
