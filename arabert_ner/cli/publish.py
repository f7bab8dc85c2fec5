"""Publish a trained model folder to the Hugging Face Hub with a card built from measured results."""
from __future__ import annotations

import argparse
import sys

from arabert_ner.cli.common import add_debug, overwrite_rule_help, parse_args, run_main

EXAMPLES = """examples:
  # look first: build the staging folder and the card, upload nothing
  python publish.py --model models/quickstart --repo-id me/arabert-ner-quickstart --dry-run --output-dir stage/

  # publish (token from HF_TOKEN or `hf auth login`); a missing branch is created
  python publish.py --model models/anercorp/seed-1 --repo-id me/arabert-anercorp --revision v1 --private

What goes up: safetensors weights, config.json with labels, tokenizer, run_config.yaml, metrics, the card
(README.md) and onnx/ when exported. Never checkpoints, optimizer state, pickles, tokens or symlinks.
The licence follows data.licenses in run_config.yaml (a model trained on non-commercial data is
non-commercial); --license overrides it, with a warning when it is more permissive.
"""


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__, epilog=EXAMPLES + overwrite_rule_help(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, metavar="DIR", help="Finished model folder.")
    parser.add_argument("--repo-id", required=True, metavar="OWNER/NAME", help="Hub repository.")
    parser.add_argument("--private", action="store_true", help="Create the repository as private.")
    parser.add_argument("--revision", metavar="BRANCH", help="Branch to upload to (created when missing).")
    parser.add_argument("--commit-message", metavar="M", help="Commit message on the Hub.")
    parser.add_argument("--license", metavar="ID", help="Licence id for the card (default: from data.licenses).")
    parser.add_argument("--dry-run", action="store_true", help="Build and list the staging folder; upload nothing.")
    parser.add_argument("--output-dir", metavar="STAGE", help="Staging folder (default: a temporary folder).")
    add_debug(parser)
    args = parse_args(parser, argv)
    if args.overrides:
        parser.error("publish.py takes no config overrides: the model folder's run_config.yaml is published as is")

    def body() -> int:
        from arabert_ner.publishing.hub import publish

        publish(args.model, args.repo_id, dry_run=args.dry_run, output_dir=args.output_dir, private=args.private,
                revision=args.revision, commit_message=args.commit_message, license_=args.license)
        return 0

    return run_main(body, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
