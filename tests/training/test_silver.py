"""Silver data: rule casualty spans on raw news and on entity corpora, Label Studio round trip, training."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from arabert_ner.training.silver import conll_documents, from_labelstudio, label_documents, to_labelstudio

from ..conftest import ROOT, quickstart_config, shared_file

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def test_entity_corpus_keeps_gold_entities_and_gains_casualty_spans(tmp_path):
    conll = tmp_path / "c.txt"
    conll.write_text("قتل O\n3 O\nأشخاص O\nفي O\nبغداد B-LOC\n\nقال O\nأحمد B-PERS\n", encoding="utf-8")
    docs = list(label_documents(conll_documents(str(conll), "anercorp")))
    assert docs[0]["text"] == "قتل 3 أشخاص في بغداد"
    assert docs[0]["entities"] == [{"label": "LOC", "text": "بغداد", "start": 15, "end": 20}]
    assert [(c["count"], c["text"]) for c in docs[0]["casualties"]] == [(3, "3 أشخاص")]
    assert docs[1]["entities"][0]["label"] == "PER" and docs[1]["casualties"] == []


def test_label_studio_round_trip_keeps_spans_and_rereads_counts():
    records = list(label_documents(iter([{"id": "a", "text": "أصيب 12 شخصا في حلب", "entities": [
        {"label": "LOC", "text": "حلب", "start": 16, "end": 19}]}])))
    tasks = to_labelstudio(records)
    assert tasks[0]["predictions"][0]["result"][1]["value"]["labels"] == ["INJURED"]
    assert from_labelstudio(tasks, "x.json") == [], "uncorrected tasks are not training data"
    tasks[0]["annotations"] = [{"result": tasks[0]["predictions"][0]["result"]}]
    back = from_labelstudio(tasks, "x.json")
    assert back[0]["entities"] == records[0]["entities"]
    assert [(c["type"], c["count"], c["text"]) for c in back[0]["casualties"]] == [("injured", 12, "12 شخصا")]


def test_silver_from_shared_news_trains_a_combined_tiny_model(trained_model, tiny_model, tmp_path):
    source = shared_file("saudinewsnet", "casualty_candidates.jsonl")
    silver = tmp_path / "silver.jsonl"
    proc = subprocess.run([sys.executable, "-m", "arabert_ner.cli", "silver", "label", "--input", str(source),
                           "--model", str(trained_model), "--output", str(silver), "--limit", "20",
                           "--license", "CC-BY-NC-SA-4.0"], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-1500:]
    meta = json.loads((tmp_path / "silver.jsonl.meta.json").read_text())
    assert meta["license"] == "CC-BY-NC-SA-4.0" and meta["documents"] == 20
    records = [json.loads(l) for l in silver.read_text(encoding="utf-8").splitlines()]
    assert sum(bool(r["casualties"]) for r in records) >= 10
    from arabert_ner.training.finetune import train

    cfg = quickstart_config(tiny_model, tmp_path / "combined", "training.max_steps=20", "training.epochs=1",
                            f"data.train=[{silver}, {ROOT / 'data' / 'train.jsonl'}]",
                            "data.licenses=[CC-BY-NC-SA-4.0, Apache-2.0]")
    train(cfg)
    from arabert_ner.tagging.tagger import Tagger

    rec = Tagger.from_pretrained(tmp_path / "combined").predict(["قتل 3 أشخاص في بغداد"])[0]
    assert set(rec) >= {"entities", "casualties", "totals"}
    assert "CC-BY-NC-SA-4.0" in (tmp_path / "combined" / "run_config.yaml").read_text()
