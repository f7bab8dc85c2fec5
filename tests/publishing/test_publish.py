"""publish.py: a staging folder with only what belongs, a card from measured metrics, a safe upload."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from arabert_ner.publishing.hub import HubError, publish, stage, upload

from ..conftest import ROOT

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
FAKE_TOKEN = "hf_" + "x" * 34


class RecordingApi:
    """Stands in for huggingface_hub.HfApi (the Hub cannot be reached here) and records every call."""

    def __init__(self, user="me", orgs=()):
        self.calls = []
        self.user, self.orgs = user, orgs

    def whoami(self):
        self.calls.append(("whoami",))
        return {"name": self.user, "orgs": [{"name": o} for o in self.orgs]}

    def create_repo(self, **kw):
        self.calls.append(("create_repo", kw))

    def create_branch(self, **kw):
        self.calls.append(("create_branch", kw))

    def upload_folder(self, **kw):
        from pathlib import Path

        files = sorted(str(p.relative_to(kw["folder_path"])) for p in Path(kw["folder_path"]).rglob("*") if p.is_file())
        self.calls.append(("upload_folder", kw, files))
        return type("Info", (), {"commit_url": f"https://huggingface.co/{kw['repo_id']}/commit/abc"})()


@pytest.fixture()
def evaluated_model(trained_model, tmp_path):
    import shutil

    from arabert_ner.evaluation.report import run_evaluation
    from arabert_ner.tagging.tagger import Tagger

    model = tmp_path / "model"
    shutil.copytree(trained_model, model)
    tagger = Tagger.from_pretrained(model)
    run_evaluation(tagger, tagger.config.data.test, tagger.config, model)
    (model / "checkpoints").mkdir()
    (model / "checkpoints" / "optimizer.pt").write_bytes(b"state")
    (model / "training_args.bin").write_bytes(b"pickle")
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the hub")
    (model / "link.safetensors").symlink_to(outside)
    return model


def test_dry_run_folder_loads_and_predicts_like_the_source(evaluated_model, tmp_path):
    from transformers import pipeline

    from arabert_ner.tagging.tagger import Tagger

    staged = publish(str(evaluated_model), "me/quick", dry_run=True, output_dir=str(tmp_path / "stage"))
    names = sorted(p.name for p in staged.rglob("*") if p.is_file())
    assert "model.safetensors" in names and "README.md" in names and "run_config.yaml" in names
    assert not {"optimizer.pt", "training_args.bin", "link.safetensors"} & set(names)
    assert not (staged / "checkpoints").exists()
    texts = ["قتل 12 شخصا في انفجار في بغداد أمس", "أعلنت وزارة الصحة مقتل100 شخص في غزة"]
    assert Tagger.from_pretrained(staged).predict(texts) == Tagger.from_pretrained(evaluated_model).predict(texts)
    nlp = pipeline("token-classification", model=str(staged))
    assert nlp(texts[0])


def test_card_front_matter_parses_and_carries_measured_metrics(evaluated_model, tmp_path):
    stage(evaluated_model, tmp_path / "s", "me/quick")
    card = (tmp_path / "s" / "README.md").read_text(encoding="utf-8")
    front = yaml.safe_load(card.split("---")[1])
    metrics = json.loads((evaluated_model / "metrics.json").read_text())
    assert front["language"] == ["ar"] and front["pipeline_tag"] == "token-classification"
    assert front["library_name"] == "transformers" and front["license"] == "apache-2.0"
    values = {m["name"]: m["value"] for m in front["model-index"][0]["results"][0]["metrics"]}
    assert values["F1 (seqeval default (conlleval), micro)"] == round(metrics["default"]["micro"]["f1"], 4)
    assert values["F1 (seqeval strict IOB2, micro)"] == round(metrics["strict"]["micro"]["f1"], 4)
    assert "| 0 | `O` |" in card and "## Intended use and limitations" in card


def test_licence_follows_the_training_data(evaluated_model, tmp_path, caplog):
    cfg = evaluated_model / "run_config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "licenses:\n  - Apache-2.0 (written by the arabert-ner team)",
        "licenses:\n  - CC-BY-NC-SA-4.0 (SaudiNewsNet silver)\n  - Apache-2.0 (written by the arabert-ner team)"),
        encoding="utf-8")
    stage(evaluated_model, tmp_path / "a", "me/x")
    assert "license: cc-by-nc-sa-4.0" in (tmp_path / "a" / "README.md").read_text(encoding="utf-8")
    stage(evaluated_model, tmp_path / "b", "me/x", license_="apache-2.0")
    assert "more permissive" in caplog.text
    assert "license: apache-2.0" in (tmp_path / "b" / "README.md").read_text(encoding="utf-8")


def test_upload_sends_only_the_staging_folder_and_no_token(evaluated_model, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    api = RecordingApi()
    staged = publish(str(evaluated_model), "me/quick", output_dir=str(tmp_path / "stage"), revision="v1",
                     private=True, api=api)
    kinds = [c[0] for c in api.calls]
    assert kinds == ["whoami", "create_repo", "create_branch", "upload_folder"]
    _, kw, files = api.calls[-1]
    assert kw["folder_path"] == str(staged) and kw["revision"] == "v1"
    assert api.calls[1][1]["private"] is True
    assert set(files) == {p.name for p in staged.iterdir()}
    out = capsys.readouterr()
    assert FAKE_TOKEN not in out.out + out.err
    for f in staged.rglob("*"):
        if f.is_file():
            assert FAKE_TOKEN.encode() not in f.read_bytes()


def test_refusals_are_one_line(evaluated_model, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    with pytest.raises(HubError, match="not you"):
        upload(tmp_path, "someone-else/model", api=RecordingApi(user="me"))
    monkeypatch.delenv("HF_TOKEN")
    monkeypatch.setattr("arabert_ner.publishing.hub._token", lambda required=True: (_ for _ in ()).throw(
        HubError("no Hugging Face token: set HF_TOKEN")) if required else None)
    with pytest.raises(HubError, match="no Hugging Face token"):
        upload(tmp_path, "me/model", api=RecordingApi())
    proc = subprocess.run([sys.executable, "publish.py", "--model", str(evaluated_model), "--repo-id", "me/x"],
                          cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert proc.returncode != 0 and proc.stderr.strip().splitlines()[-1].startswith("error: cannot reach the Hub")
    assert "Traceback" not in proc.stderr


def test_a_token_pasted_into_the_folder_stops_publishing(evaluated_model, tmp_path):
    (evaluated_model / "report.md").write_text(f"my token {FAKE_TOKEN}", encoding="utf-8")
    with pytest.raises(HubError, match="token"):
        stage(evaluated_model, tmp_path / "s", "me/x")
