"""Inference on long documents and odd text: windows, offsets, output formats, the Python API."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import ROOT

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
LABELS = ["O", "B-PER", "I-PER"]


@pytest.fixture(scope="module")
def context_free_model(tiny_model):
    """A BERT with no attention layers and fixed weights: 'سمير' is always B-PER, 'خالد' always I-PER,
    everything else O, wherever the word sits. With it, any label lost or doubled at a window border is
    the windowing's fault, not the model's guess."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForTokenClassification

    tok = AutoTokenizer.from_pretrained(str(tiny_model))
    config = BertConfig(vocab_size=len(tok), hidden_size=8, num_hidden_layers=0, num_attention_heads=1,
                        intermediate_size=8, max_position_embeddings=512, num_labels=3,
                        id2label=dict(enumerate(LABELS)), label2id={l: i for i, l in enumerate(LABELS)})
    model = BertForTokenClassification(config).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.zero_()
        model.bert.embeddings.LayerNorm.weight.fill_(1.0)
        emb = model.bert.embeddings.word_embeddings.weight
        begin, inside = tok.convert_tokens_to_ids(tok.tokenize("سمير"))[0], tok.convert_tokens_to_ids(tok.tokenize("خالد"))[0]
        emb[begin, 0], emb[begin, 1] = 4.0, -4.0   # LayerNorm -> +dim0
        emb[inside, 2], emb[inside, 3] = 4.0, -4.0
        model.classifier.weight[1, 0] = 10.0
        model.classifier.weight[2, 2] = 10.0
        model.classifier.bias[0] = 1.0
    assert len(tok.tokenize("سمير")) == 1 and len(tok.tokenize("خالد")) == 1
    return model, tok


def test_entities_at_every_window_border_are_found_once(context_free_model):
    from arabert_ner.config import build_config
    from arabert_ner.tagging.tagger import Tagger

    model, tok = context_free_model
    cfg = build_config(overrides=["labels.types=[PER]", "model.max_length=64", "inference.window_overlap=16",
                                  "inference.batch_size=7"])
    tagger = Tagger(model, tok, LABELS, cfg, source="fixture")
    filler = "في"  # one subword
    words = []
    for i in range(3200):
        words.append("سمير" if i % 47 in (0, 46) else "خالد" if i % 47 == 1 else filler)
    text = " ".join(words)  # one sentence of 3,200 words: many windows of 62 subwords, 16 shared
    windows = tagger.word_tagger.encoder.windows(0, words, 16)
    assert sum(len(w.input_ids) - 2 for w in windows) > 3000 and len(windows) > 60
    (record,) = tagger.predict([text])
    found = [(e["start"], e["text"]) for e in record["entities"]]
    expected = []
    pos = 0
    for i, w in enumerate(words):
        if w == "سمير":
            span = "سمير خالد" if i + 1 < len(words) and words[i + 1] == "خالد" else "سمير"
            expected.append((pos, span))
        pos += len(w) + 1
    assert found == expected


def test_windows_overlap_and_cover_every_word(context_free_model):
    from arabert_ner.model.alignment import SubwordEncoder

    _, tok = context_free_model
    enc = SubwordEncoder(tok, 32)
    words = ["في"] * 200
    wins = enc.windows(0, words, overlap=8)
    assert wins[0].start == 0 and wins[-1].end == 200
    assert all(b.start < a.end and b.start > a.start for a, b in zip(wins, wins[1:])), "overlapping, advancing"


@pytest.fixture(scope="module")
def tagger(trained_model):
    from arabert_ner import Tagger

    return Tagger.from_pretrained(trained_model)


ARABIC_WORDS = st.sampled_from(["قتل", "أصيب", "شخصا", "في", "بغداد", "وزارة", "الصحة", "مقتل100", "فيه4",
                                "١٥", "۱۲", "عـــاجل", "مُحَمَّدٌ", "خمسة", "عشر", "شرطيان", "بينهم", "28", "عسكريا"])
NOISE = st.sampled_from([" ", " ", "\n", "\u200b", "\u200f", "\u202b", "\ufeff", "،", ",", ".", "؟", "🚨", "ـ", "a"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(ARABIC_WORDS, NOISE), max_size=40).map("".join))
def test_offsets_slice_the_original_text_exactly(tagger, text):
    (rec,) = tagger.predict([text])
    for e in rec["entities"]:
        assert text[e["start"]:e["end"]] == e["text"] and e["text"].strip() == e["text"]
    for c in rec["casualties"]:
        assert text[c["start"]:c["end"]] == c["text"]
        for a in c["among"] + c["locations"] + ([c["time"]] if c["time"] else []):
            assert text[a["start"]:a["end"]] == a["text"]


def test_tagger_and_predict_py_give_the_same_entities(tagger, trained_model, tmp_path):
    texts = [json.loads(l)["text"] for l in (ROOT / "data" / "test.jsonl").read_text(encoding="utf-8").splitlines()][:30]
    docs = tmp_path / "d.jsonl"
    docs.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)),
                    encoding="utf-8")
    out = tmp_path / "o.jsonl"
    proc = subprocess.run([sys.executable, "predict.py", "--model", str(trained_model), "--input", str(docs),
                           "--output", str(out), "--batch-size", "5"], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    cli = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    api = tagger.predict(texts)
    assert [r["entities"] for r in cli] == [r["entities"] for r in api]
    assert [r["casualties"] for r in cli] == [r["casualties"] for r in api]


def _predict_here(capsys, *args: str) -> tuple[int, str, str]:
    """predict.py's main in this process: the same code as the command, without a new interpreter's imports
    (about 9 s each); exit code, stdout and stderr."""
    import predict

    code = predict.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_input_kind(trained_model, tmp_path, capsys):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("قتل 3 أشخاص في بغداد", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("\ufeffأصيب شرطيان في حلب\r\n", encoding="utf-8")
    code, out, err = _predict_here(capsys, "--model", str(trained_model), "--input", str(folder))
    assert code == 0, err
    assert [json.loads(l)["id"] for l in out.splitlines()] == ["a.txt", "sub/b.txt"]
    code, out, err = _predict_here(capsys, "--model", str(trained_model), "--input", str(folder / "a.txt"))
    assert code == 0 and json.loads(out)["id"] == "a.txt", err
    stdin = subprocess.run([sys.executable, "predict.py", "--model", str(trained_model), "--input", "-"], cwd=ROOT,
                           env=ENV, capture_output=True, text=True, input='{"id": "s", "text": "قتل جندي"}\n')
    assert stdin.returncode == 0 and json.loads(stdin.stdout)["id"] == "s"


def test_conll_and_html_outputs(trained_model, tmp_path, capsys):
    conll, page = tmp_path / "o.conll", tmp_path / "o.html"
    for out in (conll, page):
        code, _, err = _predict_here(capsys, "--model", str(trained_model), "--input",
                                     str(ROOT / "data" / "sample_article.txt"), "--output", str(out))
        assert code == 0, err
    lines = conll.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "-DOCSTART- sample_article.txt"
    rows = [l.split(" ") for l in lines[1:] if l]
    assert all(len(r) == 2 for r in rows) and any(r[1] != "O" for r in rows)
    assert ["مقتل", "O"] in rows or any(r[0] == "مقتل" for r in rows), "glued digits are separate words"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'dir="rtl"' in text and "<mark class=" in text
    assert "http" not in text.split("<body>")[0], "self-contained: no external resources"
