"""The steps every training recipe shares: datasets from the config, Trainer arguments, the Trainer's
inputs, and the run itself (resumed from the last checkpoint when asked).

Each step is a function of the config and what earlier steps built, so each can be tested without a full
training run; :mod:`arabert_ner.training.finetune` strings them together for either recipe.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from arabert_ner.config import RunConfig
from arabert_ner.corpus.labels import TagChecker, TagReport, load_label_map
from arabert_ner.corpus.readers import Example, entity_counts, read_examples, split_dev
from arabert_ner.errors import ConfigError, OutputError
from arabert_ner.evaluation.metrics import entity_scores
from arabert_ner.model.alignment import SubwordEncoder, training_rows
from arabert_ner.text.normalize import Normalizer
from arabert_ner.training.folder import CHECKPOINTS, files_of

log = logging.getLogger(__name__)


def load_splits(cfg: RunConfig) -> tuple[list[Example], list[Example], TagReport, str]:
    """Train and dev examples (dev: its file, or a seeded slice of train) and what the readers repaired."""
    soft_labels_only = bool(cfg.distillation.teacher and cfg.distillation.unlabelled)  # a student may need no gold
    if not cfg.data.train and not soft_labels_only:
        raise ConfigError("no training data: set data.train (for example data.train=data/train.jsonl)")
    normalizer = Normalizer(cfg.normalization)
    checker = TagChecker(cfg.labels.types, load_label_map(cfg.data.label_map), cfg.labels.repair)
    train = [ex for f in files_of(cfg.data.train) for ex in read_examples(f, cfg.data, checker, normalizer, "train")]
    if cfg.data.dev:
        dev = [ex for f in files_of(cfg.data.dev)
               for ex in read_examples(f, cfg.data, checker, normalizer, "validation")]
        dev_source = ", ".join(files_of(cfg.data.dev))
    elif cfg.data.train:
        train, dev = split_dev(train, cfg.data.dev_fraction, cfg.data.dev_seed)
        dev_source = (f"seeded slice of {cfg.data.train}: {cfg.data.dev_fraction:.0%} "
                      f"(data.dev_seed={cfg.data.dev_seed})")
    else:
        dev, dev_source = [], "none"
    if not train and cfg.data.train:
        raise ConfigError(f"{cfg.data.train}: no sentences to train on")
    return train, dev, checker.report, dev_source


def encode(examples: list[Example], encoder: SubwordEncoder, label2id: dict[str, int],
           label_all_subwords: bool) -> dict[str, list]:
    """Dataset columns (input_ids, labels, length) of labelled sentences, one row per window."""
    windows = []
    for i, ex in enumerate(examples):
        windows.extend(encoder.windows(i, ex.norm))
    word_labels = [[label2id[t] for t in ex.tags] for ex in examples]
    b2i = {label2id[l]: label2id["I-" + l[2:]] for l in label2id if l.startswith("B-")}
    return training_rows(windows, word_labels, label_all_subwords, b2i)


@dataclass
class TrainingData:
    """What the Trainer trains and evaluates on, and what the run reports about it."""

    train: Any  # datasets.Dataset
    dev: Any | None
    train_sentences: int
    dev_sentences: int
    dev_source: str
    report: TagReport


def build_datasets(cfg: RunConfig, tokenizer, labels: list[str],
                   extra_rows: Callable[[SubwordEncoder], dict[str, list] | None] | None = None) -> TrainingData:
    """Train and dev datasets of the config's data; ``extra_rows`` adds a recipe's own rows (a student's
    unlabelled sentences) to train."""
    import datasets

    train_ex, dev_ex, report, dev_source = load_splits(cfg)
    for line in report.lines():
        log.info("data: %s", line)
    log.info("data: train %d sentences (%s), dev %d sentences (%s)", len(train_ex),
             _counts(train_ex), len(dev_ex), dev_source)
    label2id = {l: i for i, l in enumerate(labels)}
    encoder = SubwordEncoder(tokenizer, cfg.model.max_length)
    columns = encode(train_ex, encoder, label2id, cfg.model.label_all_subwords)
    split_long = len(columns["input_ids"]) - len(train_ex)
    if split_long:
        log.info("data: %d window(s) added by splitting sentences longer than %d subwords (no word dropped)",
                 split_long, encoder.max_length)
    extra = extra_rows(encoder) if extra_rows else None
    for key in columns if extra else ():
        columns[key].extend(extra[key])
    if not columns["input_ids"]:
        raise ConfigError("no sentences to train on: data.train and distillation.unlabelled are both empty")
    dev = (datasets.Dataset.from_dict(encode(dev_ex, encoder, label2id, cfg.model.label_all_subwords))
           if dev_ex else None)
    return TrainingData(datasets.Dataset.from_dict(columns), dev, len(train_ex), len(dev_ex), dev_source, report)


def _counts(examples: list[Example]) -> str:
    c = entity_counts(examples)
    return ", ".join(f"{k} {v}" for k, v in sorted(c.items())) or "no entities"


def compute_metrics_fn(labels: list[str]):
    """The Trainer's dev scores: seqeval entity F1 (default and strict) on the words' first subwords."""
    import numpy as np

    def compute(eval_pred) -> dict[str, float]:
        logits, gold = eval_pred.predictions, eval_pred.label_ids
        preds = np.argmax(logits, axis=-1)
        y_true, y_pred = [], []
        for p_row, g_row in zip(preds, gold):
            keep = g_row != -100
            y_true.append([labels[i] for i in g_row[keep]])
            y_pred.append([labels[i] for i in p_row[keep]])
        scores = entity_scores(y_true, y_pred)
        return {"f1": scores["default"]["micro"]["f1"], "f1_strict": scores["strict"]["micro"]["f1"],
                "precision": scores["default"]["micro"]["precision"],
                "recall": scores["default"]["micro"]["recall"], "token_accuracy": scores["token_accuracy"]}

    return compute


def evaluates(cfg: RunConfig, data: TrainingData) -> bool:
    """Dev is scored every epoch (and the best checkpoint kept) when there is dev data and the config asks."""
    return data.dev is not None and cfg.training.eval_every_epoch


def trainer_arguments(cfg: RunConfig, out: Path, device: str, precision: str, evaluate: bool):
    """``TrainingArguments`` of the config's ``training`` section; ``evaluate``: score dev every epoch and
    keep the best checkpoint by dev F1."""
    from transformers import TrainingArguments

    t = cfg.training
    return TrainingArguments(
        output_dir=str(out / CHECKPOINTS),
        num_train_epochs=t.epochs, max_steps=t.max_steps, learning_rate=t.learning_rate,
        per_device_train_batch_size=t.batch_size, per_device_eval_batch_size=t.eval_batch_size,
        gradient_accumulation_steps=t.gradient_accumulation_steps, weight_decay=t.weight_decay,
        warmup_steps=t.warmup, seed=t.seed, data_seed=t.seed,
        bf16=precision == "bf16", fp16=precision == "fp16", use_cpu=device == "cpu",
        eval_strategy="epoch" if evaluate else "no", save_strategy="epoch",
        load_best_model_at_end=evaluate, metric_for_best_model="f1" if evaluate else None,
        greater_is_better=True, save_total_limit=t.save_total_limit,
        train_sampling_strategy="group_by_length" if t.group_by_length else "random",
        length_column_name="length", logging_steps=t.logging_steps, logging_first_step=True,
        report_to="none", dataloader_num_workers=t.dataloader_num_workers, disable_tqdm=False,
        save_only_model=False,
    )


def trainer_inputs(cfg: RunConfig, model, args, data: TrainingData, tokenizer, labels: list[str]) -> dict[str, Any]:
    """The keyword arguments of a ``Trainer`` (either recipe's): data, collator, dev scores, early stopping."""
    from transformers import DataCollatorForTokenClassification, EarlyStoppingCallback

    patience = cfg.training.early_stopping_patience
    callbacks = [EarlyStoppingCallback(patience)] if evaluates(cfg, data) and patience else []
    return dict(model=model, args=args, train_dataset=data.train, eval_dataset=data.dev,
                data_collator=DataCollatorForTokenClassification(tokenizer), processing_class=tokenizer,
                compute_metrics=compute_metrics_fn(labels), callbacks=callbacks)


def run_trainer(trainer, out: Path, resume: bool) -> tuple[Any, float]:
    """Train (from the last complete checkpoint with ``resume``); the Trainer's result and the seconds."""
    checkpoint = None
    if resume:
        from transformers.trainer_utils import get_last_checkpoint

        checkpoint = get_last_checkpoint(str(out / CHECKPOINTS))
        if checkpoint is None:
            raise OutputError(f"{out}: --resume found no complete checkpoint in {out / CHECKPOINTS}; "
                              f"start again with --overwrite")
        log.info("resuming from %s", checkpoint)
    started = time.time()
    result = trainer.train(resume_from_checkpoint=checkpoint)
    return result, time.time() - started
