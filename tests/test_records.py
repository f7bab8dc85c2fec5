"""The record model: a written record reads back to itself, and the one validator refuses bad records
with a one-line message naming the file and line."""
from __future__ import annotations

import json

import pytest

from arabert_ner.corpus.bio import spans_to_tags, tags_to_spans
from arabert_ner.errors import DataError
from arabert_ner.records import CasualtyEvent, Entity, Record, claim_id
from arabert_ner.text.normalize import Normalizer

from .conftest import ROOT

TEXT = "قتل 3 أشخاص في بغداد"


def test_every_written_record_reads_back_to_itself():
    lines = (ROOT / "tests" / "data" / "expected_rules.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        assert Record.from_json(json.loads(line)).to_json() == json.loads(line)


def test_a_tagged_record_with_entities_scores_and_copied_fields_reads_back(tmp_path):
    from arabert_ner.tagging.tagger import RulesOnlyTagger
    from arabert_ner.tagging.stream import merge_record
    from arabert_ner.config import build_config

    tagged = RulesOnlyTagger(build_config()).predict([TEXT])[0]
    tagged["entities"] = [Entity("LOC", "بغداد", 15, 20, 0.9731).to_json()]
    line = json.dumps(merge_record({"id": 7, "text": TEXT, "title": "عنوان"}, tagged), ensure_ascii=False)
    record = Record.from_json(json.loads(line), "x.jsonl", 1)
    assert record.id == 7 and record.extra == {"title": "عنوان"} and record.casualties[0].count == 3
    assert json.dumps(record.to_json(), ensure_ascii=False) == line  # keys in the written order too


def test_gold_may_leave_out_what_it_does_not_annotate():
    rec = Record.from_json({"text": TEXT, "casualties": [{"type": "killed", "start": 4, "end": 11}]}, "g.jsonl", 3)
    assert rec.id == "g.jsonl:3"
    assert rec.casualties == (CasualtyEvent("killed", None, False, "3 أشخاص", 4, 11),)


@pytest.mark.parametrize("record, message", [
    ('[1, 2]', "each line must be a JSON object"),
    ('{"id": "a"}', "record has no 'text' field"),
    ('{"text": 5}', "'text' must be a string, got int"),
    ('{"id": [1], "text": "x"}', "'id' must be a string or an integer, got list"),
    ('{"text": "x", "entities": {}}', "'entities' must be a list"),
    ('{"text": "x", "entities": ["PER"]}', "each of 'entities' must be an object"),
    ('{"text": "x", "entities": [{"start": 0, "end": 1}]}', "a span in 'entities' has no valid label"),
    ('{"text": "x", "entities": [{"label": "PER", "start": 0, "end": 2}]}', r"span PER has bad offsets start=0 end=2 \(text has 1 characters\)"),
    ('{"text": "xy", "entities": [{"label": "PER", "start": 1, "end": 1}]}', "span PER has bad offsets"),
    ('{"text": "xy", "entities": [{"label": "PER", "start": 2, "end": 1}]}', "span PER has bad offsets"),
    ('{"text": "xy", "entities": [{"label": "PER", "start": true, "end": 1}]}', "span PER has bad offsets"),
    ('{"text": "xy", "entities": [{"label": "PER", "start": 0, "end": 1, "text": "y"}]}',
     r"span PER \[0:1\] is 'x' in the text but 'y' in the record"),
    ('{"text": "xy", "entities": [{"label": "PER", "start": 0, "end": 1, "score": "high"}]}', "span PER: 'score' must be a number"),
    ('{"text": "xy", "casualties": [{"type": "", "start": 0, "end": 1}]}', "a span in 'casualties' has no valid type"),
    ('{"text": "xy", "casualties": [{"type": "killed", "start": 0, "end": 1, "count": 1.5}]}',
     "span killed: 'count' must be an integer or null, got 1.5"),
    ('{"text": "xy", "casualties": [{"type": "killed", "start": 0, "end": 1, "approximate": 1}]}',
     "span killed: 'approximate' must be true or false, got 1"),
    ('{"text": "xy", "casualties": [{"type": "killed", "start": 0, "end": 1, "among": [{"start": 0, "end": 5}]}]}',
     "span subset has bad offsets"),
    ('{"text": "xy", "casualties": [{"type": "killed", "start": 0, "end": 1, "locations": [{"text": "q", "start": 1, "end": 2}]}]}',
     "span location .* is 'y' in the text but 'q'"),
    ('{"text": "xy", "casualties": [{"type": "killed", "start": 0, "end": 1, "time": "today"}]}',
     "'time' must be an object or null"),
    ('{"text": "xy", "totals": {"killed": "3"}}', "'totals' must be an object of event type -> integer or null"),
])
def test_the_validator_names_the_file_and_line(record, message):
    with pytest.raises(DataError, match=rf"^bad\.jsonl:4: {message}"):
        Record.from_json(json.loads(record), "bad.jsonl", 4)


def test_an_event_type_outside_the_registry_is_refused_when_the_registry_is_given():
    rec = {"text": "xy", "casualties": [{"type": "missing", "start": 0, "end": 1}]}
    assert Record.from_json(rec).casualties[0].type == "missing"
    with pytest.raises(DataError, match=r"no valid type \(killed or injured\)"):
        Record.from_json(rec, "g.jsonl", 1, event_types=("killed", "injured"))


def test_ids_are_unique_in_a_file():
    seen: dict[str, int] = {}
    claim_id(1, seen, "f.jsonl", 1)
    with pytest.raises(DataError, match=r"f\.jsonl:5: duplicate id '1' \(first on line 1\)"):
        claim_id("1", seen, "f.jsonl", 5)


def test_spans_and_bio_tags_convert_both_ways():
    words = Normalizer().normalize("قال أحمد علي في بغداد").words
    tags, snapped, empty = spans_to_tags(words, [(4, 12, "PER"), (16, 21, "LOC")])
    assert tags == ["O", "B-PER", "I-PER", "O", "B-LOC"] and (snapped, empty) == (0, 0)
    assert tags_to_spans(tags) == [(1, 3, "PER"), (4, 5, "LOC")]
    # an I- after O or after another type starts a run, as conlleval reads it
    assert tags_to_spans(["I-PER", "I-LOC", "I-LOC", "B-LOC"]) == [(0, 1, "PER"), (1, 3, "LOC"), (3, 4, "LOC")]
