#!/usr/bin/env python3
"""Training benchmark (a script, not a test): train.py against the Trainer with run_ner.py defaults.

    python bench/training.py --sentences 800 --output docs/bench_training.json

Both train one epoch of the same sentences (ANERcorp train where ../shared/data is present, else
data/train.jsonl) on the same model: BERT-base-shaped (12 layers, hidden 768, 64,000-word vocabulary,
random weights, the tiny tokenizer), batch size 16, learning rate 5e-5, same threads.

* baseline: what Hugging Face's examples/pytorch/token-classification/run_ner.py does by default:
  TrainingArguments defaults (fp32, random sampling, no length grouping), words tokenised with
  ``is_split_into_words=True`` and truncation, labels on first subwords, per-batch padding
  (DataCollatorForTokenClassification), no evaluation during training.
* train.py: this project's train() as a user runs it (training.precision=auto, length-grouped batches,
  AraBERT normalisation, its checkpoint at the end of the epoch included), no dev evaluation.
* train.py fp32: the same with training.precision=fp32, to show what length grouping alone gives.

Tokens/s = real subword tokens of the epoch (no padding) / the Trainer's train_runtime. Each run is its
own process. Tokens differ slightly between the two because train.py normalises the text first; each
run counts its own.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
RUNS = ["baseline-run_ner", "train.py", "train.py-fp32"]
BATCH, LR = 16, 5e-5


def training_file() -> tuple[Path, str]:
    """The training file and its label map."""
    anercorp = ROOT.parent / "shared" / "data" / "anercorp" / "train.txt"
    if anercorp.exists():
        return anercorp, "anercorp"
    return ROOT / "data" / "train.jsonl", ""


def read(path: Path, label_map: str, n: int):
    from arabert_ner.config import build_config
    from arabert_ner.corpus.labels import TagChecker, load_label_map
    from arabert_ner.text.normalize import Normalizer
    from arabert_ner.corpus.readers import read_examples

    cfg = build_config({"data": {"label_map": label_map or None}, "labels": {"types": ["PER", "ORG", "LOC", "MISC"]}})
    checker = TagChecker(cfg.labels.types, load_label_map(cfg.data.label_map), cfg.labels.repair)
    return read_examples(str(path), cfg.data, checker, Normalizer(cfg.normalization))[:n], cfg


def baseline(model: str, path: Path, label_map: str, n: int, out: Path) -> dict:
    """run_ner.py's defaults, written out (its tokenize_and_align_labels with label_all_tokens=False)."""
    import datasets
    from transformers import (AutoModelForTokenClassification, AutoTokenizer, DataCollatorForTokenClassification,
                              Trainer, TrainingArguments, set_seed)

    from arabert_ner.corpus.labels import label_list

    examples, _ = read(path, label_map, n)
    labels = label_list(["PER", "ORG", "LOC", "MISC"])
    label2id = {l: i for i, l in enumerate(labels)}
    tok = AutoTokenizer.from_pretrained(model)
    set_seed(42)
    enc = tok([ex.tokens for ex in examples], is_split_into_words=True, truncation=True)
    rows = []
    for i, ex in enumerate(examples):
        word_ids, previous, row = enc.word_ids(i), None, []
        for w in word_ids:
            row.append(-100 if w is None or w == previous else label2id[ex.tags[w]])
            previous = w
        rows.append(row)
    ds = datasets.Dataset.from_dict({"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"],
                                     "token_type_ids": enc["token_type_ids"], "labels": rows})
    tokens = sum(map(len, enc["input_ids"]))
    model_ = AutoModelForTokenClassification.from_pretrained(model, num_labels=len(labels),
                                                             id2label=dict(enumerate(labels)), label2id=label2id,
                                                             ignore_mismatched_sizes=True)
    args = TrainingArguments(output_dir=str(out), per_device_train_batch_size=BATCH, learning_rate=LR,
                             num_train_epochs=1, report_to="none", use_cpu=True, disable_tqdm=True)
    trainer = Trainer(model=model_, args=args, train_dataset=ds, data_collator=DataCollatorForTokenClassification(tok),
                      processing_class=tok)
    runtime = trainer.train().metrics["train_runtime"]
    return {"run": "baseline-run_ner", "sentences": len(examples), "tokens": tokens, "precision": "fp32",
            "train_runtime_s": round(runtime, 1), "tokens_per_s": round(tokens / runtime, 1)}


def project(model: str, path: Path, label_map: str, n: int, out: Path, precision: str) -> dict:
    from arabert_ner.model.alignment import SubwordEncoder
    from arabert_ner.config import build_config
    from arabert_ner.model.loading import load_tokenizer
    from arabert_ner.training.finetune import train

    examples, _ = read(path, label_map, n)
    # The same first n sentences, as CoNLL with the tags already mapped (so no label map is needed).
    subset, dev = out.parent / "subset.conll", out.parent / "dev.conll"  # dev: scored once, outside train_runtime
    conll = ["\n".join(f"{t} {tag}" for t, tag in zip(ex.tokens, ex.tags)) + "\n" for ex in examples]
    subset.write_text("\n".join(conll), encoding="utf-8")
    dev.write_text("\n".join(conll[:16]), encoding="utf-8")
    cfg = build_config({
        "output_dir": str(out), "model": {"name_or_path": model, "max_length": 512},
        "data": {"train": str(subset), "dev": str(dev)},
        "labels": {"types": ["PER", "ORG", "LOC", "MISC"]},
        "training": {"epochs": 1, "batch_size": BATCH, "learning_rate": LR, "precision": precision,
                     "eval_every_epoch": False, "early_stopping_patience": 0, "warmup": 0.0, "weight_decay": 0.0,
                     "device": "cpu"}})
    encoder = SubwordEncoder(load_tokenizer(model), 512)
    tokens = sum(len(w.input_ids) for i, ex in enumerate(examples) for w in encoder.windows(i, ex.norm))
    result = train(cfg)
    runtime = result["train"]["train_runtime"]
    return {"run": "train.py" if precision == "auto" else "train.py-fp32", "sentences": result["train_sentences"],
            "tokens": tokens, "precision": result["precision"], "train_runtime_s": round(runtime, 1),
            "tokens_per_s": round(tokens / runtime, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=800, help="Sentences in the epoch (default: %(default)s).")
    parser.add_argument("--output", help="JSON file for the results.")
    parser.add_argument("--child", nargs=2, metavar=("RUN", "MODEL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    path, label_map = training_file()
    if args.child:
        run, model = args.child
        out = Path(tempfile.mkdtemp(prefix="bench-train-")) / "out"
        if run == "baseline-run_ner":
            row = baseline(model, path, label_map, args.sentences, out)
        else:
            row = project(model, path, label_map, args.sentences, out, "auto" if run == "train.py" else "fp32")
        print(json.dumps(row))
        return 0
    from inference import build_base_shaped  # bench/inference.py

    work = Path(tempfile.mkdtemp(prefix="bench-train-"))
    base = work / "base-shaped"
    build_base_shaped(base)
    rows = []
    for run in RUNS:
        proc = subprocess.run([sys.executable, __file__, "--sentences", str(args.sentences), "--child", run, str(base)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{run}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            return 1
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    base_rate = rows[0]["tokens_per_s"]
    for r in rows:
        r["ratio_to_baseline"] = round(r["tokens_per_s"] / base_rate, 2)
    print(f"{'run':<20}{'precision':>10}{'tokens':>9}{'seconds':>9}{'tokens/s':>10}{'x base':>8}")
    for r in rows:
        print(f"{r['run']:<20}{r['precision']:>10}{r['tokens']:>9}{r['train_runtime_s']:>9}{r['tokens_per_s']:>10}"
              f"{r['ratio_to_baseline']:>8}")
    if args.output:
        Path(args.output).write_text(json.dumps({"data": str(path), "sentences": args.sentences, "batch_size": BATCH,
                                                 "rows": rows}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
