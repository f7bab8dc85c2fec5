"""Fine-tuning with the Hugging Face Trainer, on CPU or GPU with no config change.

A run is a recipe over shared steps: prepare the folder (:mod:`.folder`), build the datasets, build the
model, the Trainer arguments and the Trainer (:mod:`.steps`), train, finish the folder. Fine-tuning
(:class:`FineTune`) starts from ``model.name_or_path`` with a new head; distillation
(:class:`arabert_ner.training.distill.Distillation`, when ``distillation.teacher`` is set) from a teacher.

The model folder is written so that plain ``transformers.pipeline("token-classification", model=folder)``
loads it: safetensors weights, tokenizer, ``config.json`` with ``id2label``/``label2id``. Beside them:
``run_config.yaml`` (written last, it marks the folder finished) and ``train_results.json``.
Checkpoints go to ``checkpoints/`` inside the folder so ``--resume`` can continue an interrupted run.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Protocol

from arabert_ner import __version__
from arabert_ner.config import RunConfig, replace_config
from arabert_ner.corpus.labels import label_list
from arabert_ner.model.loading import load_model_for_training, load_tokenizer, resolve_device, resolve_precision
from arabert_ner.tagging.distributed import process_state
from arabert_ner.training.folder import CHECKPOINTS, finish_folder, is_finished, prepare_folder, undo_failed_start
from arabert_ner.training.steps import build_datasets, evaluates, run_trainer, trainer_arguments, trainer_inputs

log = logging.getLogger(__name__)


class Recipe(Protocol):
    """What a recipe decides; everything else is a shared step."""

    described_as: str  # "" or "student of ", for the log

    def start(self) -> tuple[Any, list[str]]: ...  # the tokenizer and the model's labels
    def extra_rows(self, encoder) -> dict[str, list] | None: ...  # more training rows than the gold data's
    def model(self, labels: list[str]): ...
    def trainer(self, **inputs: Any): ...
    def metrics(self, model) -> dict[str, Any]: ...


class FineTune:
    """``model.name_or_path`` with a new token-classification head for the config's labels."""

    described_as = ""

    def __init__(self, cfg: RunConfig):
        self.cfg = cfg

    def start(self) -> tuple[Any, list[str]]:
        m = self.cfg.model
        return load_tokenizer(m.name_or_path, m.revision, m.trust_remote_code), label_list(self.cfg.labels.types)

    def extra_rows(self, encoder) -> None:
        return None

    def model(self, labels: list[str]):
        m = self.cfg.model
        return load_model_for_training(m.name_or_path, labels, m.revision, m.trust_remote_code, m.allow_pickle)

    def trainer(self, **inputs: Any):
        from transformers import Trainer

        return Trainer(**inputs)

    def metrics(self, model) -> dict[str, Any]:
        return {}


def recipe_for(cfg: RunConfig) -> Recipe:
    """Distillation when the config names a teacher, else fine-tuning."""
    if cfg.distillation.teacher:
        from arabert_ner.training.distill import Distillation

        return Distillation(cfg)
    return FineTune(cfg)


def train(cfg: RunConfig, overwrite: bool = False, resume: bool = False) -> dict[str, Any]:
    """Train one model into ``cfg.output_dir``; returns the metrics written to ``train_results.json``.

    A run that fails before its first checkpoint (a model that does not load, empty data, a bad
    argument) removes what it wrote, so the next attempt is not taken for an interrupted run."""
    out = Path(cfg.output_dir)
    existed = out.exists()
    try:
        return run_recipe(recipe_for(cfg), cfg, overwrite, resume)
    except BaseException:
        if os.environ.get("RANK", "0") == "0" and out.is_dir() and not resume:
            undo_failed_start(out, existed)
        raise


def run_recipe(recipe: Recipe, cfg: RunConfig, overwrite: bool, resume: bool) -> dict[str, Any]:
    """The shared steps, in order; the recipe supplies the start, the extra rows, the model, the Trainer."""
    from transformers import set_seed

    device = resolve_device(cfg.training.device)
    state = process_state(device)
    out = prepare_folder(cfg, overwrite, resume, state)
    set_seed(cfg.training.seed)
    precision = resolve_precision(cfg.training.precision, device)
    tokenizer, labels = recipe.start()
    data = build_datasets(cfg, tokenizer, labels, recipe.extra_rows)
    model = recipe.model(labels)
    log.info("model: %s%s (%.1fM parameters), device %s, precision %s", recipe.described_as,
             cfg.model.name_or_path, model.num_parameters() / 1e6, device, precision)
    args = trainer_arguments(cfg, out, device, precision, evaluates(cfg, data))
    trainer = recipe.trainer(**trainer_inputs(cfg, model, args, data, tokenizer, labels))
    result, elapsed = run_trainer(trainer, out, resume)
    metrics: dict[str, Any] = {"toolkit_version": __version__, "train": dict(result.metrics),
                               "train_sentences": data.train_sentences, "dev_sentences": data.dev_sentences,
                               "dev_source": data.dev_source, "device": device, "precision": precision,
                               "train_seconds": round(elapsed, 1), "label_repairs": data.report.lines(),
                               "best_checkpoint": trainer.state.best_model_checkpoint, **recipe.metrics(model)}
    if data.dev is not None:
        metrics["dev"] = trainer.evaluate()
        log.info("dev: F1 %.4f (strict %.4f)", metrics["dev"]["eval_f1"], metrics["dev"]["eval_f1_strict"])
    trainer.save_model(str(out))  # weights (safetensors), config.json with labels, tokenizer (main process)
    return finish_folder(out, cfg, args, metrics, state)


def train_seeds(cfg: RunConfig, seeds: list[int], overwrite: bool, resume: bool) -> list[dict[str, Any]]:
    """One model per seed into ``OUTPUT_DIR/seed-N/``."""
    results = []
    for seed in seeds:
        sub = replace_config(cfg, {"output_dir": str(Path(cfg.output_dir) / f"seed-{seed}"), "training.seed": seed})
        log.info("seed %d -> %s", seed, sub.output_dir)
        if resume and is_finished(Path(sub.output_dir)):
            log.info("seed %d already finished, skipped", seed)
            continue
        results.append(train(sub, overwrite=overwrite, resume=resume and (Path(sub.output_dir) / CHECKPOINTS).exists()))
    return results
