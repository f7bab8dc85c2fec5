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

  # score the casualty rule engine alone on the team's casualty gold test set (no model needed)
  python evaluate.py --casualty-engine rules --data data/casualty_test.jsonl --output-dir results/rules

outputs (in the model folder, or --output-dir): metrics.json, report.md, predictions.conll, and
casualty_predictions.jsonl when the data is JSONL with casualty annotations
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, epilog=EXAMPLES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", metavar="DIR", help="Trained model folder (or hub id); not needed to score "
                        "the casualty rule engine alone.")
    parser.add_argument("--casualty-engine", choices=["auto", "hybrid", "model", "rules"],
                        help="Casualty engine to score on JSONL gold with casualties (default: auto).")
    parser.add_argument("--data", metavar="FILE", help="Labelled file: CoNLL or JSONL with spans "
                        "(default: data.test of the model's run_config.yaml).")
    add_config_args(parser, output_dir_help="Where to write the results (default: the model folder).")
    args = parse_args(parser, argv)

    def body() -> int:
        from arabert_ner.config import config_to_yaml
        from arabert_ner.errors import ConfigError
        from arabert_ner.evaluation import run_evaluation

        from arabert_ner.config import load_config
        from arabert_ner.prediction import load_tagger

        overrides = list(args.overrides)
        if args.casualty_engine:
            overrides.append(f"casualties.engine={args.casualty_engine}")
        if args.model is None and args.casualty_engine != "rules":
            parser.error("--model is required (or pass --casualty-engine rules to score the rule engine alone)")
        config = load_config(args.config, overrides) if args.config else None
        tagger = load_tagger(args.model, overrides, config)
        cfg = tagger.config
        if args.print_config:
            print(config_to_yaml(cfg), end="")
            return 0
        data = args.data or cfg.data.test
        if not data:
            raise ConfigError("no evaluation data: pass --data FILE (the model's config has no data.test)")
        if args.output_dir:
            out = Path(args.output_dir)
        elif args.model and Path(args.model).is_dir():
            out = Path(args.model)
        else:
            raise ConfigError("pass --output-dir: there is no model folder to write the results into")
        metrics = run_evaluation(tagger, data, cfg, out)
        print((out / "report.md").read_text(encoding="utf-8"))
        if "f1" in metrics:
            print(f"entity F1 {metrics['f1']:.4f} (strict {metrics['f1_strict']:.4f})")
        if "casualties" in metrics:
            print(f"casualty event F1 {metrics['casualties']['events']['f1']:.4f} "
                  f"(engine {metrics['casualties']['engine']})")
        print(f"written to {out}/: metrics.json, report.md" + (", predictions.conll" if "f1" in metrics else "")
              + (", casualty_predictions.jsonl" if "casualties" in metrics else ""))
        return 0

    return run_main(body, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
