from __future__ import annotations

import json

import pytest

from arabert_ner.config import DataConfig
from arabert_ner.errors import DataError
from arabert_ner.corpus.labels import LabelMap, TagChecker, load_label_map, repair_bio
from arabert_ner.text.normalize import Normalizer
from arabert_ner.corpus.readers import read_conll, read_examples, read_jsonl, split_dev

from ..conftest import ROOT, shared_file

TYPES = ["PER", "ORG", "LOC", "MISC"]


def checker(label_map: str | None = None, types=TYPES, repair=True) -> TagChecker:
    return TagChecker(types, load_label_map(label_map), repair)


def write(tmp_path, name: str, content: str | bytes):
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


def test_conll_sentences_docstart_and_columns(tmp_path):
    p = write(tmp_path, "a.conll", "-DOCSTART- -X- O O\n\nقال X O\nأحمد X B-PER\n\nفي X O\nبغداد X B-LOC\n")
    ex = read_conll(p, checker(), token_column=0, tag_column=-1, columns_chosen=True)  # columns set: 3 are fine
    assert [e.tokens for e in ex] == [["قال", "أحمد"], ["في", "بغداد"]]
    assert [e.tags for e in ex] == [["O", "B-PER"], ["O", "B-LOC"]]
    assert ex[1].line == 6


def test_conll_bom_and_crlf_are_accepted(tmp_path):
    p = write(tmp_path, "b.txt", "\ufeffقال O\r\nأحمد B-PER\r\n\r\n".encode("utf-8"))
    ex = read_conll(p, checker())
    assert ex[0].tokens == ["قال", "أحمد"] and ex[0].tags == ["O", "B-PER"]


def test_conll_malformed_line_names_file_and_line(tmp_path):
    p = write(tmp_path, "bad.txt", "قال O\nأحمد\n")
    with pytest.raises(DataError, match=r"bad\.txt:2: malformed CoNLL line"):
        read_conll(p, checker())


def test_non_utf8_names_byte_and_line(tmp_path):
    p = write(tmp_path, "latin.txt", "قال O\n".encode("utf-8") + "caf\xe9 O\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"latin\.txt:2: not valid utf-8 at byte"):
        read_conll(p, checker())


def test_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        read_conll(tmp_path / "nope.txt", checker())


def test_unknown_label_names_line_and_suggests_label_map(tmp_path):
    p = write(tmp_path, "c.txt", "أحمد B-PERS\n")
    with pytest.raises(DataError, match=r"c\.txt:1: unknown label 'B-PERS'.*data\.label_map"):
        read_conll(p, checker())
    assert read_conll(p, checker("anercorp"))[0].tags == ["B-PER"]


def test_orphan_and_iob1_tags_are_repaired_and_counted(tmp_path):
    p = write(tmp_path, "d.txt", "في O\nوزارة I-ORG\nالصحة I-ORG\nو O\nأحمد I-PER\nعلي I-PER\nبغداد I-LOC\n")
    c = checker()
    ex = read_conll(p, c)
    assert ex[0].tags == ["O", "B-ORG", "I-ORG", "O", "B-PER", "I-PER", "B-LOC"]
    assert c.report.repaired_bio == 3
    assert "repaired 3" in c.report.lines()[0]


def test_repair_can_be_refused(tmp_path):
    p = write(tmp_path, "e.txt", "في O\nوزارة I-ORG\n")
    with pytest.raises(DataError, match=r"e\.txt:2: 'I-ORG' does not continue"):
        read_conll(p, checker(repair=False))


def test_repair_bio_keeps_valid_sequences():
    tags = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"]
    assert repair_bio(tags) == (tags, 0)
    assert repair_bio(["I-PER", "I-LOC"]) == (["B-PER", "B-LOC"], 2)


def test_label_map_renames_types_and_whole_tags():
    m = LabelMap(types={"MIS1": "MISC", "KILLED": "O"}, tags={"IO": "O"})
    assert m.apply("B-MIS1") == "B-MISC" and m.apply("I-KILLED") == "O" and m.apply("IO") == "O"
    assert m.apply("B-PER") == "B-PER"


def test_shipped_label_maps_cover_the_shared_corpora():
    for name, path in (("anercorp", ("anercorp", "train.txt")), ("aqmar", ("aqmar", "aqmar.txt")),
                       ("newsfane", ("newsfane", "newsfane_gold.txt"))):
        c = checker(name)
        examples = read_conll(shared_file(*path), c)
        assert examples and all(set(e.tags) <= {"O", *(f"{p}-{t}" for p in "BI" for t in TYPES)} for e in examples)
        if name != "anercorp":
            assert c.report.mapped


def test_jsonl_spans_become_word_tags_with_glued_digits(tmp_path):
    text = "أعلنت وزارة الصحة مقتل100 شخص في غزة"
    rec = {"id": "r1", "text": text,
           "entities": [{"label": "ORG", "start": 6, "end": 17}, {"label": "LOC", "start": 33, "end": 36}],
           "casualties": [{"type": "killed", "start": 22, "end": 29, "text": "100 شخص", "count": 100}]}
    p = write(tmp_path, "r.jsonl", json.dumps(rec, ensure_ascii=False) + "\n")
    ex, report = read_jsonl(p, checker(types=TYPES + ["KILLED", "INJURED"]), Normalizer())
    assert ex[0].tokens == ["أعلنت", "وزارة", "الصحة", "مقتل", "100", "شخص", "في", "غزة"]
    assert ex[0].tags == ["O", "B-ORG", "I-ORG", "O", "B-KILLED", "I-KILLED", "O", "B-LOC"]
    assert report.snapped == 0 and report.empty == 0


@pytest.mark.parametrize("record, message", [
    ('{"id": 1, "text": 5}', "'text' must be a string"),
    ('{"text": "أحمد", "entities": [{"label": "PER", "start": 0, "end": 9}]}', "bad offsets"),
    ('{"text": "أحمد", "entities": [{"label": "PER", "start": 0, "end": 4, "text": "علي"}]}', "in the record"),
    ('{"text": "أحمد علي", "entities": [{"label": "PER", "start": 0, "end": 6}, {"label": "LOC", "start": 5, "end": 8}]}', "overlap"),
    ('{"text": "x", ', "malformed JSON"),
])
def test_jsonl_bad_records_name_the_line(tmp_path, record, message):
    p = write(tmp_path, "bad.jsonl", '{"text": "سليم"}\n' + record + "\n")
    with pytest.raises(DataError, match=rf"bad\.jsonl:2: .*{message}"):
        read_jsonl(p, checker(), Normalizer())


def test_jsonl_duplicate_ids_are_rejected(tmp_path):
    p = write(tmp_path, "dup.jsonl", '{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n')
    with pytest.raises(DataError, match=r"dup\.jsonl:2: duplicate id 'a'"):
        read_jsonl(p, checker(), Normalizer())


def test_hf_datasets_reader_reads_local_files_with_classlabel_names(tmp_path):
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_dict(
        {"tokens": [["قال", "أحمد"], ["في", "بغداد"]], "ner_tags": [[0, 1], [0, 2]]},
        features=datasets.Features({"tokens": datasets.Sequence(datasets.Value("string")),
                                    "ner_tags": datasets.Sequence(datasets.ClassLabel(names=["O", "B-PER", "B-LOC"]))}))
    ds.to_parquet(str(tmp_path / "train.parquet"))
    cfg = DataConfig(format="hf")
    ex = read_examples(str(tmp_path), cfg, checker(), Normalizer(), split="train")
    assert [e.tags for e in ex] == [["O", "B-PER"], ["O", "B-LOC"]]


def test_dev_split_is_fixed_by_its_seed():
    cfg = DataConfig()
    ex = read_examples(str(ROOT / "data" / "train.jsonl"), cfg, checker("entities_only"), Normalizer())
    a = split_dev(ex, 0.1, 13)
    b = split_dev(ex, 0.1, 13)
    c = split_dev(ex, 0.1, 14)
    assert [e.id for e in a[1]] == [e.id for e in b[1]] != [e.id for e in c[1]]
    assert len(a[0]) + len(a[1]) == len(ex) and abs(len(a[1]) - round(0.1 * len(ex))) <= 1
