"""Bad input never crashes or loses data; interrupted jobs resume; nothing unsafe is loaded."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabert_ner.errors import ArabertNerError, DataError
from arabert_ner.corpus.labels import TagChecker, load_label_map
from arabert_ner.text.normalize import Normalizer
from arabert_ner.corpus.readers import read_conll, read_jsonl

from ..conftest import NO_ENGINE_CHOICE, ROOT

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def predict(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "predict.py", *args], cwd=ROOT, env=ENV, capture_output=True,
                          text=True, input=stdin, timeout=300)


def one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert lines and lines[-1].startswith("error: "), proc.stderr[-800:]
    assert "Traceback" not in proc.stderr
    for n in needles:
        assert n in lines[-1], lines[-1]


@pytest.mark.parametrize("content, needles", [
    (b'{"id": 1, "text": "a"}\n{"id": 2, "text": 7}\n', ["bad.jsonl:2", "'text' must be a string"]),
    (b'{"id": 1, "text": "a"}\n{"id": 2}\n', ["bad.jsonl:2", "no 'text'"]),
    (b'{"id": 1, "text": "a"}\n{"id": 1, "text": "b"}\n', ["bad.jsonl:2", "duplicate id '1'"]),
    (b'{"id": 1, "text": "a"}\n{"id": 2, "text": \n', ["bad.jsonl:2", "malformed JSON"]),
    ('{"id": 1, "text": "caf\xe9"}\n'.encode("latin-1"), ["bad.jsonl:1", "not valid UTF-8"]),
])
def test_unusable_jsonl_input_is_one_line_naming_file_and_line(tmp_path, content, needles):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(content)
    one_line_error(predict("--casualty-engine", "rules", "--input", str(bad)), *needles)


def test_encoding_flag_reads_other_encodings(tmp_path):
    doc = tmp_path / "cp.txt"
    doc.write_bytes("قتل 3 أشخاص".encode("cp1256"))
    one_line_error(predict("--casualty-engine", "rules", "--input", str(doc)), "not valid utf-8")
    ok = predict("--casualty-engine", "rules", "--input", str(doc), "--encoding", "cp1256")
    assert ok.returncode == 0 and json.loads(ok.stdout)["casualties"][0]["count"] == 3


def test_missing_input_model_and_unwritable_output(tmp_path):
    one_line_error(predict("--casualty-engine", "rules", "--input", str(tmp_path / "nope.jsonl")), "input not found")
    one_line_error(predict("--model", str(tmp_path), "--text", "x"), "no config.json")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    one_line_error(predict("--casualty-engine", "rules", "--text", "قتل 3", "--output", str(blocker / "o.jsonl")),
                   "cannot write")


def test_model_folder_with_missing_weights_or_only_pickle(trained_model, tmp_path):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(trained_model, broken)
    (broken / "model.safetensors").unlink()
    one_line_error(predict("--model", str(broken), "--text", "x"), "no model weights")
    (broken / "pytorch_model.bin").write_bytes(b"not really a pickle")
    one_line_error(predict("--model", str(broken), "--text", "x"), "pickle", "--allow-pickle")


def test_labels_of_model_and_config_that_disagree(trained_model, tmp_path):
    proc = predict("--model", str(trained_model), "--text", "x", "labels.types=[PER,LOC]")
    one_line_error(proc, "disagree")


def test_odd_but_valid_input_is_handled(trained_model, tmp_path):
    big = "أعلنت وزارة الصحة مقتل100 شخص في غزة. " * 8000  # about 300 KB, sixty times a long article
    docs = [("bom", "\ufeffقتل 3 أشخاص"), ("crlf", "قتل 3 أشخاص\r\nفي حلب\r\n"), ("empty", ""), ("blank", " \n\t "),
            ("control", "قتل\x07 3\x00 أشخاص"), ("marks", "مقتل\u200b 5 \u200fأشخاص\u202b"),
            ("emoji", "🚨 عاجل: قتل 4 أشخاص 🔥 in Aleppo"), ("big", big)]
    path = tmp_path / "odd.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in docs),
                    encoding="utf-8")
    out = tmp_path / "odd_out.jsonl"
    proc = predict("--model", str(trained_model), "--input", str(path), "--output", str(out))
    assert proc.returncode == 0, proc.stderr[-1500:]
    recs = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(recs) == {i for i, _ in docs}
    assert recs["empty"]["entities"] == [] and recs["blank"]["casualties"] == []
    assert len(recs["big"]["casualties"]) > 1000
    for r in recs.values():
        for s in r["entities"] + r["casualties"]:
            assert r["text"][s["start"]:s["end"]] == s["text"]


def test_on_error_skip_sets_bad_records_aside_with_reasons(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "a", "text": "قتل 3 أشخاص"}\n{"id": "b"}\nnot json\n{"id": "c", "text": "أصيب جندي"}\n'
                    '{"id": "a", "text": "again"}\n', encoding="utf-8")
    out = tmp_path / "o.jsonl"
    fail = predict("--casualty-engine", "rules", "--input", str(path), "--output", str(out))
    one_line_error(fail, "mixed.jsonl:2")
    assert not out.exists(), "a failed run leaves no half output under the final name"
    ok = predict("--casualty-engine", "rules", "--input", str(path), "--output", str(out), "--on-error", "skip")
    assert ok.returncode == 0, ok.stderr
    assert [json.loads(l)["id"] for l in out.read_text(encoding="utf-8").splitlines()] == ["a", "c"]
    skipped = [json.loads(l) for l in (tmp_path / "o.jsonl.skipped.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(s["line"], s["reason"].split(" ")[0]) for s in skipped] == [(2, "record"), (3, "malformed"), (5, "duplicate")]


def test_killed_prediction_resumes_to_the_same_file(trained_model, tmp_path):
    texts = [json.loads(l)["text"] for l in (ROOT / "data" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": texts[i % len(texts)] * 3}, ensure_ascii=False) + "\n"
                            for i in range(700)), encoding="utf-8")
    env = {**ENV, "OMP_NUM_THREADS": "1"}  # one core each: the clean run and the run to kill go side by side
    run = lambda out, *more: [sys.executable, "predict.py", "--model", str(trained_model), "--input", str(path),
                              "--output", str(out), *more]
    clean = tmp_path / "clean.jsonl"
    clean_run = subprocess.Popen(run(clean), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 text=True)
    out = tmp_path / "killed.jsonl"
    proc = subprocess.Popen(run(out), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    part = Path(f"{out}.part")
    deadline = time.time() + 120
    while time.time() < deadline and (not part.exists() or part.stat().st_size < 150_000):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert part.exists() and not out.exists(), "killed mid-run: only the .part file"
    resumed = subprocess.run(run(out, "--resume"), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-1500:]
    assert "resuming" in resumed.stderr
    _, clean_err = clean_run.communicate(timeout=300)
    assert clean_run.returncode == 0, clean_err[-1500:]
    strip = lambda p: [json.loads(l) for l in p.read_text(encoding="utf-8").splitlines()]
    assert strip(out) == strip(clean)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab B-PER I-LOC O\n\t -DOCSTART-قتل١٥\ufeff\r")), max_size=120))
def test_conll_reader_raises_only_data_errors(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fz") / "f.txt"
    path.write_text(text, encoding="utf-8")
    try:
        read_conll(path, TagChecker(["PER", "LOC"], load_label_map(None)))
    except DataError:
        pass


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(
    st.builds(lambda t, s, e, l: json.dumps({"text": t, "entities": [{"start": s, "end": e, "label": l}]},
                                            ensure_ascii=False),
              st.text(max_size=20), st.integers(-2, 25), st.integers(-2, 25), st.sampled_from(["PER", "X", "", 5])),
    st.text(max_size=30)), max_size=5))
def test_jsonl_reader_raises_only_data_errors(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("fz") / "f.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        read_jsonl(path, TagChecker(["PER"], load_label_map(None)), Normalizer())
    except ArabertNerError:
        pass


def test_resumed_training_matches_an_uninterrupted_run(tiny_model, tmp_path, capsys):
    """Same seed: the resumed run ends where a run that was never stopped ends (dev loss and F1)."""
    import train

    lines = (ROOT / "data" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    small = tmp_path / "train.jsonl"
    small.write_text("\n".join(lines[:128]) + "\n", encoding="utf-8")  # 8 steps an epoch
    args = ["--config", "configs/quickstart.yaml", f"model.name_or_path={tiny_model}", f"data.train={small}",
            "training.epochs=8", "training.early_stopping_patience=0", "training.save_total_limit=3", NO_ENGINE_CHOICE]
    env = {**ENV, "OMP_NUM_THREADS": "1"}  # one core each: the straight run and the run to kill go side by side
    straight = subprocess.Popen([sys.executable, "train.py", *args, "--output-dir", str(tmp_path / "straight")],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    out = tmp_path / "stopped"
    proc = subprocess.Popen([sys.executable, "train.py", *args, "--output-dir", str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list((out / "checkpoints").glob("checkpoint-24/trainer_state.json")):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert list((out / "checkpoints").glob("checkpoint-*")), "a checkpoint was written before the kill"
    assert not (out / "run_config.yaml").exists(), "the killed run is not marked finished"
    assert train.main([*args, "--output-dir", str(out)]) == 2  # in this process: it stops before any training
    assert "--resume" in capsys.readouterr().err, "an interrupted folder is not silently reused"
    resumed = subprocess.run([sys.executable, "train.py", *args, "--output-dir", str(out), "--resume"],
                             cwd=ROOT, env=env, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr[-1500:]
    assert "resuming from" in resumed.stderr and "checkpoint-" in resumed.stderr
    assert (out / "model.safetensors").exists() and (out / "run_config.yaml").exists()
    _, straight_err = straight.communicate(timeout=300)
    assert straight.returncode == 0, straight_err[-1500:]
    a = json.loads((tmp_path / "straight" / "train_results.json").read_text())["dev"]
    b = json.loads((out / "train_results.json").read_text())["dev"]
    assert abs(a["eval_loss"] - b["eval_loss"]) <= 1e-3 * a["eval_loss"], (a, b)
    assert abs(a["eval_f1"] - b["eval_f1"]) <= 0.01, (a, b)
