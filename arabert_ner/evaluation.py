"""Score a trained model on a labelled file: words in, seqeval scores out, predictions written beside.

The model tags the gold tokens (normalised exactly as in training); scores are computed on those words,
never on subwords, so they compare with published CoNLL-style numbers.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from . import __version__
from .config import RunConfig
from .errors import ConfigError
from .inference import Tagger
from .io_utils import atomic_write_json, atomic_write_text
from .labels import TagChecker, load_label_map
from .metrics import entity_scores
from .readers import Example, read_examples

log = logging.getLogger(__name__)


def predict_examples(tagger: Tagger, examples: list[Example]) -> list[list[str]]:
    tagged = tagger.word_tagger.tag([ex.norm for ex in examples])
    return [[label for label, _ in sent] for sent in tagged]


def evaluate_file(tagger: Tagger, data: str, cfg: RunConfig) -> tuple[dict[str, Any], list[Example], list[list[str]]]:
    """Scores of ``tagger`` on ``data`` read with ``cfg.data`` settings (label map, format, columns)."""
    checker = TagChecker(cfg.labels.types, load_label_map(cfg.data.label_map), cfg.labels.repair)
    examples = read_examples(data, cfg.data, checker, tagger.normalizer, split="test")
    if not examples:
        raise ConfigError(f"{data}: no sentences to evaluate")
    for line in checker.report.lines():
        log.info("data: %s", line)
    preds = predict_examples(tagger, examples)
    scores = entity_scores([ex.tags for ex in examples], preds)
    return scores, examples, preds


def write_predictions_conll(path: Path, examples: list[Example], preds: list[list[str]]) -> None:
    """``token gold predicted`` per line, blank line between sentences (what seqeval reads back)."""
    lines = []
    for ex, pred in zip(examples, preds):
        for tok, gold, p in zip(ex.tokens, ex.tags, pred):
            lines.append(f"{tok.replace(' ', '_')} {gold} {p}")
        lines.append("")
    atomic_write_text(path, "\n".join(lines) + "\n")


def render_report(scores: dict[str, Any], model: str, data: str) -> str:
    out = [f"# Evaluation of `{model}` on `{data}`", "",
           f"{scores['sentences']} sentences, {scores['tokens']} tokens; token accuracy "
           f"{scores['token_accuracy']:.4f}.", "",
           "| mode | micro P | micro R | micro F1 | macro F1 |", "|---|---|---|---|---|"]
    for mode in ("default", "strict"):
        m = scores[mode]
        out.append(f"| {mode} | {m['micro']['precision']:.4f} | {m['micro']['recall']:.4f} | "
                   f"{m['micro']['f1']:.4f} | {m['macro']['f1']:.4f} |")
    out += ["", "`default` is conlleval-compatible seqeval; `strict` is seqeval's IOB2 strict mode.", "",
            "## Per type (strict)", "", "| type | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for typ, row in scores["strict"]["per_type"].items():
        out.append(f"| {typ} | {row['precision']:.4f} | {row['recall']:.4f} | {row['f1']:.4f} | {row['support']} |")
    return "\n".join(out) + "\n"


def run_evaluation(tagger: Tagger, data: str, cfg: RunConfig, output_dir: Path) -> dict[str, Any]:
    scores, examples, preds = evaluate_file(tagger, data, cfg)
    metrics = {"f1": scores["default"]["micro"]["f1"], "f1_strict": scores["strict"]["micro"]["f1"],
               "model": tagger.source, "data": data, "toolkit_version": __version__, **scores}
    output_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_json(output_dir / "metrics.json", metrics)
    write_predictions_conll(output_dir / "predictions.conll", examples, preds)
    atomic_write_text(output_dir / "report.md", render_report(scores, tagger.source, data))
    return metrics
