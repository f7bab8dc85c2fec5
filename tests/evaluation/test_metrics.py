"""Metric code against hand-computed examples."""
from __future__ import annotations

import json
import statistics

import pytest

from arabert_ner.evaluation.metrics import casualty_scores, entity_scores
from arabert_ner.evaluation.seeds import summarise, write_comparison
from arabert_ner.records import CasualtyEvent, Subset


def test_perfect_and_empty_predictions():
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    assert entity_scores(gold, gold)["default"]["micro"]["f1"] == 1.0
    none = entity_scores(gold, [["O"] * 4])
    assert none["default"]["micro"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 2}
    assert none["token_accuracy"] == 0.25  # only the O position matches


def test_hand_computed_precision_recall_f1():
    gold = [["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG", "O", "B-ORG"]]
    s = entity_scores(gold, pred)["default"]
    # predicted: PER ok, ORG(3) wrong, ORG(5) ok -> P = 2/3; gold 3 entities, 2 found -> R = 2/3
    assert s["micro"]["precision"] == pytest.approx(2 / 3)
    assert s["micro"]["recall"] == pytest.approx(2 / 3)
    assert s["per_type"]["LOC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert s["per_type"]["ORG"]["precision"] == pytest.approx(0.5) and s["per_type"]["ORG"]["recall"] == 1.0
    # macro F1 = mean of per-type F1: PER 1, LOC 0, ORG 2/3
    assert s["macro"]["f1"] == pytest.approx((1 + 0 + 2 / 3) / 3)


def test_default_and_strict_modes_differ_on_an_orphan_i_tag():
    gold = [["B-PER", "I-PER", "O"]]
    pred = [["I-PER", "I-PER", "O"]]  # conlleval reads I-PER I-PER as one PER span; strict IOB2 does not
    s = entity_scores(gold, pred)
    assert s["default"]["micro"]["f1"] == 1.0
    assert s["strict"]["micro"]["f1"] == 0.0


def test_casualty_event_scores_match_multisets_per_document():
    def ev(t, c, s, e, approx=False, among=()):
        return CasualtyEvent(t, c, approx, "", s, e, among=tuple(Subset(a, "", s, e) for a in among))
    gold = [[ev("killed", 3, 0, 5), ev("injured", None, 10, 15, True)], [ev("killed", 2, 0, 4, among=(1,))]]
    pred = [[ev("killed", 3, 0, 5), ev("injured", 4, 10, 15)], [ev("killed", 2, 0, 4, among=(1,)), ev("killed", 9, 6, 8)]]
    s = casualty_scores(gold, pred)
    # doc1: (killed,3) matched, (injured,None) vs (injured,4) not; doc2: (killed,2) matched, (killed,9) spurious
    assert (s["events"]["tp"], s["events"]["fp"], s["events"]["fn"]) == (2, 2, 1)
    assert s["events"]["f1"] == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert s["spans"]["all"]["tp"] == 3 and s["spans"]["all"]["fp"] == 1
    assert s["approximate_accuracy"] == pytest.approx(2 / 3) and s["subset_accuracy"] == 1.0


def _metrics(f1):
    row = {"precision": f1, "recall": f1, "f1": f1, "support": 3}
    mode = {"micro": row, "macro": {"precision": f1, "recall": f1, "f1": f1}, "per_type": {"PER": row}}
    return {"default": mode, "strict": mode, "token_accuracy": 0.9}


def test_seed_summary_is_mean_and_sample_sd():
    summary = summarise({"s1": _metrics(0.8), "s2": _metrics(0.9), "s3": _metrics(0.7)})
    row = summary["strict.micro.f1"]
    assert row["mean"] == pytest.approx(0.8) and row["n"] == 3
    assert row["sd"] == pytest.approx(statistics.stdev([0.8, 0.9, 0.7])) == pytest.approx(0.1)
    assert summarise({"only": _metrics(0.8)})["strict.micro.f1"]["sd"] is None


def test_comparison_lists_per_type_differences(tmp_path):
    text = write_comparison("a", _metrics(0.5), "b", _metrics(0.75), "x.txt", tmp_path)
    assert "| PER | strict | 0.5000 | 0.7500 | +0.2500 |" in text
    assert (tmp_path / "compare.md").exists()


def test_evaluation_writes_errors_confusion_and_chart(trained_model, tmp_path):
    from arabert_ner.evaluation.report import run_evaluation
    from arabert_ner.tagging.tagger import Tagger

    tagger = Tagger.from_pretrained(trained_model)
    metrics = run_evaluation(tagger, tagger.config.data.test, tagger.config, tmp_path)
    assert list(metrics)[:2] == ["f1", "f1_strict"]
    assert (tmp_path / "f1_per_type.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    confusion = metrics["confusion"]
    gold_total = sum(v for k, row in confusion.items() if k != "spurious" for v in row.values())
    assert gold_total == sum(r["support"] for r in metrics["strict"]["per_type"].values())
    errors = (tmp_path / "errors.txt").read_text(encoding="utf-8")
    assert errors.count("# ") == sum(1 for _ in filter(None, errors.split("\n\n")))
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "confusion" in report and "## Casualties" in report
    # the default engine is the one the folder chose on real news (rules when it could not choose)
    from arabert_ner.casualties.choice import read_choice

    chosen = read_choice(trained_model)["engine"]
    assert json.loads((tmp_path / "metrics.json").read_text())["casualties"]["engine"] == chosen
