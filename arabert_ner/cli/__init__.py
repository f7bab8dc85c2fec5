"""The ``arabert-ner`` command: one program whose subcommands are the project's tools.

Each subcommand is a module of this package with a ``main(argv, prog)`` that parses its own flags and
runs through :func:`arabert_ner.cli.common.run_main`, the one place errors become a line and an exit
code. A new command is one module here plus one line in :data:`COMMANDS`. The root scripts
(``train.py``, ``evaluate.py``, ``predict.py``, ``publish.py``) call the same modules.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from arabert_ner.cli.common import overwrite_rule_help

# name -> (module in this package, one line for `arabert-ner --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "train": ("train", "fine-tune a model from a YAML config (also: python train.py)"),
    "evaluate": ("evaluate", "score a model or the casualty rules on labelled data (also: python evaluate.py)"),
    "predict": ("predict", "tag documents: entities and casualty counts (also: python predict.py)"),
    "publish": ("publish", "write the model card and push a model folder to the hub (also: python publish.py)"),
    "export": ("export", "export a model folder to ONNX (fp32 and int8)"),
    "distill": ("distill", "train a smaller student from a fine-tuned teacher"),
    "incidents": ("incidents", "casualty mentions of many articles -> dated, geocoded, deduplicated incidents"),
    "silver": ("silver", "silver training data: rule casualty spans on raw news; Label Studio round trip"),
    "stats": ("stats", "corpus statistics: sentences, tokens, entities per type, repairs"),
    "tiny-model": ("tiny_model", "build the tiny offline BERT the quickstart and the tests use"),
    "serve": ("serve", "an HTTP API (predict's records) and a right-to-left page to paste articles into"),
}


def _parser() -> argparse.ArgumentParser:
    width = max(map(len, COMMANDS))
    table = "\n".join(f"  {name:<{width}}  {summary}" for name, (_, summary) in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="arabert-ner", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Fine-tune AraBERT to tag Arabic news for named entities and casualty counts.",
        epilog=f"commands:\n{table}\n\nRun `arabert-ner COMMAND --help` for the flags of one command.\n"
               + overwrite_rule_help())
    from arabert_ner import __version__

    parser.add_argument("--version", action="version", version=f"arabert-ner {__version__}")
    parser.add_argument("command", choices=list(COMMANDS), metavar="COMMAND", help="one of the commands below")
    return parser


def main(argv: list[str] | None = None) -> int:
    """``arabert-ner COMMAND [flags]``: run one command with the rest of the line as its arguments."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    if not argv or argv[0].startswith("-"):
        parser.parse_args(argv[:1] or ["--help"])  # --help / --version exit here; other flags are errors
        parser.error("give a COMMAND before its flags")
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        parser.parse_args([name])  # argparse's "invalid choice" message, exit 2
    module = importlib.import_module(f"{__name__}.{COMMANDS[name][0]}")
    return module.main(rest, prog=f"arabert-ner {name}")
