"""Score a trained model on a labelled file: words in, seqeval scores out, predictions written beside.

The model tags the gold tokens (normalised exactly as in training); scores are computed on those words,
never on subwords, so they compare with published CoNLL-style numbers.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from arabert_ner import __version__
from arabert_ner.config import RunConfig
from arabert_ner.casualties.engine import totals
from arabert_ner.casualties.lexicon import default_lexicon
from arabert_ner.corpus.standoff import is_standoff_file, read_standoff
from arabert_ner.tagging.documents import iter_documents
from arabert_ner.errors import ConfigError, OutputError
from arabert_ner.tagging.tagger import Tagger
from arabert_ner.files import atomic_write_json, atomic_write_text
from arabert_ner.corpus.bio import tags_to_spans
from arabert_ner.corpus.labels import TagChecker, load_label_map
from arabert_ner.evaluation.metrics import casualty_scores, entity_scores
from arabert_ner.records import Record
from arabert_ner.corpus.readers import Example, read_examples

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


def entity_confusion(examples: list[Example], preds: list[list[str]]) -> dict[str, dict[str, int]]:
    """Gold span type -> predicted label of the span with the same boundaries ('missed' if none);
    predicted spans with no gold span of the same boundaries count under gold 'spurious'."""
    table: dict[str, dict[str, int]] = {}
    for ex, pred in zip(examples, preds):
        gold = {(s, e): t for s, e, t in tags_to_spans(ex.tags)}
        guess = {(s, e): t for s, e, t in tags_to_spans(pred)}
        for span, typ in gold.items():
            row = table.setdefault(typ, {})
            got = guess.get(span, "missed")
            row[got] = row.get(got, 0) + 1
        for span, typ in guess.items():
            if span not in gold:
                row = table.setdefault("spurious", {})
                row[typ] = row.get(typ, 0) + 1
    return table


def render_confusion(table: dict[str, dict[str, int]]) -> str:
    cols = sorted({c for row in table.values() for c in row} - {"missed"}) + ["missed"]
    rows = sorted(r for r in table if r != "spurious") + (["spurious"] if "spurious" in table else [])
    out = ["| gold \\ predicted | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for r in rows:
        out.append(f"| {r} | " + " | ".join(str(table[r].get(c, 0)) if not (r == "spurious" and c == "missed")
                                           else "" for c in cols) + " |")
    return "\n".join(out) + "\n"


def write_errors(path: Path, examples: list[Example], preds: list[list[str]]) -> int:
    """Sentences where gold and prediction differ, differing tokens marked; returns how many."""
    blocks = []
    for ex, pred in zip(examples, preds):
        if ex.tags == pred:
            continue
        lines = [f"# {ex.id} ({ex.source}:{ex.line})"]
        for tok, gold, p in zip(ex.tokens, ex.tags, pred):
            lines.append(f"{tok}\t{gold}\t{p}" + ("\t<<<" if gold != p else ""))
        blocks.append("\n".join(lines))
    atomic_write_text(path, "\n\n".join(blocks) + ("\n" if blocks else ""))
    return len(blocks)


def plot_per_type_f1(path: Path, scores: dict[str, Any], title: str) -> None:
    """Grouped bars of per-type F1, default and strict mode."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    types = list(scores["strict"]["per_type"])
    x = range(len(types))
    fig, ax = plt.subplots(figsize=(max(4, 1.1 * len(types) + 1), 3.2), dpi=120)
    for k, mode in enumerate(("default", "strict")):
        ax.bar([i + (k - 0.5) * 0.38 for i in x], [scores[mode]["per_type"][t]["f1"] for t in types],
               width=0.38, label=mode)
    ax.set_xticks(list(x), types)
    ax.set_ylim(0, 1)
    ax.set_ylabel("F1")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp)
    plt.close(fig)
    tmp.replace(path)


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


def read_casualty_gold(data: str) -> list[Record] | None:
    """The records of a JSONL file in the output contract that carry a ``casualties`` list, else None."""
    if not data.endswith(".jsonl"):
        return None
    if is_standoff_file(data):
        return read_standoff(data)  # real-news gold kept as offsets, its text read from ../shared
    records = list(iter_documents(data))  # the same checks and one-line errors as predict.py's input
    if not all("casualties" in r for r in records):
        return None
    types = default_lexicon().types  # a mistyped gold type (kiled) is an error, not a new kind scored silently
    return [Record.from_json(r, data, event_types=types) for r in records]


def evaluate_casualties(tagger, records: list[Record]) -> tuple[dict[str, Any], list[Record]]:
    """Casualty span, event, subset, approximate and totals scores of ``tagger`` on gold records."""
    preds = tagger.records([r.text for r in records])
    gold = [list(r.casualties) for r in records]
    scores = casualty_scores(gold, [list(p.casualties) for p in preds], [totals(g) for g in gold],
                             [p.totals for p in preds])
    scores["engine"] = tagger.casualty_engine
    return scores, preds


def render_casualty_report(scores: dict[str, Any]) -> str:
    ev, sp = scores["events"], scores["spans"]
    pct = lambda v: "n/a" if v is None else f"{v:.4f}"
    out = ["## Casualties", "", f"Engine `{scores['engine']}`; {scores['documents']} documents, "
           f"{scores['gold_events']} gold events.", "",
           "| measure | precision | recall | F1 |", "|---|---|---|---|",
           f"| events (type, count) per document | {ev['precision']:.4f} | {ev['recall']:.4f} | {ev['f1']:.4f} |"]
    for typ in sp:
        out.append(f"| spans: {typ} | {sp[typ]['precision']:.4f} | {sp[typ]['recall']:.4f} | {sp[typ]['f1']:.4f} |")
    out += ["", f"Subset accuracy {pct(scores['subset_accuracy'])} ({scores['subset_cases']} events with subsets); "
            f"approximate-flag accuracy {pct(scores['approximate_accuracy'])}; totals exactly right in "
            f"{pct(scores.get('totals_accuracy'))} of documents."]
    return "\n".join(out) + "\n"


EVALUATION_FILES = ("predictions.conll", "errors.txt", "f1_per_type.png", "casualty_predictions.jsonl",
                    "metrics.json", "report.md")


def run_evaluation(tagger, data: str, cfg: RunConfig, output_dir: Path) -> dict[str, Any]:
    """Entity scores (when the tagger has a model) and casualty scores (when the data has them)."""
    metrics: dict[str, Any] = {"model": tagger.source, "data": data, "toolkit_version": __version__}
    report = ""
    from arabert_ner.files import check_output

    if output_dir.exists() and not output_dir.is_dir():
        raise OutputError(f"{output_dir}: is a file, not a folder; choose another --output-dir")
    for name in EVALUATION_FILES:  # the overwrite rule: none of these may be the data being scored
        check_output(output_dir / name, inputs=[data], what="evaluation output")
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{output_dir}: cannot write there ({e.strerror})") from None
    if isinstance(tagger, Tagger):
        scores, examples, preds = evaluate_file(tagger, data, cfg)
        metrics = {"f1": scores["default"]["micro"]["f1"], "f1_strict": scores["strict"]["micro"]["f1"],
                   **metrics, **scores}
        write_predictions_conll(output_dir / "predictions.conll", examples, preds)
        confusion = entity_confusion(examples, preds)
        metrics["confusion"] = confusion
        n_errors = write_errors(output_dir / "errors.txt", examples, preds)
        plot_per_type_f1(output_dir / "f1_per_type.png", scores, f"{Path(tagger.source).name} on {Path(data).name}")
        report = (render_report(scores, tagger.source, data) + "\n## Entity-type confusion (exact spans)\n\n"
                  + render_confusion(confusion) + f"\n{n_errors} sentence(s) with at least one wrong tag: "
                  f"`errors.txt`. Per-type F1 chart: `f1_per_type.png`.\n")
    gold = read_casualty_gold(data)
    if gold is not None:
        metrics["casualties"], predicted = evaluate_casualties(tagger, gold)
        report += ("\n" if report else f"# Evaluation of `{tagger.source}` on `{data}`\n\n") + \
            render_casualty_report(metrics["casualties"])
        atomic_write_text(output_dir / "casualty_predictions.jsonl",
                          "".join(json.dumps({"id": g.id, **p.to_json()}, ensure_ascii=False) + "\n"
                                  for g, p in zip(gold, predicted)))
    elif not isinstance(tagger, Tagger):
        raise ConfigError(f"{data}: has no casualty annotations, and without a model there is nothing else to score")
    atomic_write_json(output_dir / "metrics.json", metrics)
    atomic_write_text(output_dir / "report.md", report)
    return metrics
