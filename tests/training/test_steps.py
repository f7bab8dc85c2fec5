"""The shared training steps, each on its own: no step needs a full training run to be tested."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import ROOT, quickstart_config


def _five_sentences(tmp_path: Path) -> tuple[Path, Path]:
    lines = (ROOT / "data" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    train, dev = tmp_path / "five.jsonl", tmp_path / "two.jsonl"
    train.write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")
    dev.write_text("\n".join(lines[5:7]) + "\n", encoding="utf-8")
    return train, dev


def test_trainer_arguments_are_the_training_section(tmp_path):
    from arabert_ner.training.steps import trainer_arguments

    cfg = quickstart_config(tmp_path / "base", tmp_path / "out", "training.learning_rate=3e-5",
                            "training.batch_size=4", "training.seed=7")
    args = trainer_arguments(cfg, tmp_path / "out", "cpu", "fp32", evaluate=True)
    assert (args.learning_rate, args.num_train_epochs, args.per_device_train_batch_size) == (3e-5, 25.0, 4)
    assert (args.seed, args.data_seed, args.use_cpu, args.bf16, args.fp16) == (7, 7, True, False, False)
    assert args.output_dir == str(tmp_path / "out" / "checkpoints")
    assert args.eval_strategy == "epoch" and args.load_best_model_at_end and args.metric_for_best_model == "f1"
    quiet = trainer_arguments(cfg, tmp_path / "out", "cpu", "bf16", evaluate=False)
    assert quiet.eval_strategy == "no" and not quiet.load_best_model_at_end and quiet.bf16


def _finished_folder(cfg, out: Path) -> None:
    from arabert_ner import __version__
    from arabert_ner.config import save_config
    from arabert_ner.training.folder import CONFIG_HEADER

    out.mkdir(parents=True)
    save_config(cfg, out / "run_config.yaml", header=CONFIG_HEADER.format(version=__version__, name="run_config.yaml"))
    (out / "model.safetensors").write_bytes(b"")


def test_folder_preparation_refuses_a_finished_folder_unless_overwritten(tmp_path):
    from arabert_ner.errors import OutputError
    from arabert_ner.training.folder import prepare_output_dir

    out = tmp_path / "out"
    cfg = quickstart_config(tmp_path / "base", out)
    _finished_folder(cfg, out)
    with pytest.raises(OutputError, match="holds a finished model; pass --overwrite"):
        prepare_output_dir(out, cfg, overwrite=False, resume=False)
    prepare_output_dir(out, cfg, overwrite=True, resume=False)
    assert [p.name for p in out.iterdir()] == ["checkpoints"]


def test_resume_refuses_another_config(tmp_path):
    from arabert_ner.config import replace_config, save_config
    from arabert_ner.errors import ConfigError
    from arabert_ner.training.folder import prepare_output_dir

    out = tmp_path / "out"
    cfg = quickstart_config(tmp_path / "base", out)
    (out / "checkpoints" / "checkpoint-3").mkdir(parents=True)
    save_config(cfg, out / "checkpoints" / "run_config.in_progress.yaml")
    prepare_output_dir(out, cfg, overwrite=False, resume=True)
    with pytest.raises(ConfigError, match="differs from the interrupted run's"):
        prepare_output_dir(out, replace_config(cfg, {"training.epochs": 2}), overwrite=False, resume=True)


def test_datasets_of_five_sentences_with_a_recipes_extra_rows(tiny_model, tmp_path):
    from arabert_ner.corpus.labels import label_list
    from arabert_ner.model.loading import load_tokenizer
    from arabert_ner.training.distill import UNLABELLED, unlabelled_rows
    from arabert_ner.training.steps import build_datasets

    train, dev = _five_sentences(tmp_path)
    cfg = quickstart_config(tiny_model, tmp_path / "out", f"data.train={train}", f"data.dev={dev}")
    labels = label_list(cfg.labels.types)
    tokenizer = load_tokenizer(str(tiny_model), "main", False)
    data = build_datasets(cfg, tokenizer, labels, lambda enc: unlabelled_rows([["قتل", "3", "أشخاص"]], enc))
    assert (data.train_sentences, data.dev_sentences, data.dev_source) == (5, 2, str(dev))
    assert len(data.train) == 6 and len(data.dev) == 2
    assert {"input_ids", "labels", "length"} <= set(data.train.column_names)
    assert UNLABELLED in data.train[5]["labels"] and UNLABELLED not in sum(data.train[:5]["labels"], [])
    assert all(-100 <= l < len(labels) for row in data.train[:5]["labels"] for l in row)


def test_finishing_the_folder_writes_the_config_last_and_drops_the_checkpoints(tmp_path):
    from arabert_ner.config import load_config
    from arabert_ner.files import is_toolkit_folder
    from arabert_ner.training.folder import finish_folder

    class Args:
        def to_json_string(self):
            return json.dumps({"learning_rate": 0.1})

    class OneProcess:
        is_main_process, num_processes = True, 1

        def wait_for_everyone(self):
            pass

    out = tmp_path / "out"
    cfg = quickstart_config(tmp_path / "base", out, "labels.types=[PER]")  # no casualty tags: no engine choice
    (out / "checkpoints" / "checkpoint-1").mkdir(parents=True)
    metrics = finish_folder(out, cfg, Args(), {"train_seconds": 1.0}, OneProcess())
    assert metrics["processes"] == 1 and metrics["training_arguments"] == {"learning_rate": 0.1}
    assert json.loads((out / "train_results.json").read_text()) == metrics
    assert not (out / "checkpoints").exists() and is_toolkit_folder(out)
    assert load_config(out / "run_config.yaml") == cfg


def test_a_teacher_in_the_config_makes_the_run_a_distillation(tmp_path):
    from arabert_ner.training.distill import Distillation
    from arabert_ner.training.finetune import FineTune, recipe_for

    cfg = quickstart_config(tmp_path / "base", tmp_path / "out")
    assert isinstance(recipe_for(cfg), FineTune)
    assert isinstance(recipe_for(quickstart_config(tmp_path / "base", tmp_path / "out",
                                                   f"distillation.teacher={tmp_path}")), Distillation)
