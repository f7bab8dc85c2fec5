"""Several processes on one CPU machine (gloo): training and prediction under torchrun and accelerate launch.

These start real launchers as subprocesses, as a user would, so each test costs a few seconds."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import NO_ENGINE_CHOICE, ROOT
from ..tagging.test_reliability import ENV


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launcher(kind: str, processes: int = 2) -> list[str]:
    port = str(free_port())
    if kind == "torchrun":
        return [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", str(processes),
                "--master_addr", "127.0.0.1", "--master_port", port]
    # accelerate's --cpu flag wants mpirun for several processes; its torchrun-based launcher
    # (--multi_gpu) falls back to gloo on a machine without GPUs.
    return [sys.executable, "-m", "accelerate.commands.launch", "--multi_gpu", "--num_processes", str(processes),
            "--num_machines", "1", "--mixed_precision", "no", "--dynamo_backend", "no",
            "--main_process_ip", "127.0.0.1", "--main_process_port", port]


def run(cmd: list[str], timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**ENV, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def train_args(tiny_model: Path, out: Path) -> list[str]:
    return ["train.py", "--config", "configs/quickstart.yaml", "--output-dir", str(out),
            f"model.name_or_path={tiny_model}", "training.epochs=12", "training.early_stopping_patience=0", NO_ENGINE_CHOICE]


@pytest.mark.parametrize("kind", ["torchrun", "accelerate"])
def test_training_with_two_cpu_processes_saves_a_folder_that_loads_and_scores(kind, tiny_model, tmp_path):
    from arabert_ner.evaluation.report import run_evaluation
    from arabert_ner.tagging.tagger import Tagger

    out = tmp_path / "ddp"
    proc = run(launcher(kind) + train_args(tiny_model, out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads((out / "train_results.json").read_text())
    assert results["processes"] == 2
    assert not (out / "checkpoints").exists()  # finished and tidied by the main process alone
    tagger = Tagger.from_pretrained(out)
    record = tagger.predict(["قتل 3 أشخاص في انفجار في بغداد أمس"])[0]
    assert all(record["text"][e["start"]:e["end"]] == e["text"] for e in record["entities"])
    metrics = run_evaluation(tagger, str(ROOT / "data" / "test.jsonl"), tagger.config, tmp_path / "eval")
    assert metrics["f1"] > 0.5


def test_a_finished_folder_is_refused_once_not_raced(tiny_model, trained_model, tmp_path):
    proc = run(launcher("torchrun") + train_args(tiny_model, trained_model))
    assert proc.returncode != 0
    assert "holds a finished model" in proc.stderr
    assert "interrupted run" not in proc.stderr  # the other rank did not create checkpoints/ meanwhile


def archive(path: Path, n: int = 700) -> Path:
    """More documents than one block per process, long articles among them, and two unusable lines."""
    texts = [json.loads(l)["text"] for l in (ROOT / "data" / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    article = (ROOT / "data" / "sample_article.txt").read_text(encoding="utf-8")
    lines = []
    for i in range(n):
        text = article * 2 if i % 97 == 0 else texts[i % len(texts)]
        lines.append(json.dumps({"id": f"doc-{i}", "text": text, "source": "test"}, ensure_ascii=False))
        if i == 300:
            lines.append('{"id": "broken", "body": "no text field"}')
        if i == 450:
            lines.append("not json at all")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def records(path: Path) -> list[dict]:
    """Records as compared across runs: scores are equal after rounding to 4 decimals."""
    def rounded(r: dict) -> dict:
        for e in r.get("entities", []):
            e["score"] = round(e["score"], 4)
        return r
    return [rounded(json.loads(l)) for l in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def single_process(trained_model, tmp_path_factory) -> tuple[Path, Path]:
    """The archive and what one process writes for it."""
    import predict

    folder = tmp_path_factory.mktemp("single")
    source = archive(folder / "archive.jsonl")
    out = folder / "one.jsonl"
    assert predict.main(["--model", str(trained_model), "--input", str(source), "--output", str(out),
                         "--on-error", "skip"]) == 0
    return source, out


@pytest.mark.parametrize("kind", ["torchrun", "accelerate"])
def test_prediction_with_two_processes_merges_into_the_single_process_result(kind, trained_model, single_process,
                                                                              tmp_path):
    source, one = single_process
    out = tmp_path / "two.jsonl"
    proc = run(launcher(kind) + ["predict.py", "--model", str(trained_model), "--input", str(source),
                                 "--output", str(out), "--on-error", "skip"])
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "merged the outputs of 2 processes" in proc.stderr
    assert records(out) == records(one)
    assert records(Path(f"{out}.skipped.jsonl")) == records(Path(f"{one}.skipped.jsonl"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["two.jsonl", "two.jsonl.meta.json",
                                                          "two.jsonl.skipped.jsonl"]  # no rank files left
    assert json.loads(Path(f"{out}.meta.json").read_text())["processes"] == 2


def test_shard_jobs_merge_into_the_single_process_result(trained_model, single_process, tmp_path):
    import predict

    source, one = single_process
    parts = []
    for i in range(3):
        part = tmp_path / f"part-{i}.jsonl"
        assert predict.main(["--model", str(trained_model), "--input", str(source), "--output", str(part),
                             "--on-error", "skip", "--shard", f"{i}/3"]) == 0
        parts.append(str(part))
    sizes = [len(records(Path(p))) for p in parts]
    assert min(sizes) > 150, sizes  # each job did a real share
    merged = tmp_path / "merged.jsonl"
    assert predict.main(["--input", str(source), "--merge", *parts, "--output", str(merged)]) == 0
    assert records(merged) == records(one)
    assert records(Path(f"{merged}.skipped.jsonl")) == records(Path(f"{one}.skipped.jsonl"))
    # Parts given in any order merge the same; a missing part is refused, nothing written.
    again = tmp_path / "again.jsonl"
    assert predict.main(["--input", str(source), "--merge", *reversed(parts), "--output", str(again)]) == 0
    assert again.read_bytes() == merged.read_bytes()
    assert predict.main(["--input", str(source), "--merge", *parts[:2], "--output", str(tmp_path / "no.jsonl")]) == 2
    assert not (tmp_path / "no.jsonl").exists()


def test_a_bad_line_stops_only_the_job_that_owns_it(trained_model, single_process, tmp_path, capsys):
    import predict

    source, _ = single_process  # line 302 ("broken") falls in the first block's second half
    owner = predict.main(["--model", str(trained_model), "--input", str(source), "--shard", "1/2",
                          "--output", str(tmp_path / "b.jsonl")])
    assert owner == 2 and "archive.jsonl:302: record has no 'text' field" in capsys.readouterr().err
    other = predict.main(["--model", str(trained_model), "--input", str(source), "--shard", "0/2",
                          "--output", str(tmp_path / "a.jsonl")])
    assert other == 0


@pytest.mark.parametrize("spec", ["2/2", "1", "-1/2", "a/b", "0/0"])
def test_shard_spec_is_checked(spec):
    from arabert_ner.errors import ConfigError
    from arabert_ner.tagging.sharding import parse_shard

    with pytest.raises(ConfigError, match="--shard"):
        parse_shard(spec)


def test_contiguous_parts_cover_a_block_in_order_like_accelerate():
    from arabert_ner.tagging.sharding import contiguous_part

    for n in range(0, 12):
        for count in range(1, 5):
            items = list(range(n))
            parts = [list(contiguous_part(items, i, count)) for i in range(count)]
            assert sum(parts, []) == items
            assert max(map(len, parts)) - min(map(len, parts)) <= 1
