#!/usr/bin/env python3
"""Long documents without sentence punctuation (a script, not a test): time, peak memory and output size
of predict.py on one document of --megabytes MB, with full stops and with every punctuation mark removed.

    python bench/unpunctuated.py --megabytes 1 5 --output docs/bench_unpunctuated.json
    python bench/unpunctuated.py --megabytes 5 --model models/quickstart --engine hybrid

The text is the repo's casualty templates and corpus sentences strung together (so it holds thousands of
casualty events, places and times). Each run is predict.py's own code path (run_prediction: read, normalise,
sentences, casualty rules, write) in a fresh process; peak memory is that process's maximum resident size.
Cost proportional to size shows as the same seconds and MB per input MB for both variants and all sizes.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
# Sentence and clause punctuation, Arabic and Latin; what scraped text without punctuation lacks.
PUNCTUATION = re.compile(r"[.!?؟؛;،,:…\n\r\"'«»()\-–—]+")


def sentences() -> list[str]:
    out = []
    for name in ("casualty_test.jsonl", "train.jsonl"):
        for line in (ROOT / "data" / name).read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"].strip()
            out.append(text if text.endswith((".", "؟", "!")) else text + ".")
    return out


def document(megabytes: float, punctuated: bool) -> str:
    """About ``megabytes`` MB (UTF-8) of news text, with full stops or with no punctuation at all."""
    target = int(megabytes * 1_000_000)
    pool = sentences()
    parts: list[str] = []
    size = i = 0
    while size < target:
        s = pool[i % len(pool)]
        if not punctuated:
            s = " ".join(PUNCTUATION.sub(" ", s).split())
        parts.append(s)
        size += len(s.encode("utf-8")) + 1
        i += 1
    return " ".join(parts)


def child(model: str | None, engine: str, src: str, out: str) -> None:
    import resource

    from arabert_ner.tagging.stream import run_prediction

    started = time.perf_counter()
    run_prediction(model, [f"casualties.engine={engine}"], None, input_path=src, text=None, output=out)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(json.dumps({"seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb)}))


def measure(megabytes: float, punctuated: bool, model: str | None, engine: str, work: Path) -> dict:
    text = document(megabytes, punctuated)
    src = work / f"doc-{megabytes}-{'stops' if punctuated else 'none'}.jsonl"
    src.write_text(json.dumps({"id": "d", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = work / f"{src.stem}.out.jsonl"
    cmd = [sys.executable, __file__, "--child", model or "-", engine, str(src), str(out)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"child failed:\n{result.stderr[-2000:]}")
    row = json.loads(result.stdout.strip().splitlines()[-1])
    record = json.loads(out.read_text(encoding="utf-8"))
    row.update({"megabytes": megabytes, "punctuation": "full stops" if punctuated else "none",
                "input_bytes": src.stat().st_size, "words": len(text.split()),
                "output_mb": round(out.stat().st_size / 1e6, 1), "events": len(record["casualties"]),
                "locations_attached": sum(len(c["locations"]) for c in record["casualties"]),
                "engine": engine, "model": model})
    out.unlink()
    src.unlink()
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, nargs="+", default=[1, 5], help="Document sizes (MB).")
    parser.add_argument("--model", help="Model folder (default: none, the rule engine alone).")
    parser.add_argument("--engine", default="rules", choices=["rules", "hybrid", "model", "auto"])
    parser.add_argument("--output", help="JSON file for the rows.")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        model, engine, src, out = args.child
        child(None if model == "-" else model, engine, src, out)
        return 0
    work = Path(tempfile.mkdtemp(prefix="bench-unpunct-"))
    rows = []
    print(f"{'MB':>5} {'punctuation':<11} {'words':>9} {'s':>7} {'peak MB':>8} {'out MB':>7} {'events':>7} "
          f"{'places':>7}")
    for mb in args.megabytes:
        for punctuated in (True, False):
            row = measure(mb, punctuated, args.model, args.engine, work)
            rows.append(row)
            print(f"{mb:>5} {row['punctuation']:<11} {row['words']:>9,d} {row['seconds']:>7} {row['peak_rss_mb']:>8} "
                  f"{row['output_mb']:>7} {row['events']:>7,d} {row['locations_attached']:>7,d}", flush=True)
    shutil.rmtree(work)  # the .meta.json files beside the outputs
    if args.output:
        Path(args.output).write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
