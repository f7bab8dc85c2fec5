"""The casualty rule engine on the hard cases of Arabic news (DEVELOPERS.md) and on the gold sets."""
from __future__ import annotations

import json

import pytest

from arabert_ner.casualties.engine import CasualtyExtractor, totals
from arabert_ner.records import Record
from arabert_ner.records import Entity


def _spans(text: str, *items) -> list[Entity]:
    """Model spans as the Tagger gives them: (start, end, label[, score]) -> Entity."""
    return [Entity(label, text[start:end], start, end, score[0] if score else None) for start, end, label, *score in items]

from ..conftest import ROOT

ENGINE = CasualtyExtractor()


def events(text: str, **kw) -> list[tuple]:
    out = ENGINE.extract(text, **kw)
    for e in out:
        assert text[e.start:e.end] == e.text
        for part in e.among + e.locations + ((e.time,) if e.time else ()):
            assert text[part.start:part.end] == part.text
    return [(e.type, e.count, e.text) for e in out]


def test_digits_glued_to_words():
    assert events("أعلنت الوزارة مقتل100 شخص في غزة") == [("killed", 100, "100 شخص")]
    assert events("انهار مبنى فيه4 أشخاص أصيبوا جميعا") == [("injured", 4, "4 أشخاص")]


def test_arabic_indic_and_persian_digits():
    assert events("قتل ١٥ شخصا في تفجير") == [("killed", 15, "١٥ شخصا")]
    assert events("أصيب ۱۲ شخصا في حادث") == [("injured", 12, "۱۲ شخصا")]


def test_number_words():
    assert events("لقي خمسة عشر شخصا مصرعهم في انهيار منجم") == [("killed", 15, "خمسة عشر شخصا")]
    assert events("ارتفع عدد القتلى إلى مئة وخمسين شخصا") == [("killed", 150, "مئة وخمسين شخصا")]


def test_dual_nouns():
    assert events("قتل شرطيان في هجوم على دورية") == [("killed", 2, "شرطيان")]
    assert events("نقل مدنيان إلى المستشفى بعد إصابتهم") == [("injured", 2, "مدنيان")]


def test_vague_counts():
    assert events("أسفرت الغارات عن مقتل عشرات المدنيين") == [("killed", None, "عشرات المدنيين")]
    assert ENGINE.extract("أصيب العشرات في الاشتباكات")[0].approximate is True


def test_subset_counts_are_a_breakdown_not_events():
    out = ENGINE.extract("قتل 45 شخصا بينهم 28 عسكريا في هجوم على قاعدة")
    assert [(e.type, e.count) for e in out] == [("killed", 45)]
    assert [(a.count, a.text) for a in out[0].among] == [(28, "28 عسكريا")]
    assert totals(out) == {"killed": 45, "injured": None}


def test_numbers_that_are_not_casualties():
    assert events("وصل 300 مراقب إلى المدينة لمراقبة الانتخابات") == []
    assert events("التقى الوزير مع15 سفيرا في الرياض") == []
    assert events("اعتقلت الشرطة 12 شخصا بتهمة التهريب") == []
    assert events("سجلت الوزارة 350 إصابة جديدة بفيروس كورونا") == []
    assert events("غاب اللاعب عن المباراة بعد أن أصيب في الركبة") == []


def test_negatives():
    assert events("لم يسفر الانفجار عن إصابات") == []
    assert events("نفت الوزارة سقوط قتلى في الاشتباكات") == []


def test_toll_with_both_types_and_killed_then_injured_others():
    assert events("ارتفعت الحصيلة إلى 45 قتيلا و120 مصابا") == [("killed", 45, "45 قتيلا"), ("injured", 120, "120 مصابا")]
    assert events("قتل 3 أشخاص وأصيب 8 آخرون") == [("killed", 3, "3 أشخاص"), ("injured", 8, "8 آخرون")]


def test_casualty_span_ends_before_a_named_entity():
    text = "قتل 3 من عناصر حزب الله في غارة"
    start = text.index("حزب")
    out = ENGINE.extract(text, entities=_spans(text, (start, start + len("حزب الله"), "ORG")))
    assert [(e.count, e.text) for e in out] == [(3, "3 من عناصر")]


def test_repeated_and_updated_tolls_count_once_with_the_latest_figure():
    text = ("قتل 12 شخصا في انفجار في بغداد صباح اليوم.\n\nوارتفعت الحصيلة لاحقا إلى 15 قتيلا.\n\n"
            "وأصيب 30 آخرون.")
    out = ENGINE.extract(text)
    assert [(e.type, e.count, e.same_as) for e in out] == [("killed", 12, None), ("killed", 15, 0),
                                                                    ("injured", 30, None)]
    assert totals(out) == {"killed": 15, "injured": 30}


def test_location_and_time_of_the_same_sentence():
    (ev,) = ENGINE.extract("قتل 4 أشخاص في قصف على حلب فجر الثلاثاء.")
    assert [l.text for l in ev.locations] == ["حلب"]
    assert ev.time.text == "فجر الثلاثاء"


def test_model_locations_replace_the_gazetteer():
    text = "قتل 4 أشخاص في قرية الحمرا"
    s = text.index("قرية")
    (ev,) = ENGINE.extract(text, entities=_spans(text, (s, len(text), "LOC")))
    assert ev.locations[0].text == "قرية الحمرا"


def test_model_and_hybrid_engines_use_model_spans():
    text = "قتل 5 أشخاص بينهم طفلان في غارة"
    spans = _spans(text, (4, 11, "KILLED", 0.9), (18, 23, "KILLED", 0.8))
    model = ENGINE.extract(text, model_spans=spans, engine="model")
    assert [(e.count, e.text) for e in model] == [(5, "5 أشخاص"), (2, "طفلان")]
    hybrid = ENGINE.extract(text, model_spans=spans, engine="hybrid")
    assert [(e.count, [a.count for a in e.among]) for e in hybrid] == [(5, [2])]


def test_hybrid_keeps_the_rules_type_and_count_over_the_models():
    text = "أعلنت الوزارة مقتل100 شخص على هامش المؤتمر"
    s = text.index("100")
    spans = _spans(text, (s, s + 7, "INJURED", 0.99), (text.index("على"), text.index("المؤتمر") - 1, "INJURED", 0.99))
    out = ENGINE.extract(text, model_spans=spans, engine="hybrid")
    assert [(e.type, e.count, e.text) for e in out] == [("killed", 100, "100 شخص")]


def test_hybrid_adds_a_confident_model_event_the_rules_missed():
    text = "وسقط 4 أشخاص في الحادث المروع"  # no report word the rules know before or after the count
    s = text.index("4")
    assert ENGINE.extract(text) == []
    sure = ENGINE.extract(text, model_spans=_spans(text, (s, s + 7, "KILLED", 0.95)), engine="hybrid")
    unsure = ENGINE.extract(text, model_spans=_spans(text, (s, s + 7, "KILLED", 0.6)), engine="hybrid")
    assert [(e.type, e.count, e.score) for e in sure] == [("killed", 4, 0.95)]
    assert unsure == []


def _score(split: str) -> dict:
    from arabert_ner.evaluation.metrics import casualty_scores

    recs = [Record.from_json(json.loads(l))
            for l in (ROOT / "data" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]
    preds = [ENGINE.extract(r.text) for r in recs]
    return casualty_scores([list(r.casualties) for r in recs], preds, [totals(r.casualties) for r in recs],
                           [totals(p) for p in preds])


@pytest.mark.parametrize("split", ["casualty_dev", "casualty_test", "test"])
def test_rule_engine_event_f1_on_the_gold_sets(split):
    scores = _score(split)
    assert scores["events"]["f1"] >= 0.95, scores["events"]
    assert scores["totals_accuracy"] >= 0.95


def test_engine_never_raises_on_odd_text():
    for text in ["", "   ", "🚨🔥", "قتل", "بينهم 3", "0 قتيلا", "قتل " + "9" * 400 + " شخصا", "\u200f" * 10]:
        for e in ENGINE.extract(text):
            assert text[e.start:e.end] == e.text


def test_hybrid_merges_model_fragments_of_one_count_expression():
    text = "لقي ٣ جنود حتفهم في الهجوم"
    spans = _spans(text, (4, 5, "KILLED", 0.9), (6, 10, "INJURED", 0.6))
    out = ENGINE.extract(text, model_spans=spans, engine="hybrid")
    assert [(e.type, e.count, e.text) for e in out] == [("killed", 3, "٣ جنود")]


def test_places_come_from_the_event_clause_time_from_around_it():
    text = ("أعلنت الوزارة مقتل 100 شخص في حلب أمس، فيما قتل 4 أشخاص في حمص اليوم، "
            "وأصيب 12 آخرون في دير الزور الأحد الماضي. ومقتل 3 أشخاص في إدلب وإصابة 5 في حماة")
    got = [(e.count, [l.text for l in e.locations], e.time.text if e.time else None) for e in ENGINE.extract(text)]
    assert [(c, l) for c, l, _ in got] == [(100, ["حلب"]), (4, ["حمص"]), (12, ["دير الزور"]), (3, ["إدلب"]),
                                          (5, ["حماة"])]
    assert [t for _, _, t in got][:3] == ["أمس"] * 3  # time: the first around the event (40 words either side)


def test_a_clause_without_a_place_falls_back_to_the_window():
    (ev,) = ENGINE.extract("في حلب، قتل 4 أشخاص أمس")
    assert [l.text for l in ev.locations] == ["حلب"] and ev.time.text == "أمس"
