"""The repo's own corpus: reproducible from its composer, well-formed, and covering the hard cases."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from arabert_ner.config import DataConfig
from arabert_ner.corpus.labels import TagChecker, label_list, load_label_map
from arabert_ner.text.normalize import Normalizer
from arabert_ner.corpus.readers import read_jsonl

from ..conftest import ROOT

SPLITS = ("train", "dev", "test")
TYPES = ["PER", "ORG", "LOC", "MISC", "KILLED", "INJURED"]


def records(split: str) -> list[dict]:
    return [json.loads(l) for l in (ROOT / "data" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]


def test_committed_files_are_what_the_composer_writes():
    proc = subprocess.run([sys.executable, "data/compose_corpus.py", "--check"], cwd=ROOT, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr


def test_several_hundred_sentences_split_three_ways_without_overlap():
    texts = {s: [r["text"] for r in records(s)] for s in SPLITS}
    assert sum(len(t) for t in texts.values()) >= 500
    assert len(texts["dev"]) >= 80 and len(texts["test"]) >= 80
    ids = [r["id"] for s in SPLITS for r in records(s)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("split", SPLITS)
def test_every_span_is_whole_words_and_slices_its_text(split):
    checker = TagChecker(TYPES, load_label_map(None))
    examples, report = read_jsonl(ROOT / "data" / f"{split}.jsonl", checker, Normalizer())
    assert report.snapped == 0 and report.empty == 0
    assert checker.report.repaired_bio == 0
    for r in records(split):
        for span in r["entities"] + r["casualties"] + [a for c in r["casualties"] for a in c["among"]]:
            assert r["text"][span["start"]:span["end"]] == span["text"]


def test_corpus_covers_the_hard_cases_of_scraped_news():
    all_recs = [r for s in SPLITS for r in records(s)]
    texts = [r["text"] for r in all_recs]
    cas = [c for r in all_recs for c in r["casualties"]]
    assert any(re.search(r"[\u0621-\u064A][0-9]", t) for t in texts), "digits glued to words"
    assert any(re.search(r"[٠-٩]", c["text"]) for c in cas), "Arabic-Indic digits"
    assert any(c["text"].startswith(("خمسة عشر", "مئة وخمس")) for c in cas), "number words"
    assert any(c["count"] == 2 and not re.search(r"\d", c["text"]) for c in cas), "dual nouns"
    assert any(c["count"] is None and c["approximate"] for c in cas), "vague counts"
    assert any(c["among"] for c in cas), "subset counts"
    assert any("سفيرا" in t and not any("سفير" in c["text"] for c in r["casualties"])
               for r, t in zip(all_recs, texts)), "numbers that are not casualties"
    negatives = [r for r in all_recs if not r["casualties"]]
    assert len(negatives) / len(all_recs) > 0.25
    assert any(c["same_as"] is not None for c in cas), "repeated tolls"
    assert any("\n" in t for t in texts), "multi-paragraph articles"
    assert any("," in t for t in texts), "Latin commas"


def test_casualty_gold_set_is_reproducible_large_enough_and_40_percent_negative():
    proc = subprocess.run([sys.executable, "data/compose_casualty_gold.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    for split in ("casualty_dev", "casualty_test"):
        recs = records(split)
        assert len(recs) >= 200
        assert sum(1 for r in recs if not r["casualties"]) / len(recs) >= 0.4
        assert any("\n\n" in r["text"] for r in recs), "a few multi-paragraph articles"
        for r in recs:
            for span in r["casualties"] + [a for c in r["casualties"] for a in c["among"]]:
                assert r["text"][span["start"]:span["end"]] == span["text"]
