"""Nothing lost, ever (issue 17): no command deletes or writes over what it did not create, long
unpunctuated documents stay linear, skip really skips, resume and merge check provenance.

Every refusal is checked the same way: a non-zero exit, one ``error:`` line naming the path, and every
input and unrelated file byte-identical afterwards (checksums before and after). Commands run in this
process (their ``main(argv)``) unless a new process is the point.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from arabert_ner.errors import ArabertNerError, ConfigError, DataError, ModelError, OutputError

from ..conftest import ROOT


# ------------------------------------------------------------------------------------------ helpers

def checksums(*roots: Path) -> dict[str, str]:
    """sha256 of every file under ``roots`` (files or folders), keyed by path."""
    out = {}
    for root in roots:
        root = Path(root)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for f in files:
            out[str(f)] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def refused(capsys, code: int, *needles: str) -> str:
    """The command failed with one ``error:`` line holding every needle; returns that line."""
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0
    assert err and err[-1].startswith("error: "), err[-5:]
    assert not any("Traceback" in line for line in err)
    for n in needles:
        assert n in err[-1], err[-1]
    return err[-1]


def script(name: str):
    """A top-level script (train.py, predict.py, ...) as a module, to call its ``main(argv)``."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_script_{name}", ROOT / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def train_args(tiny_model: Path, *extra: str) -> list[str]:
    return ["--config", str(ROOT / "configs" / "quickstart.yaml"), f"model.name_or_path={tiny_model}",
            f"data.train={ROOT / 'data' / 'train.jsonl'}", f"data.dev={ROOT / 'data' / 'dev.jsonl'}",
            "training.max_steps=1", *extra]


def unrelated_folder(tmp_path: Path) -> Path:
    """Ten files someone keeps in a folder: what ``--output-dir data --overwrite`` once wiped."""
    folder = tmp_path / "data"
    folder.mkdir()
    for i in range(10):
        (folder / f"notes-{i}.txt").write_text(f"keep me {i}\n", encoding="utf-8")
    return folder


# ------------------------------------------------------------------- 1. one overwrite rule, folders

@pytest.mark.parametrize("overwrite", [False, True])
def test_train_never_writes_into_or_deletes_a_folder_it_did_not_write(tiny_model, tmp_path, capsys, overwrite):
    folder = unrelated_folder(tmp_path)
    before = checksums(tmp_path)
    code = script("train").main(train_args(tiny_model, "--output-dir", str(folder),
                                           *(["--overwrite"] if overwrite else [])))
    refused(capsys, code, str(folder), "not written by this toolkit")
    assert checksums(tmp_path) == before
    assert sorted(p.name for p in folder.iterdir()) == [f"notes-{i}.txt" for i in range(10)]


@pytest.mark.parametrize("overwrite", [False, True])
def test_train_refuses_the_base_models_folder(tiny_model, tmp_path, capsys, overwrite):
    base = tmp_path / "base"
    shutil.copytree(tiny_model, base)
    before = checksums(base)
    code = script("train").main(train_args(base, "--output-dir", str(base), *(["--overwrite"] if overwrite else [])))
    refused(capsys, code, str(base), "input")
    assert checksums(base) == before


@pytest.mark.parametrize("where", ["cwd", "repo", "ancestor_of_data", "file"])
def test_train_refuses_cwd_repo_an_input_folder_and_a_file(tiny_model, tmp_path, capsys, monkeypatch, where):
    data = tmp_path / "corpus" / "train.jsonl"
    data.parent.mkdir()
    shutil.copyfile(ROOT / "data" / "train.jsonl", data)
    target = {"cwd": tmp_path / "work", "repo": ROOT, "ancestor_of_data": tmp_path, "file": tmp_path / "a-file"}[where]
    if where == "cwd":
        target.mkdir()
        (target / "mine.txt").write_text("x")
        monkeypatch.chdir(target)
    if where == "file":
        target.write_text("not a folder")
    before = checksums(tmp_path)
    code = script("train").main(train_args(tiny_model, f"data.train={data}", "--output-dir",
                                           "." if where == "cwd" else str(target), "--overwrite"))
    line = refused(capsys, code)
    assert {"cwd": "current folder", "repo": "repository", "ancestor_of_data": "holds an input",
            "file": "is a file"}[where] in line
    assert checksums(tmp_path) == before


def test_distill_follows_the_same_rule(trained_model, tmp_path, capsys):
    from arabert_ner.cli.distill import main

    folder = unrelated_folder(tmp_path)
    before = checksums(tmp_path)
    code = main(["--teacher", str(trained_model), "--output-dir", str(folder), "--overwrite",
                 f"data.train={ROOT / 'data' / 'train.jsonl'}"])
    refused(capsys, code, str(folder), "not written by this toolkit")
    assert checksums(tmp_path) == before


def test_overwrite_replaces_a_folder_the_toolkit_wrote(tmp_path):
    from arabert_ner.config import load_config
    from arabert_ner.files import TOOLKIT_CONFIG_HEADER
    from arabert_ner.training.folder import prepare_output_dir

    old = tmp_path / "model"
    old.mkdir()
    (old / "run_config.yaml").write_text(TOOLKIT_CONFIG_HEADER + " 0.1.\n{}\n", encoding="utf-8")
    (old / "model.safetensors").write_bytes(b"old")
    cfg = load_config(ROOT / "configs" / "quickstart.yaml", [f"output_dir={old}"])
    with pytest.raises(OutputError, match="finished model"):
        prepare_output_dir(old, cfg, overwrite=False, resume=False)
    prepare_output_dir(old, cfg, overwrite=True, resume=False)
    assert not (old / "model.safetensors").exists() and (old / "checkpoints").is_dir()


# ------------------------------------------------------------------- 2. linear in the document

def _unpunctuated(words: int) -> str:
    import re

    text = " ".join(json.loads(l)["text"] for l in (ROOT / "data" / "casualty_test.jsonl").read_text(
        encoding="utf-8").splitlines())
    tokens = re.sub(r"[.!?؟؛;،,:…\n]+", " ", text).split()
    return " ".join((tokens * (words // len(tokens) + 1))[:words])


def test_long_unpunctuated_text_is_cut_into_bounded_pseudo_sentences():
    from arabert_ner.text.normalize import Normalizer
    from arabert_ner.text.sentences import MAX_SENTENCE_WORDS, split_sentences

    text = _unpunctuated(5000)
    words = list(Normalizer().normalize(text).words)
    ranges = split_sentences(words, text)
    assert len(ranges) > 5000 // MAX_SENTENCE_WORDS
    assert all(0 < b - a <= MAX_SENTENCE_WORDS for a, b in ranges)
    assert [a for a, _ in ranges[1:]] == [b for _, b in ranges[:-1]] and ranges[-1][1] == len(words)  # no word lost
    assert split_sentences(words, text, max_words=None) == [(0, len(words))]


def test_casualty_output_grows_in_proportion_to_an_unpunctuated_document():
    from arabert_ner.casualties.engine import CONTEXT_WORDS, CasualtyExtractor

    extractor = CasualtyExtractor()
    small, large = ([e.to_json() for e in extractor.extract(_unpunctuated(n))] for n in (2000, 8000))
    size = [len(json.dumps(x, ensure_ascii=False)) for x in (small, large)]
    assert 3.0 < size[1] / size[0] < 5.0  # 4x the words, 4x the output (it was 16x: every place per event)
    assert 3.0 < len(large) / len(small) < 5.0
    assert max(len(e["locations"]) for e in large) <= 2 * CONTEXT_WORDS


# ------------------------------------------------------------------- 3. never write over an input

def _gold(tmp_path: Path) -> Path:
    gold = tmp_path / "gold.jsonl"
    shutil.copyfile(ROOT / "data" / "casualty_test.jsonl", gold)
    return gold


@pytest.mark.parametrize("how", ["same", "relative", "symlink"])
def test_predict_refuses_to_write_over_its_input(tmp_path, capsys, monkeypatch, how):
    gold = _gold(tmp_path)
    monkeypatch.chdir(tmp_path)
    output = {"same": str(gold), "relative": "./sub/../gold.jsonl", "symlink": str(tmp_path / "link.jsonl")}[how]
    (tmp_path / "sub").mkdir()
    if how == "symlink":
        os.symlink(gold, output)
    before = checksums(gold)
    code = script("predict").main(["--casualty-engine", "rules", "--input", str(gold), "--output", output])
    refused(capsys, code, output, "also an input")
    assert checksums(gold) == before
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob("*.meta.json"))


def test_predict_refuses_a_file_inside_the_input_folder_and_the_model_folder(trained_model, tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("قتل 3 أشخاص", encoding="utf-8")
    before = checksums(docs, trained_model)
    code = script("predict").main(["--casualty-engine", "rules", "--input", str(docs), "--output", str(docs / "a.txt")])
    refused(capsys, code, "a.txt")
    code = script("predict").main(["--model", str(trained_model), "--input", str(docs), "--output",
                                   str(trained_model / "config.json")])
    refused(capsys, code, "config.json", "input folder")
    assert checksums(docs, trained_model) == before


def _shards(tmp_path: Path, gold: Path, capsys, *extra: list[str]) -> list[Path]:
    parts = []
    for i in range(2):
        part = tmp_path / f"part-{i}.jsonl"
        args = ["--casualty-engine", "rules", "--input", str(gold), "--shard", f"{i}/2", "--output", str(part)]
        assert script("predict").main(args + (extra[i] if extra else [])) == 0
        parts.append(part)
    capsys.readouterr()
    return parts


def test_merge_refuses_to_write_over_one_of_its_parts(tmp_path, capsys):
    gold = _gold(tmp_path)
    parts = _shards(tmp_path, gold, capsys)
    before = checksums(tmp_path)
    code = script("predict").main(["--input", str(gold), "--merge", *map(str, parts), "--output", str(parts[0])])
    refused(capsys, code, "part-0.jsonl", "also an input")
    assert checksums(tmp_path) == before


def test_silver_label_refuses_to_write_over_its_input(tmp_path, capsys):
    from arabert_ner.cli.silver import main

    gold = _gold(tmp_path)
    before = checksums(gold)
    refused(capsys, main(["label", "--input", str(gold), "--output", str(gold), "--license", "x"]), "also an input")
    assert checksums(gold) == before


# ------------------------------------------------------------------- 4. skip really skips

def _jsonl_with_bad_line(tmp_path: Path, n: int = 1005, bad: int = 1001) -> Path:
    lines = []
    for i in range(1, n + 1):
        text = "قتل 3 أشخاص في بغداد" if i % 2 else "لا شيء هنا"
        line = json.dumps({"id": f"r{i}", "text": text}, ensure_ascii=False).encode("utf-8")
        lines.append(line.replace("بغداد".encode(), b"\xff\xfe") if i == bad else line)
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_one_undecodable_line_is_named_exactly_and_skip_goes_on(tmp_path, capsys):
    src = _jsonl_with_bad_line(tmp_path)
    before = checksums(src)
    out = tmp_path / "out.jsonl"
    code = script("predict").main(["--casualty-engine", "rules", "--input", str(src), "--output", str(out)])
    line = refused(capsys, code, "in.jsonl:1001:", "not valid UTF-8")
    offset = src.read_bytes().index(b"\xff")
    assert f"byte {offset} of the file" in line
    code = script("predict").main(["--casualty-engine", "rules", "--input", str(src), "--output", str(out),
                                   "--on-error", "skip"])
    assert code == 0
    ids = [json.loads(l)["id"] for l in out.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == 1004 and "r1001" not in ids and ids[-1] == "r1005"
    skipped = [json.loads(l) for l in Path(f"{out}.skipped.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(s["line"], f"byte {offset} of the file" in s["reason"]) for s in skipped] == [(1001, True)]
    assert checksums(src) == before


def test_one_unreadable_file_in_a_folder_is_set_aside(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(5):
        (docs / f"{i}.txt").write_text(f"قتل {i + 1} أشخاص", encoding="utf-8")
    (docs / "2.txt").write_bytes(b"\xff\xfe\x00broken")
    before = checksums(docs)
    out = tmp_path / "out.jsonl"
    code = script("predict").main(["--casualty-engine", "rules", "--input", str(docs), "--output", str(out)])
    refused(capsys, code, "2.txt")
    code = script("predict").main(["--casualty-engine", "rules", "--input", str(docs), "--output", str(out),
                                   "--on-error", "skip"])
    assert code == 0
    assert [json.loads(l)["id"] for l in out.read_text(encoding="utf-8").splitlines()] == ["0.txt", "1.txt", "3.txt", "4.txt"]
    skipped = json.loads(Path(f"{out}.skipped.jsonl").read_text(encoding="utf-8"))
    assert skipped["id"] == "2.txt" and skipped["source"].endswith("2.txt") and "byte 0" in skipped["reason"]
    assert checksums(docs) == before


# ------------------------------------------------------------------- 5. provenance

def test_resume_refuses_a_part_made_from_another_input(tmp_path, capsys):
    gold = _gold(tmp_path)
    other = tmp_path / "other.jsonl"
    other.write_text("".join(l + "\n" for l in gold.read_text(encoding="utf-8").splitlines()[:40]), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert script("predict").main(["--casualty-engine", "rules", "--input", str(other), "--output", str(out)]) == 0
    # As an interrupted run leaves it: OUTPUT.part and, beside it, the provenance it was started with.
    os.replace(out, f"{out}.part")
    meta = json.loads(Path(f"{out}.meta.json").read_text(encoding="utf-8"))
    Path(f"{out}.part.meta.json").write_text(json.dumps(meta["provenance"]), encoding="utf-8")
    Path(f"{out}.meta.json").unlink()
    capsys.readouterr()
    before = checksums(tmp_path)
    code = script("predict").main(["--casualty-engine", "rules", "--input", str(gold), "--output", str(out), "--resume"])
    refused(capsys, code, "--resume refused", "input_fingerprint")
    assert checksums(tmp_path) == before


def test_merge_refuses_parts_of_two_models_and_of_another_input(trained_model, tmp_path, capsys):
    gold = _gold(tmp_path)
    parts = _shards(tmp_path, gold, capsys, [], ["--model", str(trained_model), "--casualty-engine", "rules"])
    before = checksums(tmp_path)
    out = tmp_path / "merged.jsonl"
    code = script("predict").main(["--input", str(gold), "--merge", *map(str, parts), "--output", str(out)])
    refused(capsys, code, "different runs", "model")
    assert checksums(tmp_path) == before and not out.exists()

    same = _shards(tmp_path, gold, capsys)
    changed = tmp_path / "gold-edited.jsonl"
    changed.write_text(gold.read_text(encoding="utf-8").replace("قتل", "قتلت", 1), encoding="utf-8")
    code = script("predict").main(["--input", str(changed), "--merge", *map(str, same), "--output", str(out)])
    refused(capsys, code, "another input")
    assert not out.exists()


def test_runs_of_different_recipes_are_named_and_a_pattern_without_match_is_an_error(tmp_path, caplog):
    from arabert_ner.files import TOOLKIT_CONFIG_HEADER
    from arabert_ner.evaluation.seeds import check_runs

    for seed, lr in ((1, 5e-5), (2, 3e-5)):
        run = tmp_path / f"seed-{seed}"
        run.mkdir()
        (run / "run_config.yaml").write_text(
            f"{TOOLKIT_CONFIG_HEADER}\noutput_dir: {run}\ntraining:\n  seed: {seed}\n  learning_rate: {lr}\n",
            encoding="utf-8")
    with caplog.at_level("WARNING"):
        found = check_runs([str(tmp_path / "seed-*")])
    assert len(found) == 2
    assert "not one recipe" in caplog.text and "training.learning_rate" in caplog.text
    assert "training.seed" not in caplog.text
    with pytest.raises(ConfigError, match="no folder matches"):
        check_runs([str(tmp_path / "x" / "seed-*")])


# ------------------------------------------------------------------- 6. a failed start blocks nothing

def test_a_run_that_fails_before_training_leaves_nothing_that_blocks_the_retry(tiny_model, tmp_path, capsys):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "model"
    args = train_args(tiny_model, f"data.train={empty}", "--output-dir", str(out))
    refused(capsys, script("train").main(args), "no sentences to train on")
    assert not out.exists()
    refused(capsys, script("train").main(args), "no sentences to train on")  # not "holds an interrupted run"
    out.mkdir()  # an empty folder the user made stays
    refused(capsys, script("train").main(args + ["model.name_or_path=nobody/no-such-model"]), "nobody/no-such-model")
    assert out.is_dir() and not any(out.iterdir())


# ------------------------------------------------------------------- 7. files and publishing

def test_files_are_written_with_the_users_umask(tmp_path):
    from arabert_ner.files import atomic_write_text

    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "f.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f.txt").stat().st_mode) == 0o644


def test_a_trained_model_is_written_with_the_umask_not_0600(trained_model):
    mask = os.umask(0)
    os.umask(mask)
    for name in ("run_config.yaml", "train_results.json", "model.safetensors", "config.json"):
        assert stat.S_IMODE((trained_model / name).stat().st_mode) == 0o666 & ~mask, name


@pytest.mark.parametrize("repo_id", ["a/b/c", "bad name/x", "../../etc/x", "noslash"])
def test_publish_validates_the_repo_id_before_staging(trained_model, tmp_path, capsys, repo_id):
    stage = tmp_path / "stage"
    code = script("publish").main(["--model", str(trained_model), "--repo-id", repo_id, "--dry-run",
                                   "--output-dir", str(stage)])
    refused(capsys, code, repo_id)
    assert not stage.exists()


def _copy_model(trained_model: Path, tmp_path: Path) -> Path:
    model = tmp_path / "model"
    shutil.copytree(trained_model, model, ignore=shutil.ignore_patterns("checkpoints", "onnx"))
    return model


def test_publish_refuses_corrupt_weights_and_a_token_in_their_metadata(trained_model, tmp_path, capsys):
    from safetensors.torch import load_file, save_file

    model = _copy_model(trained_model, tmp_path)
    weights = model / "model.safetensors"
    good = weights.read_bytes()
    weights.write_bytes(good[: len(good) // 2])
    stage = tmp_path / "stage"
    args = ["--model", str(model), "--repo-id", "me/x", "--dry-run", "--output-dir", str(stage)]
    refused(capsys, script("publish").main(args), "model.safetensors", "corrupt")
    assert not stage.exists()
    weights.write_bytes(good)
    save_file(load_file(weights), weights, metadata={"format": "pt", "note": "hf_" + "A1b2C3d4" * 5})
    refused(capsys, script("publish").main(args), "model.safetensors", "token")
    assert not stage.exists()


def test_a_failed_upload_leaves_no_copy_in_the_temp_folder(trained_model, tmp_path, monkeypatch):
    import tempfile

    from arabert_ner.publishing.hub import HubError, publish

    class Unreachable:
        def whoami(self):
            raise ConnectionError("network is unreachable")

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setenv("HF_TOKEN", "hf_" + "x" * 34)
    with pytest.raises(HubError, match="upload to me/x failed"):
        publish(str(trained_model), "me/x", api=Unreachable())
    assert list(temp.iterdir()) == []


# ------------------------------------------------------------------- 8. messages that say what is wrong

def test_a_mistyped_local_model_folder_names_the_nearest_one(trained_model, tmp_path, capsys, monkeypatch):
    models = tmp_path / "models"
    models.mkdir()
    (models / "quickstart").symlink_to(trained_model, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    code = script("predict").main(["--model", "models/quickstrat", "--text", "قتل 3 أشخاص"])
    refused(capsys, code, "models/quickstrat: no such model folder", "did you mean models/quickstart?")
    code = script("predict").main(["--model", "someone/not-cached-model", "--text", "قتل 3 أشخاص"])
    refused(capsys, code, "someone/not-cached-model", "not in the local cache while offline")


def test_corrupt_weights_are_one_line_naming_the_file(trained_model, tmp_path, capsys):
    model = _copy_model(trained_model, tmp_path)
    weights = model / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    before = checksums(model)
    code = script("predict").main(["--model", str(model), "--text", "قتل 3 أشخاص"])
    refused(capsys, code, "model.safetensors", "corrupt weights")
    assert checksums(model) == before


def test_export_refusals_are_one_line(trained_model, tmp_path, capsys):
    from arabert_ner.cli.export import main

    model = _copy_model(trained_model, tmp_path)
    refused(capsys, main(["--model", str(model), "--opset", "99"]), "--opset 99")
    (model / "onnx").write_text("a file where the export folder goes")
    before = checksums(model)
    refused(capsys, main(["--model", str(model)]), "onnx", "is a file")
    assert checksums(model) == before


def test_tiny_model_with_hidden_size_not_divisible_by_heads_is_one_line(tmp_path, capsys):
    from arabert_ner.cli.tiny_model import main

    refused(capsys, main(["--output-dir", str(tmp_path / "t"), "--hidden-size", "130", "--heads", "4"]),
            "--hidden-size 130", "--heads 4")
    assert not (tmp_path / "t").exists()


def test_evaluate_runs_with_a_pattern_that_matches_nothing(tmp_path, capsys):
    code = script("evaluate").main(["--runs", str(tmp_path / "x" / "seed-*"), "--data",
                                    str(ROOT / "data" / "test.jsonl")])
    refused(capsys, code, "no folder matches")


# ------------------------------------------------------------------- 9. no silent changes to gold

def test_extra_conll_columns_are_refused_unless_the_tag_column_is_set(tmp_path):
    from arabert_ner.config import DataConfig
    from arabert_ner.corpus.labels import TagChecker, load_label_map
    from arabert_ner.text.normalize import Normalizer
    from arabert_ner.corpus.readers import read_examples

    conll = tmp_path / "three.conll"
    conll.write_text("محمد B-PER NNP\nفي O IN\nبغداد B-LOC NNP\n", encoding="utf-8")
    checker = TagChecker(["PER", "ORG", "LOC", "MISC"], load_label_map(None))
    with pytest.raises(DataError, match=r"three.conll:1: 3 columns .* data.conll_tag_column"):
        read_examples(str(conll), DataConfig(), checker, Normalizer(), "train")
    ex = read_examples(str(conll), DataConfig(conll_tag_column=1), checker, Normalizer(), "train")
    assert ex[0].tags == ["B-PER", "O", "B-LOC"]


@pytest.mark.parametrize("start, end", [(True, 3), (0, 3.0), ("0", 3)])
def test_non_integer_offsets_are_refused(tmp_path, start, end):
    from arabert_ner.corpus.labels import TagChecker, load_label_map
    from arabert_ner.text.normalize import Normalizer
    from arabert_ner.corpus.readers import read_jsonl

    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "علي في بغداد",
                                "entities": [{"start": start, "end": end, "label": "PER"}]}) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="g.jsonl:1: .*bad offsets"):
        read_jsonl(path, TagChecker(["PER", "ORG", "LOC", "MISC"], load_label_map(None)), Normalizer())


def test_silver_label_on_conll_needs_conll(tmp_path, capsys):
    from arabert_ner.cli.silver import main

    conll = tmp_path / "corpus.txt"
    conll.write_text("قتل O\n3 O\nأشخاص O\nفي O\nبغداد B-LOC\n\nأصيب O\nعلي B-PER\n", encoding="utf-8")
    out = tmp_path / "silver.jsonl"
    before = checksums(conll)
    refused(capsys, main(["label", "--input", str(conll), "--output", str(out), "--license", "x"]),
            "corpus.txt", "--conll")
    assert not out.exists()
    assert main(["label", "--conll", "--input", str(conll), "--output", str(out), "--license", "x"]) == 0
    records = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2 and records[0]["entities"][0]["text"] == "بغداد"
    assert checksums(conll) == before
