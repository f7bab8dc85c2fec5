#!/usr/bin/env python3
"""Score a trained model with seqeval (default and strict IOB2 mode), on words, per entity type."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from arabert_ner.cli import add_config_args, parse_args, run_main

EXAMPLES = """examples:
  # score the quickstart model on its test file (data.test from its run_config.yaml)
  python evaluate.py --model models/quickstart

  # score on another file; the label map makes ANERcorp's PERS into PER
  python evaluate.py --model models/anercorp --data ../shared/data/anercorp/test.txt data.label_map=anercorp

outputs (in the model folder, or --output-dir): metrics.json, report.md, predictions.conll
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, epilog=EXAMPLES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, metavar="DIR", help="Trained model folder (or hub id).")
    parser.add_argument("--data", metavar="FILE", help="Labelled file: CoNLL or JSONL with spans "
                        "(default: data.test of the model's run_config.yaml).")
    add_config_args(parser, output_dir_help="Where to write the results (default: the model folder).")
    args = parse_args(parser, argv)

    def body() -> int:
        from arabert_ner.config import config_to_yaml
        from arabert_ner.errors import ConfigError
        from arabert_ner.evaluation import run_evaluation
        from arabert_ner.inference import Tagger

        config = None
        if args.config:
            from arabert_ner.config import load_config

            config = load_config(args.config, args.overrides)
        tagger = Tagger.from_pretrained(args.model, overrides=args.overrides, config=config)
        cfg = tagger.config
        if args.print_config:
            print(config_to_yaml(cfg), end="")
            return 0
        data = args.data or cfg.data.test
        if not data:
            raise ConfigError("no evaluation data: pass --data FILE (the model's config has no data.test)")
        out = Path(args.output_dir) if args.output_dir else (Path(args.model) if Path(args.model).is_dir()
                                                             else Path("evaluation"))
        metrics = run_evaluation(tagger, data, cfg, out)
        print((out / "report.md").read_text(encoding="utf-8"))
        print(f"F1 {metrics['f1']:.4f} (strict {metrics['f1_strict']:.4f}); written to {out}/metrics.json, "
              f"report.md, predictions.conll")
        return 0

    return run_main(body, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
