"""The stand-off gold: its loader on a corpus written here, and the real gold's integrity against ../shared."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from arabert_ner.corpus.standoff import SourceMissing, is_standoff_file, read_standoff, source_path
from arabert_ner.errors import DataError

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data" / "real_casualties"
SAMPLES = ["dev", *(f"dev{n}" for n in range(2, 11)), "test"]

ARTICLE = "مقدمة. قتل 5 أشخاص بينهم طفلان في الانفجار. خاتمة."


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture()
def source(tmp_path):
    return _write(tmp_path / "articles.jsonl", [{"id": "a1", "text": ARTICLE}])


def _record(**over):
    start = ARTICLE.index("قتل")
    end = ARTICLE.index("خاتمة") - 1
    passage = ARTICLE[start:end]
    ev_start = passage.index("5 أشخاص")
    sub_start = passage.index("طفلان")
    rec = {"id": "p1", "article_id": "a1", "source": "x", "start": start, "end": end,
           "casualties": [{"type": "killed", "count": 5, "approximate": False, "start": ev_start,
                           "end": ev_start + len("5 أشخاص"), "same_as": None,
                           "among": [{"count": 2, "start": sub_start, "end": sub_start + len("طفلان")}]}]}
    rec.update(over)
    return rec


def test_a_standoff_record_is_materialised_from_its_source(tmp_path, source):
    path = _write(tmp_path / "gold.jsonl", [_record()])
    assert is_standoff_file(path)
    [rec] = read_standoff(path, source)
    assert rec.text == "قتل 5 أشخاص بينهم طفلان في الانفجار."
    [ev] = rec.casualties
    assert rec.text[ev.start:ev.end] == "5 أشخاص" and ev.count == 5
    assert [rec.text[a.start:a.end] for a in ev.among] == ["طفلان"]


@pytest.mark.parametrize("over, message", [
    ({"start": 10_000}, "outside article"),
    ({"article_id": "nope"}, "is not in"),
    ({"end": -1}, "non-negative"),
])
def test_a_bad_record_names_the_file_and_line(tmp_path, source, over, message):
    path = _write(tmp_path / "gold.jsonl", [_record(), _record(**over)])
    with pytest.raises(DataError, match=rf"gold.jsonl:2: .*{message}"):
        read_standoff(path, source)


def test_an_event_outside_its_passage_is_refused(tmp_path, source):
    rec = _record()
    rec["casualties"][0]["end"] = 10_000
    with pytest.raises(DataError, match="gold.jsonl:1: event range"):
        read_standoff(_write(tmp_path / "gold.jsonl", [rec]), source)


def test_a_missing_source_corpus_is_a_clear_error(tmp_path):
    path = _write(tmp_path / "gold.jsonl", [_record()])
    with pytest.raises(SourceMissing, match="needs its source corpus"):
        read_standoff(path, tmp_path / "absent.jsonl")


def test_a_record_with_text_is_not_standoff(tmp_path, source):
    path = _write(tmp_path / "gold.jsonl", [{"id": "x", "text": "نص", "casualties": []}])
    assert not is_standoff_file(path)
    with pytest.raises(DataError, match="not a stand-off record"):
        read_standoff(path, source)


needs_shared = pytest.mark.skipif(not source_path().exists(), reason="../shared (SaudiNewsNet) is not on this machine")


@needs_shared
def test_the_real_gold_loads_and_is_as_documented():
    passages = negatives = 0
    for name in SAMPLES:
        recs = read_standoff(REAL / f"{name}.jsonl")
        chosen = [json.loads(line)["id"] for line in open(REAL / f"{name}_passages.jsonl", encoding="utf-8")]
        assert [r.id for r in recs] == chosen, name  # every chosen passage annotated, in order
        passages += len(recs)
        negatives += sum(not r.casualties for r in recs)
        for r in recs:
            for ev in r.casualties:
                assert ev.same_as is None or 0 <= ev.same_as < r.casualties.index(ev), r.id
    assert passages == 2684  # data/real_casualties/README.md
    assert negatives / passages >= 0.35


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in open(REAL / f"{name}.jsonl", encoding="utf-8")]


def test_dev_and_test_share_no_article_and_no_two_samples_overlap():
    test_articles = {r["article_id"] for r in _rows("test")}
    ranges: dict[str, list[tuple[int, int, str]]] = {}
    for name in SAMPLES[:-1]:
        for r in _rows(name):
            assert r["article_id"] not in test_articles, r["id"]
            for s, e, other in ranges.get(r["article_id"], []):
                assert e <= r["start"] or r["end"] <= s, (r["id"], other)
            ranges.setdefault(r["article_id"], []).append((r["start"], r["end"], r["id"]))
