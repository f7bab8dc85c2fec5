"""`arabert-ner distill`: train a smaller, faster student from a fine-tuned teacher."""
from __future__ import annotations

import argparse

from arabert_ner.cli.common import as_override, add_config_args, overwrite_rule_help, parse_args, run_main

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
    add_config_args(parser, "distill", overwrite=True, resume=True,
                    helps={"output_dir": "Student folder to write (default: TEACHER-student)"})
    args = parse_args(parser, argv)

    def body() -> int:
        from arabert_ner.config import build_config, config_to_yaml, load_config, load_run_config
        from arabert_ner.training.finetune import train

        # The teacher is also the model the student is cut from; the student goes beside it by default.
        overrides = [*args.overrides, as_override("model.name_or_path", args.teacher)]
        if not args.output_dir:
            overrides.append(as_override("output_dir", f"{args.teacher.rstrip('/')}-student"))
        if args.config:
            cfg = load_config(args.config, overrides)
        else:
            cfg = load_run_config(args.teacher, overrides) or build_config(overrides=overrides)
        if args.print_config:
            print(config_to_yaml(cfg), end="")
            return 0
        train(cfg, args.overwrite, args.resume)
        return 0

    return run_main(body, debug=args.debug)

