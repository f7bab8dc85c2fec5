"""Casualty mentions of many articles -> dated, geocoded, deduplicated incidents (CSV, Parquet, GeoJSON,
JSONL) and a right-to-left HTML report. ``arabert-ner incidents``."""
from __future__ import annotations

import argparse
import sys

from .common import add_config_args, parse_args, run_main

EXAMPLES = """examples:
  # tag with the rule engine, then build incidents (no model needed)
  python predict.py --casualty-engine rules --input articles.jsonl --output tagged.jsonl
  arabert-ner incidents --input tagged.jsonl --output-dir incidents/

  # raw articles: the tagger runs first (a trained model, or --casualty-engine rules)
  arabert-ner incidents --input data/demo_articles.jsonl --casualty-engine rules --output-dir out/
  arabert-ner incidents --input articles.jsonl.gz --model models/quickstart --output-dir out/

  # a wider date window and a stricter context match
  arabert-ner incidents --input tagged.jsonl --output-dir out/ incidents.date_window_days=5 \\
      incidents.min_similarity=0.4

input: JSONL (.jsonl or .jsonl.gz), one article a line with "id", "text", "date" and "source"; records that
already carry predict.py's "casualties" are used as they are, others are tagged first.
output (in --output-dir): incidents.jsonl (nested, every mention with its sentence), incidents.csv and
incidents.parquet (one flat row per incident), incidents.geojson (points), report.html (timeline, map,
tables, sentences; opens offline) and articles.html (the tagged articles it links to).
The row schema, precision codes, vague-count table and deduplication rule: docs/incidents.md.
"""


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__, epilog=EXAMPLES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True, metavar="FILE", help="Tagged (predict.py) or raw articles, JSONL.")
    parser.add_argument("--model", metavar="DIR", help="Model to tag raw articles with (default: the rule engine).")
    parser.add_argument("--no-report", action="store_true", help="Write the data files only, no HTML.")
    parser.add_argument("--encoding", default="utf-8", help="Encoding of the input (default: %(default)s).")
    add_config_args(parser, "incidents", output_dir_help="Folder for the incident files and the report (required).",
                    helps={"casualties.engine": "Casualty engine for raw articles"})
    args = parse_args(parser, argv)
    if not args.output_dir and not args.print_config:
        parser.error("--output-dir is required")

    def body() -> int:
        from ..config import config_to_yaml, load_config
        from ..incidents.pipeline import run_incidents

        overrides = list(args.overrides)
        config = load_config(args.config, overrides)
        if args.print_config:
            print(config_to_yaml(config), end="")
            return 0
        summary = run_incidents(args.input, args.output_dir, model=args.model, config=config, overrides=overrides,
                                encoding=args.encoding, report=not args.no_report)
        print(summary["table"], end="")
        print(f"{summary['articles']} articles, {summary['mentions']} casualty mentions -> {summary['incidents']} "
              f"incidents ({summary['incidents_reported_by_2plus_articles']} reported by 2+ articles, "
              f"{summary['cumulative']} cumulative tolls kept apart) in {summary['seconds']} s")
        print("written: " + ", ".join(summary["files"].values()))
        return 0

    return run_main(body, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
