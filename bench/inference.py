#!/usr/bin/env python3
"""Inference benchmark (a script, not a test): this project's backends against the HF pipeline.

    python bench/inference.py --sentences 200 --articles 4 --output docs/bench_inference.json

Speed runs on an AraBERT-base-shaped model (BERT-base, 64,000-word vocabulary, random weights: AraBERT
itself cannot be downloaded here) with the tiny tokenizer, and on its half-depth student (6 layers, made
by arabert_ner.training.distill.make_student); accuracy (F1 change against fp32) on the trained quickstart model
and a student distilled from it here, scored on data/dev.jsonl + data/test.jsonl together (neither is
trained on; dev chose the best epoch). Each configuration runs in its own process so peak memory is its own. Tokens/s counts the
real subword tokens of the input once (no padding, no window overlap).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
CONFIGS = ["pipeline", "torch-fp32", "torch-bf16", "torch-int8", "onnx-fp32", "onnx-int8", "raw-onnx-int8",
           "student-torch-fp32", "student-onnx-int8"]
HELD_OUT = [ROOT / "data" / "dev.jsonl", ROOT / "data" / "test.jsonl"]


def documents(n_sentences: int, n_articles: int) -> list[str]:
    test = ROOT.parent / "shared" / "data" / "anercorp" / "test.txt"
    sentences: list[str] = []
    if test.exists():
        cur: list[str] = []
        for line in test.read_text(encoding="utf-8").splitlines():
            if line.strip():
                cur.append(line.split()[0])
            elif cur:
                sentences.append(" ".join(cur))
                cur = []
    else:
        sentences = [json.loads(l)["text"] for l in (ROOT / "data" / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    article = (ROOT / "data" / "sample_article.txt").read_text(encoding="utf-8")
    return sentences[:n_sentences] + [article * 3] * n_articles


def build_base_shaped(folder: Path) -> None:
    """BERT-base with a 64,000 vocabulary, random weights, the tiny tokenizer, and a run_config."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForTokenClassification

    from arabert_ner.config import build_config, save_config
    from arabert_ner.corpus.labels import label_list

    labels = label_list(["PER", "ORG", "LOC", "MISC"])
    torch.manual_seed(0)
    config = BertConfig(vocab_size=64000, num_labels=len(labels), id2label=dict(enumerate(labels)),
                        label2id={l: i for i, l in enumerate(labels)})
    BertForTokenClassification(config).save_pretrained(folder)
    AutoTokenizer.from_pretrained(str(ROOT / "models" / "tiny-bert")).save_pretrained(folder)
    save_config(build_config({"labels": {"types": ["PER", "ORG", "LOC", "MISC"]}, "model": {"max_length": 256}}),
                folder / "run_config.yaml")


def build_student(teacher: Path, folder: Path) -> None:
    """The half-depth student of a model folder (speed only: no training needed for timing)."""
    import shutil

    from transformers import AutoModelForTokenClassification

    from arabert_ner.training.distill import make_student

    make_student(AutoModelForTokenClassification.from_pretrained(teacher)).save_pretrained(folder)
    for f in teacher.iterdir():
        if f.is_file() and f.name.startswith(("tokenizer", "special_tokens", "vocab", "run_config")):
            shutil.copy(f, folder / f.name)


def run_one(name: str, model: str, texts: list[str], batch: int) -> dict:
    """Time one configuration over ``texts`` (in this process)."""
    from transformers import AutoTokenizer

    label = name
    name = name.removeprefix("student-")

    tok = AutoTokenizer.from_pretrained(model)
    tokens = sum(len(tok(t, add_special_tokens=False)["input_ids"]) for t in texts)
    latencies: list[float] = []
    if name == "pipeline":
        from transformers import pipeline

        nlp = pipeline("token-classification", model=model, aggregation_strategy="simple", device=-1)
        run = lambda docs: nlp(docs, batch_size=batch)  # noqa: E731
    elif name == "raw-onnx-int8":
        import numpy as np
        import onnxruntime as ort

        session = ort.InferenceSession(str(Path(model) / "onnx" / "model.int8.onnx"), providers=["CPUExecutionProvider"])

        def pretokenise(docs):
            # every subword once, in windows of at most 254 plus [CLS]/[SEP]: the same tokens the others see
            out = []
            for t in docs:
                ids = tok(t, add_special_tokens=False)["input_ids"]
                for k in range(0, max(1, len(ids)), 254):
                    out.append([tok.cls_token_id] + ids[k:k + 254] + [tok.sep_token_id])
            return sorted(out, key=len)

        def run(docs):
            encoded = pretokenised[id(docs)] if id(docs) in pretokenised else pretokenise(docs)
            for b in range(0, len(encoded), batch):
                chunk = encoded[b:b + batch]
                width = max(map(len, chunk))
                ids = np.zeros((len(chunk), width), dtype=np.int64)
                mask = np.zeros_like(ids)
                for r, e in enumerate(chunk):
                    ids[r, :len(e)], mask[r, :len(e)] = e, 1
                session.run(["logits"], {"input_ids": ids, "attention_mask": mask})
    else:
        from arabert_ner import Tagger

        backend, precision = name.split("-")
        tagger = Tagger.from_pretrained(model, overrides=[f"inference.backend={backend}",
                                                          f"inference.precision={precision}",
                                                          f"inference.batch_size={batch}",
                                                          "casualties.engine=rules"])
        run = tagger.predict
    if name == "raw-onnx-int8":
        # the raw forward is timed on input tokenised beforehand (nothing but the model runs)
        pretokenised = {id(texts): pretokenise(texts)}  # noqa: F841 - read by run() through the closure
    run(texts[:2])  # warm-up
    started = time.perf_counter()
    run(texts)
    elapsed = time.perf_counter() - started
    for t in texts[:30]:
        one = [t]
        if name == "raw-onnx-int8":
            pretokenised[id(one)] = pretokenise(one)
        s = time.perf_counter()
        run(one)
        latencies.append(time.perf_counter() - s)
    latencies.sort()
    return {"config": label, "tokens": tokens, "seconds": round(elapsed, 2), "tokens_per_s": round(tokens / elapsed, 1),
            "docs_per_s": round(len(texts) / elapsed, 2), "p50_ms": round(1000 * statistics.median(latencies), 1),
            "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
            "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """VmHWM of this process: unlike ru_maxrss it starts afresh at exec, so the parent's peak is not counted."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 0)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)


def f1_of(model: str, overrides: list[str]) -> float:
    """Entity micro F1 (default mode) over the held-out files together."""
    from arabert_ner import Tagger
    from arabert_ner.evaluation.report import evaluate_file
    from arabert_ner.evaluation.metrics import entity_scores

    tagger = Tagger.from_pretrained(model, overrides=overrides)
    gold, pred = [], []
    for path in HELD_OUT:
        _, examples, preds = evaluate_file(tagger, str(path), tagger.config)
        gold += [ex.tags for ex in examples]
        pred += preds
    return entity_scores(gold, pred)["default"]["micro"]["f1"]


def distill_quickstart(teacher: Path, folder: Path) -> None:
    """A student of the quickstart model, distilled the documented way (train.py's Trainer, soft + gold)."""
    unlabelled = [str(ROOT / "data" / "sample_article.txt")]
    news = ROOT.parent / "shared" / "data" / "saudinewsnet" / "casualty_candidates.jsonl"
    if news.exists():
        unlabelled.append(str(news))
    subprocess.run([sys.executable, "-m", "arabert_ner.cli", "distill", "--teacher", str(teacher), "--output-dir",
                    str(folder), "--unlabelled", *unlabelled, "distillation.max_unlabelled_sentences=3000"],
                   cwd=ROOT, check=True, capture_output=True, text=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=200, help="ANERcorp test sentences (default: %(default)s).")
    parser.add_argument("--articles", type=int, default=4, help="Long articles added (default: %(default)s).")
    parser.add_argument("--batch-size", type=int, default=16, help="Batch size for every configuration.")
    parser.add_argument("--output", help="JSON file for the results.")
    parser.add_argument("--child", nargs=3, metavar=("CONFIG", "MODEL", "TEXTS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, model, texts = args.child
        print(json.dumps(run_one(name, model, json.loads(Path(texts).read_text(encoding="utf-8")), args.batch_size)))
        return 0
    from arabert_ner.model.export import export_onnx

    work = Path(tempfile.mkdtemp(prefix="bench-"))
    base = work / "base-shaped"
    build_base_shaped(base)
    export_onnx(base)
    student = work / "base-shaped-student"
    build_student(base, student)
    export_onnx(student)
    texts = documents(args.sentences, args.articles)
    texts_file = work / "texts.json"
    texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    rows = []
    for name in CONFIGS:
        proc = subprocess.run([sys.executable, __file__, "--batch-size", str(args.batch_size), "--child", name,
                               str(student if name.startswith("student-") else base), str(texts_file)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{name}: failed\n{proc.stderr[-1500:]}", file=sys.stderr)
            continue
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    baseline = next((r for r in rows if r["config"] == "pipeline"), None)
    quick = ROOT / "models" / "quickstart"
    if quick.exists():
        quick_student = work / "quickstart-student"
        distill_quickstart(quick, quick_student)
        export_onnx(quick)
        export_onnx(quick_student)
        ref = f1_of(str(quick), [])
        print(f"F1 on {' + '.join(p.name for p in HELD_OUT)}: quickstart fp32 {ref:.4f}", flush=True)
        for r in rows:
            if r["config"] not in ("pipeline", "raw-onnx-int8"):
                backend, precision = r["config"].removeprefix("student-").split("-")
                model = quick_student if r["config"].startswith("student-") else quick
                r["f1_change_vs_fp32"] = round(f1_of(str(model), [f"inference.backend={backend}",
                                                                  f"inference.precision={precision}"]) - ref, 4)
    for r in rows:
        if baseline:
            r["ratio_to_pipeline"] = round(r["tokens_per_s"] / baseline["tokens_per_s"], 2)
    print(f"{'config':<20}{'tokens/s':>10}{'docs/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'peak MB':>9}{'x pipe':>8}{'dF1':>8}")
    for r in rows:
        print(f"{r['config']:<20}{r['tokens_per_s']:>10}{r['docs_per_s']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}"
              f"{r['peak_rss_mb']:>9}{r.get('ratio_to_pipeline', ''):>8}{r.get('f1_change_vs_fp32', ''):>8}")
    if args.output:
        Path(args.output).write_text(json.dumps({"documents": len(texts), "batch_size": args.batch_size,
                                                 "f1_data": [str(p.relative_to(ROOT)) for p in HELD_OUT],
                                                 "rows": rows}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
