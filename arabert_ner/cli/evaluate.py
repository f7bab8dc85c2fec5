"""Score a trained model with seqeval (default and strict IOB2 mode), on words, per entity type."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from arabert_ner.cli.common import add_config_args, overwrite_rule_help, parse_args, run_main

EXAMPLES = """examples:
  # score the quickstart model on its test file (data.test from its run_config.yaml)
  python evaluate.py --model models/quickstart

  # score on another file; the label map makes ANERcorp's PERS into PER
  python evaluate.py --model models/anercorp --data ../shared/data/anercorp/test.txt data.label_map=anercorp

  # score the casualty rule engine alone on the team's casualty gold test set (no model needed)
  python evaluate.py --casualty-engine rules --data data/casualty_test.jsonl --output-dir results/rules

  # three seeds of one recipe: mean ± sd into models/anercorp/summary.json and report.md
  python evaluate.py --runs models/anercorp/seed-* --data ../shared/data/anercorp/test.txt \
      --output-dir models/anercorp data.label_map=anercorp

  # incidents against the incident gold set: from incidents.jsonl, or end to end from articles
  python evaluate.py --incidents --gold data/incidents_gold/gold.jsonl --pred out/incidents.jsonl --output-dir results/inc
  python evaluate.py --incidents --gold data/incidents_gold/gold.jsonl --data tagged.jsonl --output-dir results/inc

  # two models, per-type F1 side by side
  python evaluate.py --compare models/a models/b --data data/test.jsonl --output-dir results/

outputs (in the model folder, or --output-dir): metrics.json (micro F1 default and strict at the top),
report.md, predictions.conll (token gold predicted), errors.txt (sentences with a wrong tag),
f1_per_type.png, the entity-type confusion table in report.md, and casualty_predictions.jsonl when the
data is JSONL with casualty annotations
"""


def _parser(prog: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__, epilog=EXAMPLES + overwrite_rule_help(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--model", metavar="DIR", help="Trained model folder (or hub id); not needed to score "
                        "the casualty rule engine alone.")
    target.add_argument("--runs", nargs="+", metavar="DIR", help="Several runs of one recipe (OUTPUT_DIR/seed-*): "
                        "each is scored, then summary.json and report.md give mean ± sd (ddof=1) and n.")
    target.add_argument("--compare", nargs=2, metavar=("A", "B"), help="Two model folders: per-type F1 "
                        "differences on --data, written to compare.md.")
    parser.add_argument("--incidents", action="store_true", help="Score incidents (arabert-ner incidents) "
                        "against --gold: B-cubed over mentions, date, place and count accuracy.")
    parser.add_argument("--gold", metavar="FILE", help="Incident gold JSONL (with --incidents).")
    parser.add_argument("--pred", metavar="FILE", help="Predicted incidents.jsonl (with --incidents); or give "
                        "--data (tagged or raw articles) to build them first, into --output-dir.")
    parser.add_argument("--data", metavar="FILE", help="Labelled file: CoNLL or JSONL with spans "
                        "(default: data.test of the model's run_config.yaml).")
    add_config_args(parser, "evaluate", output_dir_help="Where to write the results (default: the model folder).",
                    helps={"casualties.engine": "Casualty engine to score on JSONL gold with casualties "
                                                "(default: auto)"})
    return parser


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = _parser(prog)
    args = parse_args(parser, argv)

    def body() -> int:
        from arabert_ner.config import config_to_yaml
        from arabert_ner.errors import ConfigError
        from arabert_ner.evaluation.report import run_evaluation

        from arabert_ner.config import load_config
        from arabert_ner.tagging.tagger import load_tagger

        overrides = list(args.overrides)
        if args.incidents:
            return _incidents(args, overrides, parser)
        if args.runs or args.compare:
            return _several_models(args, overrides)
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


def _incidents(args: argparse.Namespace, overrides: list[str], parser: argparse.ArgumentParser) -> int:
    """--incidents: score predicted incidents (or build them from --data first) against --gold."""
    from arabert_ner.config import load_config
    from arabert_ner.incidents.scoring import run_incident_evaluation

    if not args.gold or not args.output_dir or not (args.pred or args.data):
        parser.error("--incidents needs --gold, --output-dir and --pred (incidents.jsonl) or --data (articles)")
    pred = args.pred
    if pred is None:
        from arabert_ner.incidents.pipeline import run_incidents

        config = load_config(args.config, overrides)
        run_incidents(args.data, args.output_dir, model=args.model, config=config, overrides=overrides)
        pred = str(Path(args.output_dir) / "incidents.jsonl")
    metrics = run_incident_evaluation(args.gold, pred, args.output_dir)
    print((Path(args.output_dir) / "report.md").read_text(encoding="utf-8").split("## Per gold incident")[0])
    b = metrics["b_cubed"]
    print(f"B-cubed F1 {b['f1']:.4f}; written to {args.output_dir}/: metrics.json, report.md")
    return 0


def _several_models(args: argparse.Namespace, overrides: list[str]) -> int:
    """--runs (seed summary) and --compare (two models), each model scored on the same --data."""
    from arabert_ner.errors import ConfigError
    from arabert_ner.evaluation.report import run_evaluation
    from arabert_ner.tagging.tagger import Tagger
    from arabert_ner.evaluation.seeds import write_comparison, write_summary

    models = args.runs or args.compare
    if args.runs:
        from arabert_ner.evaluation.seeds import check_runs

        models = check_runs(models)
    results = {}
    data = args.data
    for model in models:
        tagger = Tagger.from_pretrained(model, overrides=overrides)
        data = data or tagger.config.data.test
        if not data:
            raise ConfigError("pass --data FILE: the models' configs have no data.test")
        results[model] = run_evaluation(tagger, data, tagger.config, Path(model))
    if args.runs:
        out = Path(args.output_dir or Path(models[0]).parent)
        write_summary(results, data, out)
        print((out / "report.md").read_text(encoding="utf-8"))
        print(f"written to {out}/summary.json and report.md")
    else:
        out = Path(args.output_dir or ".")
        print(write_comparison(models[0], results[models[0]], models[1], results[models[1]], data, out))
        print(f"written to {out}/compare.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
