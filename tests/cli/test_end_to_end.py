"""Train -> evaluate -> predict on the tiny model, through the package and through the scripts."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from arabert_ner.errors import OutputError

from ..conftest import ROOT, quickstart_config, shared_file

pytestmark = pytest.mark.slow
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=ENV)


def test_saved_folder_holds_weights_labels_tokenizer_and_config(trained_model):
    files = {p.name for p in trained_model.iterdir()}
    assert {"model.safetensors", "config.json", "tokenizer.json", "run_config.yaml", "train_results.json"} <= files
    assert not any(name.endswith(".bin") for name in files)
    assert "checkpoints" not in files, "checkpoints are removed after a successful run"
    config = json.loads((trained_model / "config.json").read_text())
    labels = [config["id2label"][str(i)] for i in range(len(config["id2label"]))]
    assert labels == ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
                      "B-KILLED", "I-KILLED", "B-INJURED", "I-INJURED"]
    assert config["label2id"]["B-LOC"] == 5


def test_tiny_model_visibly_learns(trained_model):
    results = json.loads((trained_model / "train_results.json").read_text())
    assert results["dev"]["eval_f1"] > 0.6, results["dev"]


def test_plain_transformers_pipeline_loads_the_folder(trained_model):
    from transformers import pipeline

    nlp = pipeline("token-classification", model=str(trained_model), aggregation_strategy="simple")
    out = nlp("قتل 12 شخصا في انفجار في بغداد أمس")
    assert isinstance(out, list) and all("entity_group" in e for e in out)


def test_training_again_into_a_finished_folder_is_refused(trained_model, tiny_model):
    from arabert_ner.training.finetune import train

    with pytest.raises(OutputError, match="finished model.*--overwrite"):
        train(quickstart_config(tiny_model, trained_model))
    proc = run("train.py", "--config", "configs/quickstart.yaml", "--output-dir", str(trained_model),
               f"model.name_or_path={tiny_model}")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "--overwrite" in proc.stderr


def test_evaluate_writes_metrics_that_seqeval_reproduces_from_predictions(trained_model, tmp_path):
    from seqeval.metrics import f1_score

    proc = run("evaluate.py", "--model", str(trained_model), "--output-dir", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    gold, pred, g, p = [], [], [], []
    for line in (tmp_path / "predictions.conll").read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            if g:
                gold.append(g), pred.append(p)
            g, p = [], []
            continue
        _, a, b = line.split(" ")
        g.append(a), p.append(b)
    assert len(gold) == metrics["sentences"] >= 88
    assert f1_score(gold, pred) == pytest.approx(metrics["f1"], abs=1e-9)
    assert metrics["f1"] > 0.6
    assert "| strict |" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_predict_offsets_slice_the_input_exactly(trained_model, tmp_path):
    docs = tmp_path / "docs.jsonl"
    texts = ["أعلنت وزارة الصحة مقتل100 شخص وإصابة ١٥ آخرين في غزة.", "", "   ",
             "عـــاجل: قُتل 3 أشخاص في حلب, وأصيب شرطيان 🚨\u200f في الموصل"]
    docs.write_text("".join(json.dumps({"id": f"d{i}", "text": t, "source": "test"}, ensure_ascii=False) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run("predict.py", "--model", str(trained_model), "--input", str(docs), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["d0", "d1", "d2", "d3"]
    assert all(r["source"] == "test" for r in records)
    assert records[1]["entities"] == [] and records[2]["casualties"] == []
    spans = [s for r in records for s in r["entities"] + r["casualties"]]
    assert spans
    for r in records:
        for s in r["entities"] + r["casualties"]:
            assert r["text"][s["start"]:s["end"]] == s["text"]
    assert not (tmp_path / "out.jsonl.part").exists()


def test_predictions_do_not_depend_on_batch_order(trained_model):
    from arabert_ner.tagging.tagger import Tagger

    tagger = Tagger.from_pretrained(trained_model)
    texts = [json.loads(l)["text"] for l in (ROOT / "data" / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    together = tagger.predict(texts)
    tagger.word_tagger.batch_size = 3
    reversed_one_by_one = [tagger.predict([t])[0] for t in reversed(texts)][::-1]
    strip = lambda recs: [[(e["label"], e["start"], e["end"]) for e in r["entities"]] for r in recs]
    assert strip(together) == strip(reversed_one_by_one)


def test_seeds_train_one_model_per_seed(tiny_model, tmp_path):
    from arabert_ner.training.finetune import train_seeds

    cfg = quickstart_config(tiny_model, tmp_path / "multi", "training.max_steps=3", "training.epochs=1")
    train_seeds(cfg, [1, 2], overwrite=False, resume=False)
    for seed in (1, 2):
        run_cfg = (tmp_path / "multi" / f"seed-{seed}" / "run_config.yaml").read_text()
        assert f"seed: {seed}" in run_cfg


def test_tiny_model_trains_on_anercorp_by_override_alone(tiny_model, tmp_path):
    train_file = shared_file("anercorp", "train.txt")
    test_file = shared_file("anercorp", "test.txt")
    out = tmp_path / "anercorp"
    proc = run("train.py", "--config", "configs/quickstart.yaml", "--output-dir", str(out),
               f"model.name_or_path={tiny_model}", f"data.train={train_file}", "data.dev=null",
               f"data.test={test_file}", "data.label_map=anercorp", "labels.types=[PER,ORG,LOC,MISC]",
               "training.max_steps=4", "training.epochs=1", timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "repaired 12" in proc.stderr and "seeded slice" in proc.stderr
    ev = run("evaluate.py", "--model", str(out), timeout=600)
    assert ev.returncode == 0, ev.stderr[-2000:]
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["sentences"] == 918 and metrics["tokens"] == 25009


def test_predict_without_a_model_runs_the_casualty_rules_only(tmp_path):
    out = tmp_path / "rules.jsonl"
    proc = run("predict.py", "--casualty-engine", "rules", "--text", "قتل 45 شخصا بينهم 28 عسكريا في الأنبار أمس",
               "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "entities will be empty" in proc.stderr
    (rec,) = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert rec["entities"] == []
    (ev,) = rec["casualties"]
    assert (ev["type"], ev["count"], ev["among"][0]["count"], ev["time"]["text"]) == ("killed", 45, 28, "أمس")
    assert rec["totals"] == {"killed": 45, "injured": None}
    meta = json.loads((tmp_path / "rules.jsonl.meta.json").read_text())
    assert meta["casualty_engine"] == "rules" and meta["model"] is None


def test_predict_contract_fields_with_a_model(trained_model):
    proc = run("predict.py", "--model", str(trained_model), "--text", "قتل 12 شخصا في انفجار في بغداد أمس")
    assert proc.returncode == 0, proc.stderr
    rec = json.loads(proc.stdout)
    assert list(rec) == ["id", "text", "entities", "casualties", "totals"]
    for ev in rec["casualties"]:
        assert set(ev) >= {"type", "count", "approximate", "text", "start", "end", "among", "locations", "time",
                           "same_as"}


def test_model_engine_on_an_entity_only_model_is_refused(tiny_model, tmp_path):
    from arabert_ner.training.finetune import train

    out = tmp_path / "entities"
    train(quickstart_config(tiny_model, out, "training.max_steps=2", "training.epochs=1",
                            "labels.types=[PER,ORG,LOC,MISC]", "data.label_map=entities_only"))
    proc = run("predict.py", "--model", str(out), "--casualty-engine", "model", "--text", "قتل 3")
    assert proc.returncode == 2 and "--casualty-engine rules" in proc.stderr
    auto = run("predict.py", "--model", str(out), "--text", "قتل 3 أشخاص")
    assert auto.returncode == 0 and json.loads(auto.stdout)["casualties"][0]["count"] == 3


def test_evaluate_scores_the_three_casualty_engines(trained_model, tmp_path, monkeypatch):
    from arabert_ner.cli.evaluate import main as evaluate_main

    monkeypatch.chdir(ROOT)  # in-process: the command, not a new interpreter, is what is tested here
    for engine in ("rules", "model", "hybrid"):
        args = ["--casualty-engine", engine, "--data", "data/casualty_test.jsonl", "--output-dir", str(tmp_path / engine)]
        if engine != "rules":
            args += ["--model", str(trained_model)]
        assert evaluate_main(args) == 0
        metrics = json.loads((tmp_path / engine / "metrics.json").read_text())
        assert metrics["casualties"]["engine"] == engine
        assert 0.0 <= metrics["casualties"]["events"]["f1"] <= 1.0
    rules = json.loads((tmp_path / "rules" / "metrics.json").read_text())
    assert rules["casualties"]["events"]["f1"] >= 0.95
