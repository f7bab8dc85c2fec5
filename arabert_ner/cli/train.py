"""Fine-tune AraBERT (or any BERT-style encoder) to tag Arabic news for entities and casualty spans."""
from __future__ import annotations

import argparse
import sys

from arabert_ner.cli.common import add_config_args, overwrite_rule_help, parse_args, run_main

EXAMPLES = """examples:
  # the offline quickstart (tiny model, the repo's own corpus, CPU, about a minute)
  python train.py --config configs/quickstart.yaml

  # AraBERT on ANERcorp (GPU if present, else CPU), three seeds into models/anercorp/seed-N/
  python train.py --config configs/anercorp.yaml --seeds 1 2 3

  # any key can be overridden with a dotted path after the flags
  python train.py --config configs/quickstart.yaml --output-dir models/try training.epochs=2 \\
      data.train=../shared/data/anercorp/train.txt data.label_map=anercorp

  # continue a run that was interrupted
  python train.py --config configs/anercorp.yaml --resume
"""


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Fine-tune a token-classification model from a YAML config. The resolved config is "
                    "saved as run_config.yaml in the model folder; evaluate.py and predict.py read it there.",
        epilog=EXAMPLES + overwrite_rule_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    add_config_args(parser, "train", overwrite=True, resume=True)
    parser.add_argument("--seeds", type=int, nargs="+", metavar="N",
                        help="Train one model per seed into OUTPUT_DIR/seed-N/.")
    args = parse_args(parser, argv)

    def body() -> int:
        from arabert_ner.config import config_to_yaml, load_config

        cfg = load_config(args.config, args.overrides)
        if args.print_config:
            print(config_to_yaml(cfg), end="")
            return 0
        from arabert_ner.training.finetune import train, train_seeds

        if args.seeds:
            train_seeds(cfg, args.seeds, args.overwrite, args.resume)
        else:
            train(cfg, args.overwrite, args.resume)
        return 0

    return run_main(body, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
