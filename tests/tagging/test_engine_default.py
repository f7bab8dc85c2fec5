"""The default casualty engine follows what the folder measured on real news, and never beats the rules by fiat."""
from __future__ import annotations

import pytest

from arabert_ner.errors import ConfigError
from arabert_ner.tagging.tagger import resolve_casualty_engine

TAGS = frozenset({"KILLED", "INJURED"})
LABELS = ["O", "B-PER", "I-PER", "B-KILLED", "I-KILLED", "B-INJURED", "I-INJURED"]


def _choice(engine, rules=0.9, hybrid=0.93, threshold=0.8):
    return {"engine": engine, "threshold": threshold if engine == "hybrid" else None,
            "scores": {"rules": {"f1": rules}, "model": {"f1": 0.5}, "hybrid": {str(threshold): {"f1": hybrid}}}}


def test_auto_takes_the_engine_measured_best():
    engine, why, threshold = resolve_casualty_engine("auto", LABELS, TAGS, _choice("hybrid"))
    assert (engine, threshold) == ("hybrid", 0.8)
    assert "0.9300" in why and "rules 0.9000" in why


def test_auto_keeps_the_rules_when_they_scored_best():
    engine, why, threshold = resolve_casualty_engine("auto", LABELS, TAGS, _choice("rules", rules=0.93, hybrid=0.85))
    assert (engine, threshold) == ("rules", None)
    assert "0.9300" in why and "0.8500" in why


def test_auto_is_rules_without_a_measurement():
    assert resolve_casualty_engine("auto", LABELS, TAGS, None)[0] == "rules"
    unmeasured = {"engine": "rules", "reason": "the real-news dev set was not at hand"}
    engine, why, _ = resolve_casualty_engine("auto", LABELS, TAGS, unmeasured)
    assert engine == "rules" and "not at hand" in why


def test_auto_is_rules_when_the_model_has_no_casualty_labels():
    assert resolve_casualty_engine("auto", ["O", "B-PER", "I-PER"], TAGS, _choice("hybrid"))[0] == "rules"


def test_an_explicit_engine_is_kept_and_impossible_asks_refused():
    assert resolve_casualty_engine("rules", LABELS, TAGS, _choice("hybrid"))[0] == "rules"
    with pytest.raises(ConfigError, match="needs a model that tags casualty spans"):
        resolve_casualty_engine("hybrid", ["O", "B-PER", "I-PER"], TAGS, None)
