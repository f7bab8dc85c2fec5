#!/usr/bin/env python3
"""Soak test (a script, not a CI test): stream generated documents through predict.py and watch memory.

    python bench/soak.py --model models/quickstart --documents 20000

Writes a JSONL of generated news-style documents (the repo's corpus sentences recombined, with a few
odd ones: empty, emoji, invisible marks, very long), runs predict.py on it as a child process, samples
the child's resident memory every 0.2 s, and prints the memory after the first documents, at the end,
and the peak, with throughput. Exit status 1 when the output is incomplete.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ODD = ["", "   ", "🚨 عاجل 🔥", "\u200f\u200b\ufeff", "قتل" * 2000]


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def generate(path: Path, n: int, seed: int = 0) -> int:
    sentences = [json.loads(l)["text"] for split in ("train", "dev", "test")
                 for l in (ROOT / "data" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    size = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = rng.choice(ODD) if i % 500 == 7 else " ".join(rng.sample(sentences, rng.randint(1, 8)))
            line = json.dumps({"id": f"soak-{i}", "text": text, "source": "soak"}, ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            fh.write(line)
    return size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="models/quickstart", help="Model folder (default: %(default)s).")
    parser.add_argument("--documents", type=int, default=20000, help="How many documents (default: %(default)s).")
    parser.add_argument("--workdir", help="Where to write the input and output (default: a temporary folder).")
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="soak-"))
    work.mkdir(parents=True, exist_ok=True)
    docs, out = work / "soak.jsonl", work / "soak_out.jsonl"
    size = generate(docs, args.documents)
    print(f"input: {args.documents} documents, {size / 1e6:.1f} MB ({docs})")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    started = time.time()
    proc = subprocess.Popen([sys.executable, str(ROOT / "predict.py"), "--model", args.model, "--input", str(docs),
                             "--output", str(out)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, float, int]] = []  # (seconds, rss MB, records written)
    part = Path(f"{out}.part")
    while proc.poll() is None:
        rss = rss_mb(proc.pid)
        written = sum(1 for _ in open(part, "rb")) if part.exists() else 0
        if rss is not None:
            samples.append((time.time() - started, rss, written))
        time.sleep(0.2)
    stderr = proc.stderr.read() if proc.stderr else ""
    elapsed = time.time() - started
    if proc.returncode != 0 or not out.exists():
        print(f"predict.py failed ({proc.returncode}):\n{stderr[-2000:]}")
        return 1
    n_out = sum(1 for _ in open(out, "rb"))
    early = next((s for s in samples if s[2] >= 1000), samples[0])
    end = max(samples, key=lambda s: s[2])  # the .part file is renamed at the very end
    peak = max(s[1] for s in samples)
    print(f"output: {n_out} records in {elapsed:.0f} s ({n_out / elapsed:.0f} documents/s)")
    print(f"memory: {early[1]:.0f} MB after {early[2]} documents, {end[1]:.0f} MB at the end "
          f"({end[2]} documents), peak {peak:.0f} MB")
    return 0 if n_out == args.documents else 1


if __name__ == "__main__":
    sys.exit(main())
