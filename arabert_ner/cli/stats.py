"""`arabert-ner stats`: corpus statistics: sentences, tokens, entities per type, longest sentence, repairs."""
from __future__ import annotations

import argparse
import json

from arabert_ner.cli.common import add_config_args, overwrite_rule_help, parse_args, run_main


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    from arabert_ner.config import load_config, replace_config
    from arabert_ner.corpus import stats
    from arabert_ner.corpus.stats import file_stats, types_in

    parser = argparse.ArgumentParser(prog=prog, description=stats.__doc__, epilog=overwrite_rule_help(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="FILE", help="CoNLL or JSONL files.")
    parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")
    add_config_args(parser)
    args = parse_args(parser, argv)

    def body() -> int:
        cfg = load_config(args.config, args.overrides)
        if "labels.types" not in " ".join(args.overrides) and not args.config:
            # Without a config, accept every type the file uses rather than rejecting unknown ones.
            cfg = replace_config(cfg, {"labels.types": types_in(args.files, cfg)})
        results = [file_stats(f, cfg) for f in args.files]
        if args.json:
            print(json.dumps(results, ensure_ascii=False, indent=2))
            return 0
        for r in results:
            ents = ", ".join(f"{k} {v}" for k, v in r["entities"].items()) or "none"
            print(f"{r['file']}: {r['sentences']} sentences, {r['tokens']} tokens; entities: {ents}; "
                  f"longest sentence {r['longest_sentence_tokens']} tokens ({r['longest_sentence_at']})")
            for line in r["repairs"]:
                print(f"  {line}")
        return 0

    return run_main(body, debug=args.debug)

