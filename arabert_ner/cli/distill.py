"""`arabert-ner distill`: train a smaller, faster student from a fine-tuned teacher."""
from __future__ import annotations

import argparse

from arabert_ner.cli.common import add_config_args, overwrite_rule_help, parse_args, run_main

EXAMPLES = """examples:
  # the offline quickstart teacher -> a student with half its layers, on the repo's corpus
  arabert-ner distill --teacher models/quickstart --output-dir models/quickstart-student \\
      distillation.unlabelled=data/sample_article.txt

  # AraBERT teacher (12 layers) -> 6-layer student on unlabelled news plus ANERcorp gold (GPU advised)
  arabert-ner distill --teacher models/anercorp/seed-1 --output-dir models/anercorp-student \\
      --config configs/anercorp.yaml distillation.unlabelled=../shared/data/saudinewsnet/articles.jsonl.gz \\
      training.epochs=3 training.learning_rate=5e-5

Everything else (data, labels, training) is the teacher's saved run_config.yaml unless --config or
overrides say otherwise; the result is a model folder like any other (evaluate.py, predict.py, export).
"""


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Train a smaller, faster student from a fine-tuned teacher (soft labels on unlabelled "
                    "news, gold labels where present).",
        epilog=EXAMPLES + overwrite_rule_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teacher", required=True, metavar="DIR", help="Fine-tuned teacher folder.")
    parser.add_argument("--unlabelled", nargs="+", metavar="FILE", default=None,
                        help="Unlabelled news (.jsonl, .jsonl.gz, .txt or folders); distillation.unlabelled.")
    parser.add_argument("--student-layers", type=int, metavar="N",
                        help="Student layers (default: half the teacher's); distillation.student_layers.")
    add_config_args(parser, output_dir_help="Student folder to write.", overwrite=True, resume=True)
    args = parse_args(parser, argv)

    def body() -> int:
        from arabert_ner.config import build_config, config_to_yaml, load_config, load_run_config, replace_config
        from arabert_ner.training.finetune import train

        overrides = list(args.overrides)
        if args.student_layers:
            overrides.append(f"distillation.student_layers={args.student_layers}")
        if args.config:
            cfg = load_config(args.config, overrides)
        else:
            cfg = load_run_config(args.teacher, overrides) or build_config(overrides=overrides)
        changes = {"distillation.teacher": args.teacher, "model.name_or_path": args.teacher,
                   "output_dir": args.output_dir or f"{args.teacher.rstrip('/')}-student"}
        if args.unlabelled:
            changes["distillation.unlabelled"] = list(args.unlabelled)
        cfg = replace_config(cfg, changes)
        if args.print_config:
            print(config_to_yaml(cfg), end="")
            return 0
        train(cfg, args.overwrite, args.resume)
        return 0

    return run_main(body, debug=args.debug)

