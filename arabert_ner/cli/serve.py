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
    add_config_args(parser, "serve", helps={
        "casualties.engine": "As predict.py's: rules needs no model; auto (default) is hybrid when the model tags "
                             "casualties, else rules."})
    args = parse_args(parser, argv)

    def body() -> int:
        from arabert_ner.config import config_to_yaml, load_config
        from arabert_ner.tagging.stream import keep_memory_flat
        from arabert_ner.tagging.tagger import load_tagger

        overrides = list(args.overrides)
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

