"""ONNX export and the inference backends give the same output contract."""
from __future__ import annotations

import json
import shutil

import pytest

from ..conftest import ROOT


@pytest.fixture(scope="module")
def exported(trained_model, tmp_path_factory):
    from arabert_ner.model.export import export_onnx

    model = tmp_path_factory.mktemp("exp") / "model"
    shutil.copytree(trained_model, model)
    fp32, int8 = export_onnx(model)
    assert fp32.is_file() and int8.is_file() and int8.stat().st_size < fp32.stat().st_size
    return model


TEXTS = [json.loads(l)["text"] for l in (ROOT / "data" / "test.jsonl").read_text(encoding="utf-8").splitlines()][:40]


def _run(model, *overrides):
    from arabert_ner import Tagger

    return Tagger.from_pretrained(model, overrides=list(overrides)).predict(TEXTS)


def test_onnx_fp32_predicts_what_torch_predicts(exported):
    torch_out = _run(exported)
    onnx_out = _run(exported, "inference.backend=onnx")
    strip = lambda recs: [[(e["label"], e["start"], e["end"]) for e in r["entities"]] for r in recs]
    assert strip(onnx_out) == strip(torch_out)
    for a, b in zip(torch_out, onnx_out):
        for x, y in zip(a["entities"], b["entities"]):
            assert abs(x["score"] - y["score"]) < 1e-3


@pytest.mark.parametrize("overrides", [("inference.backend=onnx", "inference.precision=int8"),
                                       ("inference.precision=int8",), ("inference.precision=bf16",)])
def test_other_precisions_keep_the_output_contract(exported, overrides):
    out = _run(exported, *overrides)
    assert len(out) == len(TEXTS)
    for r in out:
        assert set(r) == {"text", "entities", "casualties", "totals"}
        for e in r["entities"]:
            assert r["text"][e["start"]:e["end"]] == e["text"]


def test_onnx_without_export_is_a_clear_error(trained_model):
    from arabert_ner import Tagger
    from arabert_ner.errors import ModelError

    with pytest.raises(ModelError, match="arabert-ner export"):
        Tagger.from_pretrained(trained_model, overrides=["inference.backend=onnx"])
