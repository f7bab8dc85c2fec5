#!/usr/bin/env python3
"""Scaling benchmark (a script, not a test): predict.py's cost against document length, and its memory
while streaming many documents.

    python bench/scaling.py --output docs/bench_scaling.json --plot docs/scaling.png

1. Length: documents of 100 to 30,000 words (the repo's corpus sentences strung together) are tagged by
   predict.py's own code path (reading JSONL, normalising, sentences, windows, model, casualty rules,
   writing), each length in its own process, repeated until about --words words are tagged. Linear
   cost shows as a flat time per subword token across lengths.
2. Streaming: predict.py runs as a child process over --documents generated documents (bench/soak.py's
   generator) while its resident memory is sampled against the number of records written.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
LENGTHS = [100, 300, 1000, 3000, 10000, 30000]


def document(words: int) -> str:
    sentences = [json.loads(l)["text"] for l in (ROOT / "data" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    out: list[str] = []
    i = 0
    while len(out) < words:
        out.extend(sentences[i % len(sentences)].split())
        i += 1
    return " ".join(out[:words])


def time_length(model: str, words: int, budget_words: int, overrides: list[str]) -> dict:
    """Tag ``repeats`` documents of ``words`` words through run_prediction (in this process)."""
    from transformers import AutoTokenizer

    from arabert_ner.tagging.stream import run_prediction

    text = document(words)
    repeats = max(1, budget_words // words)
    work = Path(tempfile.mkdtemp(prefix="scaling-"))
    src = work / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": text}, ensure_ascii=False) + "\n"
                           for i in range(repeats)), encoding="utf-8")
    warm = work / "warm.jsonl"
    warm.write_text(json.dumps({"id": "w", "text": document(50)}, ensure_ascii=False) + "\n", encoding="utf-8")
    run_prediction(model, overrides, None, input_path=str(warm), text=None, output=str(work / "warm.out.jsonl"))
    started = time.perf_counter()
    run_prediction(model, overrides, None, input_path=str(src), text=None, output=str(work / "out.jsonl"))
    elapsed = time.perf_counter() - started
    tokens = len(AutoTokenizer.from_pretrained(model)(text, add_special_tokens=False)["input_ids"])
    per_doc = elapsed / repeats
    return {"words": words, "subword_tokens": tokens, "documents": repeats, "seconds_per_document": round(per_doc, 4),
            "microseconds_per_token": round(1e6 * per_doc / tokens, 1), "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 0)
    return float("nan")


def stream_memory(model: str, n: int) -> dict:
    """RSS of a predict.py child against records written, over ``n`` generated documents."""
    from soak import generate, rss_mb  # bench/soak.py

    work = Path(tempfile.mkdtemp(prefix="scaling-stream-"))
    docs, out = work / "docs.jsonl", work / "out.jsonl"
    generate(docs, n)
    proc = subprocess.Popen([sys.executable, str(ROOT / "predict.py"), "--model", model, "--input", str(docs),
                             "--output", str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    part = Path(f"{out}.part")
    samples: list[tuple[int, float]] = []
    started = time.time()
    while proc.poll() is None:
        rss = rss_mb(proc.pid)
        written = sum(1 for _ in open(part, "rb")) if part.exists() else 0
        if rss is not None and written:
            samples.append((written, round(rss, 1)))
        time.sleep(0.5)
    elapsed = time.time() - started
    if proc.returncode != 0:
        raise SystemExit(f"predict.py failed with {proc.returncode}")
    return {"documents": n, "seconds": round(elapsed, 1), "samples": samples}


def plot(lengths: dict[str, list[dict]], stream: dict | None, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2 if stream else 1, figsize=(11 if stream else 5.5, 4.2), squeeze=False)
    ax = axes[0][0]
    for name, rows in lengths.items():
        x = [r["subword_tokens"] for r in rows]
        y = [r["seconds_per_document"] for r in rows]
        ax.loglog(x, y, "o-", label=name)
        # a line of slope 1 through the middle point: linear cost
        mid = rows[len(rows) // 2]
        ax.loglog(x, [mid["seconds_per_document"] * t / mid["subword_tokens"] for t in x], ":", color="grey")
    ax.set_xlabel("subword tokens per document")
    ax.set_ylabel("seconds per document (predict.py path)")
    ax.set_title("Cost against document length\n(dotted: exactly linear)")
    ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)
    if stream:
        ax = axes[0][1]
        ax.plot([s[0] for s in stream["samples"]], [s[1] for s in stream["samples"]])
        ax.set_xlabel("documents written")
        ax.set_ylabel("resident memory of predict.py (MB)")
        ax.set_ylim(bottom=0)
        ax.set_title(f"Memory while streaming {stream['documents']:,} documents")
        ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(ROOT / "models" / "quickstart"),
                        help="Trained model folder (default: models/quickstart).")
    parser.add_argument("--words", type=int, default=30000, help="Words tagged per length (default: %(default)s).")
    parser.add_argument("--documents", type=int, default=20000,
                        help="Documents streamed for the memory curve (0: skip; default: %(default)s).")
    parser.add_argument("--base-shaped", action="store_true",
                        help="Also time the AraBERT-base-shaped model with ONNX int8 (slower).")
    parser.add_argument("--output", help="JSON file for the results.")
    parser.add_argument("--plot", help="PNG file for the curves.")
    parser.add_argument("--child", nargs=3, metavar=("MODEL", "WORDS", "OVERRIDES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        model, words, overrides = args.child
        print(json.dumps(time_length(model, int(words), args.words, json.loads(overrides))))
        return 0
    models = {"tiny quickstart, torch fp32": (args.model, [])}
    if args.base_shaped:
        from inference import build_base_shaped  # bench/inference.py

        from arabert_ner.model.export import export_onnx

        base = Path(tempfile.mkdtemp(prefix="scaling-base-")) / "base-shaped"
        build_base_shaped(base)
        export_onnx(base)
        models["BERT-base shape, ONNX int8"] = (str(base), ["inference.backend=onnx", "inference.precision=int8"])
    results: dict[str, list[dict]] = {}
    for name, (model, overrides) in models.items():
        results[name] = []
        for words in LENGTHS:
            proc = subprocess.run([sys.executable, __file__, "--words", str(args.words), "--child", model, str(words),
                                   json.dumps(overrides)], capture_output=True, text=True)
            if proc.returncode != 0:
                print(proc.stderr[-2000:], file=sys.stderr)
                return 1
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            results[name].append(row)
            print(name, json.dumps(row), flush=True)
    stream = stream_memory(args.model, args.documents) if args.documents else None
    if stream:
        s = stream["samples"]
        print(f"streaming {args.documents} documents: {s[0][1]} MB after {s[0][0]}, "
              f"{s[len(s) // 2][1]} MB after {s[len(s) // 2][0]}, {s[-1][1]} MB after {s[-1][0]} "
              f"({stream['seconds']} s)")
    if args.output:
        Path(args.output).write_text(json.dumps({"lengths": results, "stream": stream}, indent=1) + "\n",
                                     encoding="utf-8")
    if args.plot:
        plot(results, stream, Path(args.plot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
