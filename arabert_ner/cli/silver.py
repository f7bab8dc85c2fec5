"""`arabert-ner silver`: label raw news with rule casualty spans; round-trip through Label Studio."""
from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from arabert_ner.cli.common import add_debug, overwrite_rule_help, run_main

log = logging.getLogger("arabert_ner.training.silver")


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    args = _parser(prog).parse_args(argv)
    commands = {"label": _label, "export-labelstudio": _export, "import-labelstudio": _import}
    return run_main(lambda: commands[args.command](args), debug=args.debug)


def _parser(prog: str | None) -> argparse.ArgumentParser:
    from arabert_ner.training import silver

    parser = argparse.ArgumentParser(prog=prog, description=silver.__doc__, epilog=overwrite_rule_help(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    lab = sub.add_parser("label", epilog=overwrite_rule_help(), help="Label raw text (JSONL/.txt) or a CoNLL entity corpus with silver spans.")
    lab.add_argument("--input", required=True, help="JSONL with 'text', a .txt file/folder, or CoNLL (.txt with --conll).")
    lab.add_argument("--conll", action="store_true", help="The input is a CoNLL entity corpus (keeps its gold entities).")
    lab.add_argument("--label-map", help="Label map for a CoNLL input (anercorp, aqmar, newsfane).")
    lab.add_argument("--model", help="Entity model for raw text (its casualty labels are not used).")
    lab.add_argument("--output", required=True, help="Silver JSONL to write.")
    lab.add_argument("--limit", type=int, help="Stop after this many documents.")
    lab.add_argument("--paragraphs", action="store_true",
                     help="Write the paragraphs with a casualty event or a digit, not whole articles (raw news "
                          "has no entity labels, so whole articles would mostly teach 'no entity').")
    lab.add_argument("--exclude", nargs="+", default=[], metavar="GOLD",
                     help="Leave out the articles of these gold files (their 'article_id' or 'id'), e.g. the "
                          "real-news test set, so silver training data never contains a test article.")
    lab.add_argument("--license", required=True, help="Licence of the input text, recorded beside the output "
                     "(e.g. CC-BY-NC-SA-4.0 for SaudiNewsNet); copy it into data.licenses when training.")
    exp = sub.add_parser("export-labelstudio", epilog=overwrite_rule_help(), help="Silver JSONL -> Label Studio tasks with pre-annotations.")
    exp.add_argument("--input", required=True)
    exp.add_argument("--output", required=True)
    imp = sub.add_parser("import-labelstudio", epilog=overwrite_rule_help(), help="Label Studio export (JSON) -> training JSONL.")
    imp.add_argument("--input", required=True)
    imp.add_argument("--output", required=True)
    for p in (lab, exp, imp):
        add_debug(p)
    return parser


def _label(args: argparse.Namespace) -> int:
    """silver label: rule casualty spans (and a model's or the corpus's entities) on every document."""
    from arabert_ner.errors import DataError
    from arabert_ner.files import atomic_write_json, check_output
    from arabert_ner.tagging.documents import iter_documents
    from arabert_ner.tagging.writers import RecordWriter
    from arabert_ner.training import silver
    from arabert_ner.training.silver import conll_documents, label_documents, looks_like_conll

    tagger = None
    if args.model:
        from arabert_ner.tagging.tagger import Tagger

        tagger = Tagger.from_pretrained(args.model)
    check_output(args.output, inputs=[args.input, args.model], what="output")
    if not args.conll and looks_like_conll(args.input):
        raise DataError("looks like a CoNLL corpus (a token and a tag on each line); pass --conll to read "
                        "it as one (its gold entities are kept), or give raw text", args.input)
    docs = conll_documents(args.input, args.label_map) if args.conll else iter_documents(args.input)
    if args.exclude:
        skip = silver.excluded_ids(args.exclude)
        docs = (d for d in docs if str(d.get("id")) not in skip)
    n = with_casualties = 0
    with RecordWriter(args.output) as writer:
        labelled = label_documents(docs, tagger)
        for rec in (silver.paragraphs_with_numbers(labelled) if args.paragraphs else labelled):
            writer.write(rec)
            n += 1
            with_casualties += bool(rec["casualties"])
            if args.limit and n >= args.limit:
                break
    atomic_write_json(Path(f"{args.output}.meta.json"), {
        "source": args.input, "license": args.license, "documents": n, "with_casualties": with_casualties,
        "entity_source": "gold (CoNLL)" if args.conll else (args.model or "none"),
        "excluded_articles_of": args.exclude,
        "casualty_source": "arabert_ner rule engine"})
    log.info("%d documents (%d with casualty spans) written to %s; licence %s", n, with_casualties,
             args.output, args.license)
    return 0


def _export(args: argparse.Namespace) -> int:
    """silver export-labelstudio: silver JSONL -> Label Studio tasks with pre-annotations."""
    from arabert_ner.files import atomic_write_json, atomic_write_text, check_output
    from arabert_ner.training.silver import label_studio_config, read_jsonl, to_labelstudio

    check_output(args.output, inputs=[args.input], what="output")
    tasks = to_labelstudio(read_jsonl(args.input))
    atomic_write_json(Path(args.output), tasks)
    atomic_write_text(Path(args.output).with_suffix(".labeling.xml"), label_studio_config())
    log.info("%d tasks written to %s (labeling config beside it)", len(tasks), args.output)
    return 0


def _import(args: argparse.Namespace) -> int:
    """silver import-labelstudio: a Label Studio export -> training JSONL."""
    from arabert_ner.errors import DataError
    from arabert_ner.files import atomic_write_text, check_output
    from arabert_ner.training.silver import from_labelstudio, read_json

    check_output(args.output, inputs=[args.input], what="output")
    tasks = read_json(args.input)
    if not isinstance(tasks, list):
        raise DataError("a Label Studio export is a JSON list of tasks", args.input)
    records = from_labelstudio(tasks, args.input)
    atomic_write_text(Path(args.output), "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    log.info("%d corrected tasks written to %s", len(records), args.output)
    return 0
