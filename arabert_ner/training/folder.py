"""The model folder a training run writes: prepared before anything loads, finished last.

``run_config.yaml`` is written last and marks the folder finished; until then the resolved config sits in
``checkpoints/run_config.in_progress.yaml`` so ``--resume`` can check it continues the same run. Both
recipes (fine-tuning and distillation) prepare and finish the folder the same way.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from arabert_ner import __version__
from arabert_ner.config import RUN_CONFIG_NAME, RunConfig, config_to_yaml, read_yaml, save_config
from arabert_ner.errors import ConfigError, OutputError
from arabert_ner.files import atomic_write_json, check_output, remove_toolkit_folder

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


def files_of(spec: str | list[str] | None) -> list[str]:
    """``data.train``-style keys: one file or a list of them."""
    return [spec] if isinstance(spec, str) else list(spec or [])


def training_inputs(cfg: RunConfig) -> list[str]:
    """Every file and folder a training run reads: its output folder may be none of them, nor hold one."""
    d = cfg.data
    found = [*files_of(d.train), *files_of(d.dev), *files_of(d.test), cfg.model.name_or_path]
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
        _check_resumable(folder, cfg)
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


def _check_resumable(folder: Path, cfg: RunConfig) -> None:
    import yaml

    saved = folder / CHECKPOINTS / IN_PROGRESS_CONFIG
    if not saved.is_file():
        raise OutputError(f"{folder}: nothing to resume (no {CHECKPOINTS}/{IN_PROGRESS_CONFIG}); "
                          f"start without --resume")
    if not has_checkpoint(folder):
        raise OutputError(f"{folder}: nothing to resume: the earlier run stopped before its first checkpoint; "
                          f"start again without --resume")
    if read_yaml(saved) != yaml.safe_load(config_to_yaml(cfg)):
        raise ConfigError(f"{saved}: the config differs from the interrupted run's; resume with the same "
                          f"config (or start again with --overwrite)")


def prepare_folder(cfg: RunConfig, overwrite: bool, resume: bool, state) -> Path:
    """Under torchrun / accelerate launch every process gets here; only the main one touches the output
    folder, and the others wait until it has checked and prepared it."""
    out = Path(cfg.output_dir)
    with state.main_process_first():
        if state.is_main_process:
            prepare_output_dir(out, cfg, overwrite, resume)
            save_config(cfg, out / CHECKPOINTS / IN_PROGRESS_CONFIG)
    return out


def undo_failed_start(folder: Path, existed: bool) -> None:
    """After a failure before the first checkpoint, leave nothing that looks like an interrupted run."""
    if has_checkpoint(folder) or is_finished(folder) or not (folder / CHECKPOINTS / IN_PROGRESS_CONFIG).is_file():
        return  # an interrupted or finished run, or a folder this run never prepared: not ours to undo
    shutil.rmtree(folder / CHECKPOINTS, ignore_errors=True)
    if not existed and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def _apply_umask(folder: Path) -> None:
    """safetensors writes weights mode 0600; give the model's files the mode the user's umask allows, so
    others on a shared machine can read a model as they can read anything else the user writes."""
    from arabert_ner.files import file_mode

    for f in folder.iterdir():
        if f.is_file() and not f.is_symlink():
            os.chmod(f, file_mode())


def finish_folder(out: Path, cfg: RunConfig, training_args, metrics: dict[str, Any], state) -> dict[str, Any]:
    """After ``trainer.save_model``: file modes, ``train_results.json``, checkpoints gone (unless kept),
    ``run_config.yaml`` last, then the default casualty engine chosen on real news."""
    from arabert_ner.casualties.lexicon import default_lexicon

    if state.is_main_process:
        _apply_umask(out)
    metrics["processes"] = state.num_processes
    if not state.is_main_process:
        state.wait_for_everyone()
        return metrics
    # The Trainer also pickles its arguments; a model folder should hold no pickle, so keep them as JSON.
    (out / "training_args.bin").unlink(missing_ok=True)
    metrics["training_arguments"] = json.loads(training_args.to_json_string())
    atomic_write_json(out / "train_results.json", metrics)
    if not cfg.training.keep_checkpoints:
        shutil.rmtree(out / CHECKPOINTS, ignore_errors=True)
    else:
        (out / CHECKPOINTS / IN_PROGRESS_CONFIG).unlink(missing_ok=True)
    save_config(cfg, out / RUN_CONFIG_NAME, header=CONFIG_HEADER.format(version=__version__, name=RUN_CONFIG_NAME))
    if set(cfg.labels.types) & set(default_lexicon().tag_to_type):
        from arabert_ner.evaluation.engine_choice import record_choice

        record_choice(out, cfg)  # the default casualty engine, chosen on real news
    log.info("model saved to %s in %.0f s", out, metrics["train_seconds"])
    state.wait_for_everyone()  # no process reports success before the folder is complete
    return metrics
