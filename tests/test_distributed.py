"""Several processes on one CPU machine (gloo): training and prediction under torchrun and accelerate launch.

These start real launchers as subprocesses, as a user would, so each test costs a few seconds."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


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
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HF_DATASETS_OFFLINE="1",
               OMP_NUM_THREADS="1", PYTHONPATH=str(ROOT))
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def train_args(tiny_model: Path, out: Path) -> list[str]:
    return ["train.py", "--config", "configs/quickstart.yaml", "--output-dir", str(out),
            f"model.name_or_path={tiny_model}", "training.epochs=12", "training.early_stopping_patience=0"]


@pytest.mark.parametrize("kind", ["torchrun", "accelerate"])
def test_training_with_two_cpu_processes_saves_a_folder_that_loads_and_scores(kind, tiny_model, tmp_path):
    from arabert_ner.evaluation import run_evaluation
    from arabert_ner.inference import Tagger

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
