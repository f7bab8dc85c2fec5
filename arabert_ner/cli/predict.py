"""Tag Arabic news articles: entities and casualty spans with offsets into the text exactly as given."""
from __future__ import annotations

import argparse
import sys

from arabert_ner.cli.common import add_config_args, overwrite_rule_help, parse_args, run_main

EXAMPLES = """examples:
  python predict.py --model models/quickstart --text "قتل 3 أشخاص في انفجار في بغداد أمس"
  python predict.py --model models/quickstart --input articles.jsonl --output tagged.jsonl
  cat articles.jsonl | python predict.py --model models/quickstart --input - > tagged.jsonl
  python predict.py --casualty-engine rules --input articles.jsonl --output casualties.jsonl   # no model

  # several processes on one machine or many (one per GPU, or per CPU socket): the input is split between
  # them and their parts merged into tagged.jsonl, record for record what one process writes
  torchrun --nproc_per_node 4 predict.py --model models/quickstart --input articles.jsonl --output tagged.jsonl
  accelerate launch --multi_gpu --num_processes 4 predict.py --model ... --input ... --output tagged.jsonl

  # independent jobs (a scheduler's array job), then one merge in input order
  python predict.py --model models/quickstart --input articles.jsonl --shard 0/2 --output part-0.jsonl
  python predict.py --model models/quickstart --input articles.jsonl --shard 1/2 --output part-1.jsonl
  python predict.py --input articles.jsonl --merge part-0.jsonl part-1.jsonl --output tagged.jsonl

input: --text, a .txt file (one document), a .jsonl or .jsonl.gz file ({"id", "text", ...} per line; other fields are
copied to the output), a folder of .txt files, or - for JSONL on stdin.
output: one JSON record per document: {"id", "text", "entities": [{"label","text","start","end","score"}],
"casualties": [{"type","count","approximate","text","start","end","among","locations","time","same_as"}],
"totals": {"killed","injured"}}; text[start:end] equals each span's text. A file output also gets
OUTPUT.meta.json (model, revision, engines, config, input) so archived runs stay traceable.
"""


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__, epilog=EXAMPLES + overwrite_rule_help(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", metavar="DIR", help="Trained model folder or hub id (not needed with "
                        "--casualty-engine rules).")
    src = parser.add_mutually_exclusive_group(required=True)
    src.add_argument("--text", help="One text to tag.")
    src.add_argument("--input", metavar="PATH", help=".txt file, .jsonl file, folder of .txt files, or -.")
    parser.add_argument("--output", metavar="FILE", help="File to write (default: stdout).")
    parser.add_argument("--format", choices=["jsonl", "conll", "html", "text"],
                        help="jsonl: one record per document; conll: the words the model saw with one tag column "
                             "for both layers; html: a right-to-left page with highlights; text: a table for the "
                             "terminal. Default: from the --output extension (.jsonl, .conll, .html), else jsonl.")
    parser.add_argument("--encoding", default="utf-8", help="Encoding of the input (default: %(default)s).")
    parser.add_argument("--on-error", choices=["fail", "skip"], default="fail",
                        help="fail (default): stop at the first unusable record, naming it. skip: write it, with "
                             "the reason, to OUTPUT.skipped.jsonl and go on.")
    parser.add_argument("--resume", action="store_true",
                        help="Continue an interrupted run from OUTPUT.part (JSONL output), without duplicates or gaps.")
    parser.add_argument("--shard", metavar="I/N", help="Tag only part I (0-based) of N of the input, for N "
                        "independent jobs; join their outputs with --merge.")
    parser.add_argument("--merge", metavar="FILE", nargs="+", help="Tag nothing: join the JSONL outputs of "
                        "--shard jobs (and their .skipped.jsonl files) into --output, in the order of --input.")
    add_config_args(parser, "predict")
    args = parse_args(parser, argv)

    def body() -> int:
        from arabert_ner.config import config_to_yaml, load_config
        from arabert_ner.tagging.stream import run_prediction
        from arabert_ner.tagging.sharding import parse_shard

        overrides = list(args.overrides)
        if args.merge:
            from arabert_ner.tagging.stream import run_merge

            if not args.input or args.input == "-" or not args.output:
                parser.error("--merge needs --input (the file the shards were made from) and --output")
            return run_merge(args.input, args.merge, args.output, args.encoding)
        config = load_config(args.config, overrides) if args.config else None
        if args.model is None and args.casualty_engine != "rules":
            parser.error("--model is required (or pass --casualty-engine rules to find casualties without one)")
        if args.print_config:
            from arabert_ner.tagging.tagger import load_tagger

            print(config_to_yaml(load_tagger(args.model, overrides, config).config), end="")
            return 0
        return run_prediction(args.model, overrides, config, input_path=args.input, text=args.text,
                              output=args.output, encoding=args.encoding, fmt=args.format,
                              on_error=args.on_error, resume=args.resume,
                              shard=parse_shard(args.shard) if args.shard else None)

    return run_main(body, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
