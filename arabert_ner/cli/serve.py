"""`arabert-ner serve`: serve a model over HTTP: a JSON API (predict.py's records) and a right-to-left page to paste articles into."""
from __future__ import annotations

import argparse

from arabert_ner.cli.common import add_config_args, parse_args, run_main

EXAMPLES = """examples:
  arabert-ner serve --model models/quickstart                    # http://127.0.0.1:8000/
  arabert-ner serve --model models/quickstart --backend onnx --precision int8 --port 8080
  ARABERT_NER_API_KEY=secret arabert-ner serve --model models/quickstart --host 0.0.0.0
  arabert-ner serve --casualty-engine rules                      # no model: casualties only

  curl -s localhost:8000/v1/tag -H 'Content-Type: application/json' \\
       -d '{"id": "a1", "text": "قتل 3 أشخاص في انفجار في بغداد أمس"}'
  curl -s localhost:8000/v1/tag -H 'Content-Type: application/x-ndjson' --data-binary @articles.jsonl

endpoints: POST /v1/tag (one {"id", "text", ...} object, a list of them, or JSONL: predict.py's input; answers
predict.py's records), GET /v1/model, GET /healthz, GET / (the page), GET /docs and /openapi.json (OpenAPI).
Every error is {"error": {"status", "code", "message", "request_id"}} with a 4xx status for bad input.
Settings: the serving.* keys of --help-config (flags below set the common ones).
"""


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__, epilog=EXAMPLES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", metavar="DIR", help="Trained model folder or hub id (not needed with "
                        "--casualty-engine rules).")
    parser.add_argument("--casualty-engine", choices=["auto", "hybrid", "model", "rules"],
                        help="As predict.py's: rules needs no model; auto (default) is hybrid when the model "
                             "tags casualties, else rules.")
    parser.add_argument("--backend", choices=["torch", "onnx"], help="torch (default) or onnx, the files of "
                        "arabert-ner export (inference.backend).")
    parser.add_argument("--precision", choices=["fp32", "bf16", "fp16", "int8"],
                        help="fp32 (default), bf16, fp16 (GPU) or int8 (inference.precision).")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], help="Where to run (inference.device).")
    parser.add_argument("--batch-size", type=int, help="Sentences per forward pass (inference.batch_size).")
    parser.add_argument("--host", help="Address to listen on (serving.host, default 127.0.0.1).")
    parser.add_argument("--port", type=int, help="TCP port (serving.port, default 8000).")
    parser.add_argument("--max-batch-documents", type=int, metavar="N",
                        help="Documents of concurrent requests tagged together (serving.max_batch_documents).")
    parser.add_argument("--batch-wait-ms", type=float, metavar="MS",
                        help="How long to wait for more requests before tagging a batch (serving.batch_wait_ms).")
    parser.add_argument("--max-documents", type=int, metavar="N", help="Documents per request (serving.max_documents).")
    parser.add_argument("--max-request-bytes", type=int, metavar="BYTES",
                        help="Largest request body (serving.max_request_bytes).")
    parser.add_argument("--cors-origin", action="append", metavar="ORIGIN",
                        help="Allow browser calls from this origin (repeatable; serving.cors_origins). Default: CORS off.")
    parser.add_argument("--allow-pickle", action="store_true",
                        help="Allow pickle (.bin) weights, which can run code when loaded (model.allow_pickle).")
    parser.add_argument("--trust-remote-code", action="store_true",
                        help="Allow custom model code from the hub (model.trust_remote_code).")
    add_config_args(parser)
    args = parse_args(parser, argv)

    def body() -> int:
        from arabert_ner.config import config_to_yaml, load_config
        from arabert_ner.tagging.stream import keep_memory_flat
        from arabert_ner.tagging.tagger import load_tagger

        overrides = list(args.overrides)
        for flag, key in (("batch_size", "inference.batch_size"), ("device", "inference.device"),
                          ("casualty_engine", "casualties.engine"), ("backend", "inference.backend"),
                          ("precision", "inference.precision"), ("host", "serving.host"), ("port", "serving.port"),
                          ("max_batch_documents", "serving.max_batch_documents"),
                          ("batch_wait_ms", "serving.batch_wait_ms"), ("max_documents", "serving.max_documents"),
                          ("max_request_bytes", "serving.max_request_bytes")):
            value = getattr(args, flag)
            if value is not None:
                overrides.append(f"{key}={value}")
        if args.cors_origin:
            overrides.append("serving.cors_origins=[" + ", ".join(f'"{o}"' for o in args.cors_origin) + "]")
        if args.allow_pickle:
            overrides.append("model.allow_pickle=true")
        if args.trust_remote_code:
            overrides.append("model.trust_remote_code=true")
        if args.model is None and args.casualty_engine != "rules":
            parser.error("--model is required (or pass --casualty-engine rules to find casualties without one)")
        config = load_config(args.config, overrides) if args.config else None
        keep_memory_flat()
        tagger = load_tagger(args.model, overrides, config)
        if args.print_config:
            print(config_to_yaml(tagger.config), end="")
            return 0
        from arabert_ner.serving.app import create_app
        from arabert_ner.serving.server import run

        run(create_app(tagger), tagger.config.serving)
        return 0

    return run_main(body, debug=args.debug)

