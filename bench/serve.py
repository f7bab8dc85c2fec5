#!/usr/bin/env python3
"""Load benchmark of the HTTP server (a script, not a test), against predict.py on the same documents.

    python bench/serve.py --model models/quickstart --requests 2000 --concurrency 32 --output docs/bench_serve.json
    python bench/serve.py --model models/quickstart --requests 160 --rounds 2   # a busy 2-core machine
    python bench/serve.py --model models/quickstart --backend onnx --precision int8 ...   # after arabert-ner export

``arabert-ner serve`` starts once on a free loopback port. Then, in each of --rounds rounds:
1. predict.py tags the documents (one JSONL file, one process), with the same backend; its throughput is
   counted without its start-up (the same command on one document is timed and subtracted);
2. --concurrency clients send the same documents to the server, one per request (POST /v1/tag),
   --requests in all, and the round stops by itself.
Reported per round: requests/s, latency p50/p95/p99, errors (requests that failed or did not answer 200),
records whose spans, labels or counts differ from predict.py's and how far scores moved (see
without_scores), and the server's resident memory (VmRSS) after start-up, after a warm-up, at its peak,
and after each round.

Documents: real articles from ../shared/data/saudinewsnet/casualty_candidates.jsonl where present (--articles),
else data/sample_article.txt and the corpus sentences strung into article-length texts.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "data" / "saudinewsnet" / "casualty_candidates.jsonl"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def load_articles(path: Path | None, count: int) -> tuple[list[str], str]:
    if path is not None and path.is_file():
        texts = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    texts.append(json.loads(line)["text"])
        return texts, str(path)
    sentences = [json.loads(l)["text"] for f in ("train", "dev", "test")
                 for l in (ROOT / "data" / f"{f}.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [(ROOT / "data" / "sample_article.txt").read_text(encoding="utf-8")]
    for i in range(0, len(sentences), 25):  # about 2,000 characters each, like a news article
        texts.append(" ".join(sentences[i:i + 25]))
    return texts, "data/ (sample_article.txt and corpus sentences strung into articles)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_predict(model: str, docs_path: Path, out: Path, backend_args: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "predict.py", "--model", model, "--input", str(docs_path),
                           "--output", str(out), *backend_args], cwd=ROOT, env=ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"predict.py failed: {proc.stderr[-2000:]}")
    return time.perf_counter() - started


def without_scores(value):
    """A record with its scores taken out, and the scores in order: batches of other shapes move scores
    (float sums in the last bits; with int8, quantization ranges measured over the whole batch), so the
    spans, labels and counts are compared exactly and the scores by how far they moved."""
    if isinstance(value, dict):
        kept, scores = {}, []
        for k, v in value.items():
            if k == "score":
                scores.append(v)
            else:
                kept[k], inner = without_scores(v)
                scores += inner
        return kept, scores
    if isinstance(value, list):
        pairs = [without_scores(v) for v in value]
        return [p[0] for p in pairs], [x for p in pairs for x in p[1]]
    return value, []


def first_difference(a, b, path: str = "") -> str | None:
    """Where two score-less records first differ (served, then predict.py's)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            d = first_difference(a.get(k), b.get(k), f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return f"{path}: {len(a)} items against {len(b)}" if len(a) != len(b) else None
    return None if a == b else f"{path}: {a!r} against {b!r}"


async def load(url: str, docs: list[dict], concurrency: int, expected: dict[str, dict]) -> dict:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    differences: list[str] = []
    mismatches = rounding = 0
    score_delta = 0.0
    next_index = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as client:
        async def worker():
            nonlocal next_index, mismatches, rounding, score_delta
            while next_index < len(docs):
                doc = docs[next_index]
                next_index += 1
                body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
                t = time.perf_counter()
                try:
                    r = await client.post("/v1/tag", content=body, headers={"Content-Type": "application/json"})
                except httpx.HTTPError as e:
                    errors.append(f"{type(e).__name__}: {e}")
                    continue
                latencies.append(time.perf_counter() - t)
                if r.status_code != 200:
                    errors.append(f"HTTP {r.status_code}: {r.text[:200]}")
                else:
                    got, got_scores = without_scores(r.json())
                    want, want_scores = without_scores(expected[doc["id"]])
                    if got != want:
                        mismatches += 1
                        if len(differences) < 5:
                            differences.append(f"{doc['id']}: {first_difference(got, want)}")
                    else:
                        moved = [abs(x - y) for x, y in zip(got_scores, want_scores)]
                        if moved and max(moved) > 0:
                            rounding += 1
                            score_delta = max(score_delta, max(moved))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    latencies.sort()
    q = lambda p: 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")
    return {"requests": len(docs), "wall_s": round(wall, 2), "requests_per_s": round(len(docs) / wall, 2),
            "p50_ms": round(q(0.50), 1), "p95_ms": round(q(0.95), 1), "p99_ms": round(q(0.99), 1),
            "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else None,
            "errors": len(errors), "http_errors": errors[:5],
            "records_whose_spans_differ_from_predict_py": mismatches, "differences": differences,
            "records_with_moved_scores": rounding, "largest_score_move": round(score_delta, 4)}


def start_server(args, backend_args: list[str], log: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    command = [sys.executable, "-m", "arabert_ner.cli", "serve", "--model", args.model, "--port", str(port), *backend_args]
    if args.max_batch_documents:
        command += ["--max-batch-documents", str(args.max_batch_documents)]
    if args.batch_wait_ms is not None:
        command += ["--batch-wait-ms", str(args.batch_wait_ms)]
    with open(log, "w", encoding="utf-8") as fh:
        server = subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return server, url
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            sys.exit(f"the server did not start: {log.read_text(encoding='utf-8')[-2000:]}")
        time.sleep(0.3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="models/quickstart", help="Trained model folder (default: %(default)s).")
    parser.add_argument("--backend", choices=["torch", "onnx"], default="torch")
    parser.add_argument("--precision", choices=["fp32", "bf16", "int8"], default="fp32")
    parser.add_argument("--requests", type=int, default=2000, help="Requests per round, one document each; "
                        "predict.py tags the same documents.")
    parser.add_argument("--rounds", type=int, default=1, help="Rounds of predict.py then the server, alternated, "
                        "against one server process: on a shared machine the load drifts, and alternating "
                        "lets both sides see the same drift (default: %(default)s).")
    parser.add_argument("--concurrency", type=int, default=32, help="Clients sending at once.")
    parser.add_argument("--articles", type=Path, default=ARTICLES, help="JSONL of articles ({\"text\"} per line; "
                        "default: %(default)s, else texts from data/).")
    parser.add_argument("--max-batch-documents", type=int, help="serving.max_batch_documents of the server.")
    parser.add_argument("--batch-wait-ms", type=float, help="serving.batch_wait_ms of the server.")
    parser.add_argument("--output", type=Path, help="Write the figures here as JSON.")
    args = parser.parse_args()

    texts, source = load_articles(args.articles, args.requests)
    docs = [{"id": f"a{i}", "text": texts[i % len(texts)]} for i in range(args.requests)]
    chars = sum(len(d["text"]) for d in docs)
    backend_args = ["--backend", args.backend, "--precision", args.precision]
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    docs_path = work / "docs.jsonl"
    docs_path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    one_path = work / "one.jsonl"
    one_path.write_text(json.dumps(docs[0], ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(docs)} documents ({chars / len(docs):.0f} characters on average) from {source}", file=sys.stderr)

    import httpx

    server, url = start_server(args, backend_args, work / "server.log")
    rounds = []
    try:
        expected = None
        rss = {"started": round(rss_mb(server.pid), 1)}
        for r in range(args.rounds):
            startup = run_predict(args.model, one_path, work / "one.out.jsonl", backend_args)
            total = run_predict(args.model, docs_path, work / "predict.out.jsonl", backend_args)
            if expected is None:
                expected = {d["id"]: d for d in map(json.loads, (work / "predict.out.jsonl").read_text(
                    encoding="utf-8").splitlines())}
                warm = asyncio.run(load(url, docs[:args.concurrency * 2], args.concurrency, expected))
                rss["before"] = round(rss_mb(server.pid), 1)
            predict = {"wall_s": round(total, 2), "startup_s": round(startup, 2),
                       "documents_per_s": round(len(docs) / max(1e-9, total - startup), 2)}
            peak = [rss_mb(server.pid)]
            stop = threading.Event()

            def sample():
                while not stop.wait(0.5):
                    peak.append(rss_mb(server.pid))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            result = asyncio.run(load(url, docs, args.concurrency, expected))
            stop.set()
            sampler.join()
            rss[f"after_round_{r + 1}"] = round(rss_mb(server.pid), 1)
            rss["peak"] = round(max(rss.get("peak", 0), *peak), 1)
            one = {"predict_py": predict, "server": result,
                   "server_vs_predict_py": round(result["requests_per_s"] / predict["documents_per_s"], 3)}
            rounds.append(one)
            print(f"round {r + 1}: predict.py {predict['documents_per_s']} docs/s, server {result['requests_per_s']} "
                  f"requests/s ({one['server_vs_predict_py']:.1%}), errors {result['errors']}, records with other spans "
                  f"{result['records_whose_spans_differ_from_predict_py']}", file=sys.stderr)
        info = httpx.get(f"{url}/v1/model").json()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    errors = sum(r["server"]["errors"] for r in rounds) + warm["errors"]
    report = {
        "command": "python bench/serve.py " + " ".join(sys.argv[1:]),
        "model": args.model, "backend": args.backend, "precision": args.precision, "documents_source": source,
        "documents": len(docs), "mean_characters": round(chars / len(docs)), "concurrency": args.concurrency,
        "limits": info["limits"], "cpus": os.cpu_count(), "rounds": rounds, "warm_up_errors": warm["errors"],
        "errors": errors, "server_rss_mb": rss,
        "records_whose_spans_differ_from_predict_py": sum(r["server"]["records_whose_spans_differ_from_predict_py"]
                                                          for r in rounds),
        "predict_py_documents_per_s": round(statistics.median(r["predict_py"]["documents_per_s"] for r in rounds), 2),
        "server_requests_per_s": round(statistics.median(r["server"]["requests_per_s"] for r in rounds), 2),
        "server_vs_predict_py": round(statistics.median(r["server_vs_predict_py"] for r in rounds), 3),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.output:
        args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
