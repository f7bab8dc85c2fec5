"""Score a trained model on a labelled file: words in, seqeval scores out, predictions written beside.

The model tags the gold tokens (normalised exactly as in training); scores are computed on those words,
never on subwords, so they compare with published CoNLL-style numbers.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from . import __version__
from .config import RunConfig
from .casualties import totals
from .errors import ConfigError, DataError
from .inference import Tagger
from .io_utils import atomic_write_json, atomic_write_text
from .labels import TagChecker, load_label_map
from .metrics import casualty_scores, entity_scores
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


def read_casualty_gold(data: str) -> list[dict[str, Any]] | None:
    """The records of a JSONL file in the output contract that carry a ``casualties`` list, else None."""
    if not data.endswith(".jsonl"):
        return None
    path = Path(data)
    if not path.is_file():
        raise DataError("file not found", data)
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise DataError(f"malformed JSON ({e.msg})", data, number) from None
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            raise DataError("record has no 'text' string", data, number)
        if "casualties" not in rec:
            return None
        records.append(rec)
    return records


def evaluate_casualties(tagger, records: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Casualty span, event, subset, approximate and totals scores of ``tagger`` on gold records."""
    preds = tagger.predict([r["text"] for r in records])
    gold = [r["casualties"] for r in records]
    scores = casualty_scores(gold, [p["casualties"] for p in preds], [totals(g) for g in gold],
                             [p["totals"] for p in preds])
    scores["engine"] = tagger.casualty_engine
    return scores, preds


def render_casualty_report(scores: dict[str, Any]) -> str:
    ev, sp = scores["events"], scores["spans"]
    pct = lambda v: "n/a" if v is None else f"{v:.4f}"
    out = ["## Casualties", "", f"Engine `{scores['engine']}`; {scores['documents']} documents, "
           f"{scores['gold_events']} gold events.", "",
           "| measure | precision | recall | F1 |", "|---|---|---|---|",
           f"| events (type, count) per document | {ev['precision']:.4f} | {ev['recall']:.4f} | {ev['f1']:.4f} |"]
    for typ in ("killed", "injured", "all"):
        out.append(f"| spans: {typ} | {sp[typ]['precision']:.4f} | {sp[typ]['recall']:.4f} | {sp[typ]['f1']:.4f} |")
    out += ["", f"Subset accuracy {pct(scores['subset_accuracy'])} ({scores['subset_cases']} events with subsets); "
            f"approximate-flag accuracy {pct(scores['approximate_accuracy'])}; totals exactly right in "
            f"{pct(scores.get('totals_accuracy'))} of documents."]
    return "\n".join(out) + "\n"


def run_evaluation(tagger, data: str, cfg: RunConfig, output_dir: Path) -> dict[str, Any]:
    """Entity scores (when the tagger has a model) and casualty scores (when the data has them)."""
    metrics: dict[str, Any] = {"model": tagger.source, "data": data, "toolkit_version": __version__}
    report = ""
    output_dir.mkdir(parents=True, exist_ok=True)
    if isinstance(tagger, Tagger):
        scores, examples, preds = evaluate_file(tagger, data, cfg)
        metrics = {"f1": scores["default"]["micro"]["f1"], "f1_strict": scores["strict"]["micro"]["f1"],
                   **metrics, **scores}
        write_predictions_conll(output_dir / "predictions.conll", examples, preds)
        report = render_report(scores, tagger.source, data)
    gold = read_casualty_gold(data)
    if gold is not None:
        metrics["casualties"], predicted = evaluate_casualties(tagger, gold)
        report += ("\n" if report else f"# Evaluation of `{tagger.source}` on `{data}`\n\n") + \
            render_casualty_report(metrics["casualties"])
        atomic_write_text(output_dir / "casualty_predictions.jsonl",
                          "".join(json.dumps({"id": g.get("id"), **p}, ensure_ascii=False) + "\n"
                                  for g, p in zip(gold, predicted)))
    elif not isinstance(tagger, Tagger):
        raise ConfigError(f"{data}: has no casualty annotations, and without a model there is nothing else to score")
    atomic_write_json(output_dir / "metrics.json", metrics)
    atomic_write_text(output_dir / "report.md", report)
    return metrics
