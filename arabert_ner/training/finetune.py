"""Fine-tuning with the Hugging Face Trainer, on CPU or GPU with no config change.

The model folder is written so that plain ``transformers.pipeline("token-classification", model=folder)``
loads it: safetensors weights, tokenizer, ``config.json`` with ``id2label``/``label2id``. Beside them:
``run_config.yaml`` (written last, it marks the folder finished) and ``train_results.json``.
Checkpoints go to ``checkpoints/`` inside the folder so ``--resume`` can continue an interrupted run.
"""
from __future__ import annotations

import json
import logging
import shutil
import time
from pathlib import Path
from typing import Any

from arabert_ner import __version__
from arabert_ner.model.alignment import SubwordEncoder, training_rows
from arabert_ner.casualties.lexicon import default_lexicon
from arabert_ner.config import RUN_CONFIG_NAME, RunConfig, config_to_yaml, read_yaml, replace_config, save_config
from arabert_ner.tagging.distributed import process_state
from arabert_ner.errors import ConfigError, OutputError
from arabert_ner.files import atomic_write_json, check_output, remove_toolkit_folder
from arabert_ner.corpus.labels import TagChecker, TagReport, label_list, load_label_map
from arabert_ner.evaluation.metrics import entity_scores
from arabert_ner.model.loading import load_model_for_training, load_tokenizer, resolve_device, resolve_precision
from arabert_ner.text.normalize import Normalizer
from arabert_ner.corpus.readers import Example, entity_counts, read_examples, split_dev

log = logging.getLogger(__name__)

CHECKPOINTS = "checkpoints"
IN_PROGRESS_CONFIG = "run_config.in_progress.yaml"
CONFIG_HEADER = ("# Resolved config of this training run, written by arabert_ner {version}.\n"
                 "# evaluate.py, predict.py and publish.py read it from here; train.py --config {name} "
                 "repeats the run.\n")


def is_finished(folder: Path) -> bool:
    return (folder / RUN_CONFIG_NAME).is_file() and any(folder.glob("*.safetensors"))


def has_checkpoint(folder: Path) -> bool:
    """An interrupted run is one that saved at least one checkpoint; a failed start saved none."""
    return any(p.is_dir() for p in (Path(folder) / CHECKPOINTS).glob("checkpoint-*"))


def training_inputs(cfg: RunConfig) -> list[str]:
    """Every file and folder a training run reads: its output folder may be none of them, nor hold one."""
    d = cfg.data
    found = [*_files(d.train), *_files(d.dev), *_files(d.test), cfg.model.name_or_path]
    if cfg.distillation.teacher:
        found.append(cfg.distillation.teacher)
    found += list(cfg.distillation.unlabelled or [])
    if d.label_map and Path(d.label_map).exists():
        found.append(d.label_map)
    return [f for f in found if f and Path(f).exists()]


def prepare_output_dir(folder: Path, cfg: RunConfig, overwrite: bool, resume: bool) -> None:
    """Apply the overwrite rule (:func:`arabert_ner.files.check_output`), refuse to clobber a finished
    model or an interrupted run, check that a resumed run is the same run, check writability."""
    kind = check_output(folder, inputs=training_inputs(cfg), folder=True, overwrite=overwrite,
                        what="model folder")
    if resume:
        saved = folder / CHECKPOINTS / IN_PROGRESS_CONFIG
        if not saved.is_file():
            raise OutputError(f"{folder}: nothing to resume (no {CHECKPOINTS}/{IN_PROGRESS_CONFIG}); "
                              f"start without --resume")
        if not has_checkpoint(folder):
            raise OutputError(f"{folder}: nothing to resume: the earlier run stopped before its first checkpoint; "
                              f"start again without --resume")
        if read_yaml(saved) != read_yaml_text(config_to_yaml(cfg)):
            raise ConfigError(f"{saved}: the config differs from the interrupted run's; resume with the same "
                              f"config (or start again with --overwrite)")
    elif is_finished(folder) and not overwrite:
        raise OutputError(f"{folder}: holds a finished model; pass --overwrite to replace it "
                          f"or choose another --output-dir")
    elif has_checkpoint(folder) and not overwrite:
        raise OutputError(f"{folder}: holds an interrupted run; pass --resume to continue it "
                          f"or --overwrite to start again")
    elif kind == "toolkit":
        if not overwrite and {p.name for p in folder.iterdir()} - {CHECKPOINTS}:
            raise OutputError(f"{folder}: holds files of an earlier run; pass --overwrite to replace them "
                              f"or choose another --output-dir")
        remove_toolkit_folder(folder)  # ours: a model replaced with --overwrite, or a failed start's leftovers
    try:
        (folder / CHECKPOINTS).mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as e:
        raise OutputError(f"{folder}: cannot write there ({e.strerror})") from None
    free_gb = shutil.disk_usage(folder).free / 1e9
    if free_gb < 1.0:
        log.warning("only %.1f GB free under %s: checkpoints of a base-size model need several GB", free_gb, folder)


def _apply_umask(folder: Path) -> None:
    """safetensors writes weights mode 0600; give the model's files the mode the user's umask allows, so
    others on a shared machine can read a model as they can read anything else the user writes."""
    import os

    from arabert_ner.files import file_mode

    for f in folder.iterdir():
        if f.is_file() and not f.is_symlink():
            os.chmod(f, file_mode())


def _undo_failed_start(folder: Path, existed: bool) -> None:
    """After a failure before the first checkpoint, leave nothing that looks like an interrupted run."""
    if has_checkpoint(folder) or is_finished(folder) or not (folder / CHECKPOINTS / IN_PROGRESS_CONFIG).is_file():
        return  # an interrupted or finished run, or a folder this run never prepared: not ours to undo
    shutil.rmtree(folder / CHECKPOINTS, ignore_errors=True)
    if not existed and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def read_yaml_text(text: str) -> dict:
    import yaml

    return yaml.safe_load(text)


def load_splits(cfg: RunConfig) -> tuple[list[Example], list[Example], TagReport, str]:
    """Train and dev examples (dev: its file, or a seeded slice of train) and what the readers repaired."""
    soft_labels_only = bool(cfg.distillation.teacher and cfg.distillation.unlabelled)  # a student may need no gold
    if not cfg.data.train and not soft_labels_only:
        raise ConfigError("no training data: set data.train (for example data.train=data/train.jsonl)")
    normalizer = Normalizer(cfg.normalization)
    checker = TagChecker(cfg.labels.types, load_label_map(cfg.data.label_map), cfg.labels.repair)
    train = [ex for f in _files(cfg.data.train) for ex in read_examples(f, cfg.data, checker, normalizer, "train")]
    if cfg.data.dev:
        dev = [ex for f in _files(cfg.data.dev) for ex in read_examples(f, cfg.data, checker, normalizer, "validation")]
        dev_source = ", ".join(_files(cfg.data.dev))
    elif cfg.data.train:
        train, dev = split_dev(train, cfg.data.dev_fraction, cfg.data.dev_seed)
        dev_source = (f"seeded slice of {cfg.data.train}: {cfg.data.dev_fraction:.0%} "
                      f"(data.dev_seed={cfg.data.dev_seed})")
    else:
        dev, dev_source = [], "none"
    if not train and cfg.data.train:
        raise ConfigError(f"{cfg.data.train}: no sentences to train on")
    return train, dev, checker.report, dev_source


def _files(spec: str | list[str] | None) -> list[str]:
    return [spec] if isinstance(spec, str) else list(spec or [])


def _encode(examples: list[Example], encoder: SubwordEncoder, label2id: dict[str, int],
            label_all_subwords: bool) -> dict[str, list]:
    """Dataset columns (input_ids, labels, length) of labelled sentences, one row per window."""
    windows = []
    for i, ex in enumerate(examples):
        windows.extend(encoder.windows(i, ex.norm))
    word_labels = [[label2id[t] for t in ex.tags] for ex in examples]
    b2i = {label2id[l]: label2id["I-" + l[2:]] for l in label2id if l.startswith("B-")}
    return training_rows(windows, word_labels, label_all_subwords, b2i)


def _dataset(columns: dict[str, list]):
    import datasets

    return datasets.Dataset.from_dict(columns)


def _compute_metrics_fn(labels: list[str]):
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


def train(cfg: RunConfig, overwrite: bool = False, resume: bool = False) -> dict[str, Any]:
    """Train one model into ``cfg.output_dir``; returns the metrics written to ``train_results.json``.

    A run that fails before its first checkpoint (a model that does not load, empty data, a bad
    argument) removes what it wrote, so the next attempt is not taken for an interrupted run."""
    import os

    out = Path(cfg.output_dir)
    existed = out.exists()
    try:
        return _train(cfg, overwrite, resume)
    except BaseException:
        if os.environ.get("RANK", "0") == "0" and out.is_dir() and not resume:
            _undo_failed_start(out, existed)
        raise


def _train(cfg: RunConfig, overwrite: bool, resume: bool) -> dict[str, Any]:
    from transformers import (DataCollatorForTokenClassification, EarlyStoppingCallback, Trainer,
                              TrainingArguments, set_seed)

    out = Path(cfg.output_dir)
    device = resolve_device(cfg.training.device)
    # Under torchrun / accelerate launch every process runs this function; only the main one touches
    # the output folder, and the others wait until it has checked and prepared it.
    state = process_state(device)
    with state.main_process_first():
        if state.is_main_process:
            prepare_output_dir(out, cfg, overwrite, resume)
            save_config(cfg, out / CHECKPOINTS / IN_PROGRESS_CONFIG)
    set_seed(cfg.training.seed)
    precision = resolve_precision(cfg.training.precision, device)
    distil = cfg.distillation
    teacher = None
    if distil.teacher:
        from arabert_ner.training.distill import make_student
        from arabert_ner.tagging.tagger import check_labels_agree
        from arabert_ner.model.loading import load_trained_model

        teacher, tokenizer, labels = load_trained_model(distil.teacher, cfg.model.revision,
                                                        cfg.model.trust_remote_code, cfg.model.allow_pickle)
        check_labels_agree(labels, cfg, distil.teacher)
    else:
        labels = label_list(cfg.labels.types)
        tokenizer = load_tokenizer(cfg.model.name_or_path, cfg.model.revision, cfg.model.trust_remote_code)
    label2id = {l: i for i, l in enumerate(labels)}

    train_ex, dev_ex, report, dev_source = load_splits(cfg)
    for line in report.lines():
        log.info("data: %s", line)
    log.info("data: train %d sentences (%s), dev %d sentences (%s)", len(train_ex),
             _counts(train_ex), len(dev_ex), dev_source)
    encoder = SubwordEncoder(tokenizer, cfg.model.max_length)
    columns = _encode(train_ex, encoder, label2id, cfg.model.label_all_subwords)
    split_long = len(columns["input_ids"]) - len(train_ex)
    if split_long:
        log.info("data: %d window(s) added by splitting sentences longer than %d subwords (no word dropped)",
                 split_long, encoder.max_length)
    n_unlabelled = 0
    if teacher is not None and distil.unlabelled:
        from arabert_ner.training.distill import unlabelled_rows, unlabelled_sentences

        sentences = list(unlabelled_sentences(distil.unlabelled, Normalizer(cfg.normalization),
                                              distil.max_unlabelled_sentences))
        n_unlabelled = len(sentences)
        extra = unlabelled_rows(sentences, encoder)
        for key in columns:
            columns[key].extend(extra[key])
        log.info("data: %d unlabelled sentence(s) (%d windows) from %s, labelled by the teacher",
                 n_unlabelled, len(extra["input_ids"]), ", ".join(distil.unlabelled))
    if not columns["input_ids"]:
        raise ConfigError("no sentences to train on: data.train and distillation.unlabelled are both empty")
    train_ds = _dataset(columns)
    dev_ds = _dataset(_encode(dev_ex, encoder, label2id, cfg.model.label_all_subwords)) if dev_ex else None

    if teacher is not None:
        model = make_student(teacher, distil.student_layers)
    else:
        model = load_model_for_training(cfg.model.name_or_path, labels, cfg.model.revision,
                                        cfg.model.trust_remote_code, cfg.model.allow_pickle)
    log.info("model: %s%s (%.1fM parameters), device %s, precision %s",
             "student of " if teacher is not None else "", cfg.model.name_or_path,
             model.num_parameters() / 1e6, device, precision)

    t = cfg.training
    evaluate = dev_ds is not None and t.eval_every_epoch
    args = TrainingArguments(
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
    callbacks = [EarlyStoppingCallback(t.early_stopping_patience)] if evaluate and t.early_stopping_patience else []
    trainer_kwargs: dict[str, Any] = dict(
        model=model, args=args, train_dataset=train_ds, eval_dataset=dev_ds,
        data_collator=DataCollatorForTokenClassification(tokenizer), processing_class=tokenizer,
        compute_metrics=_compute_metrics_fn(labels), callbacks=callbacks)
    if teacher is not None:
        from arabert_ner.training.distill import distillation_trainer_class

        trainer = distillation_trainer_class()(teacher=teacher, temperature=distil.temperature,
                                               soft_weight=distil.soft_weight, **trainer_kwargs)
    else:
        trainer = Trainer(**trainer_kwargs)
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
    elapsed = time.time() - started

    metrics: dict[str, Any] = {"toolkit_version": __version__, "train": dict(result.metrics),
                               "train_sentences": len(train_ex), "dev_sentences": len(dev_ex),
                               "dev_source": dev_source, "device": device, "precision": precision,
                               "train_seconds": round(elapsed, 1),
                               "label_repairs": report.lines(),
                               "best_checkpoint": trainer.state.best_model_checkpoint}
    if teacher is not None:
        metrics["distillation"] = {"teacher": distil.teacher, "teacher_layers": teacher.config.num_hidden_layers,
                                   "student_layers": model.config.num_hidden_layers,
                                   "unlabelled_sentences": n_unlabelled, "temperature": distil.temperature,
                                   "soft_weight": distil.soft_weight}
    if dev_ds is not None:
        metrics["dev"] = trainer.evaluate()
        log.info("dev: F1 %.4f (strict %.4f)", metrics["dev"]["eval_f1"], metrics["dev"]["eval_f1_strict"])
    trainer.save_model(str(out))  # weights (safetensors), config.json with labels, tokenizer (main process)
    if state.is_main_process:
        _apply_umask(out)
    metrics["processes"] = state.num_processes
    if not state.is_main_process:
        state.wait_for_everyone()
        return metrics
    # The Trainer also pickles its arguments; a model folder should hold no pickle, so keep them as JSON.
    (out / "training_args.bin").unlink(missing_ok=True)
    metrics["training_arguments"] = json.loads(args.to_json_string())
    atomic_write_json(out / "train_results.json", metrics)
    if not t.keep_checkpoints:
        shutil.rmtree(out / CHECKPOINTS, ignore_errors=True)
    else:
        (out / CHECKPOINTS / IN_PROGRESS_CONFIG).unlink(missing_ok=True)
    save_config(cfg, out / RUN_CONFIG_NAME,
                header=CONFIG_HEADER.format(version=__version__, name=RUN_CONFIG_NAME))
    if set(cfg.labels.types) & set(default_lexicon().tag_to_type):
        from arabert_ner.evaluation.engine_choice import record_choice

        record_choice(out, cfg)  # the default casualty engine, chosen on real news
    log.info("model saved to %s in %.0f s", out, elapsed)
    state.wait_for_everyone()  # no process reports success before the folder is complete
    return metrics


def _counts(examples: list[Example]) -> str:
    c = entity_counts(examples)
    return ", ".join(f"{k} {v}" for k, v in sorted(c.items())) or "no entities"


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

