"""Shared command-line plumbing: the config flags every command takes, one ``--debug``, logging, and the
one error handler (:func:`run_main`) that turns an :class:`ArabertNerError` into one line and an exit code."""
from __future__ import annotations

import argparse
import logging
import re
import sys
from typing import Callable

from arabert_ner.errors import ArabertNerError

log = logging.getLogger("arabert_ner")

OVERRIDES_HELP = ("Config overrides as dotted key=value pairs after the flags, for example "
                  "training.epochs=5 data.train=../shared/data/anercorp/train.txt. "
                  "Run with --help-config to list every key.")


class _HelpConfig(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from arabert_ner.config import describe_fields

        rows = describe_fields()
        width = max(len(k) for k, *_ in rows)
        for key, typ, default, help_text in rows:
            print(f"{key:<{width}}  {help_text}\n{'':<{width}}  type: {typ}; default: {default!r}")
        parser.exit()


def overwrite_rule_help() -> str:
    """The one overwrite rule, wrapped for the end of every command's ``--help``."""
    import textwrap

    from arabert_ner.files import OVERWRITE_RULE

    return "\n" + textwrap.fill(OVERWRITE_RULE, 100) + "\n"


def add_config_args(parser: argparse.ArgumentParser, *, output_dir_help: str | None = None,
                    overwrite: bool = False, resume: bool = False) -> None:
    """The flags shared by train.py, evaluate.py, predict.py and publish.py."""
    parser.add_argument("--config", metavar="FILE", help="YAML config file (see configs/).")
    if output_dir_help:
        parser.add_argument("--output-dir", metavar="DIR", help=output_dir_help)
    if overwrite:
        parser.add_argument("--overwrite", action="store_true",
                            help="Replace a finished model in the output folder (only a folder this toolkit "
                                 "wrote; see the overwrite rule below).")
    if resume:
        parser.add_argument("--resume", action="store_true",
                            help="Continue an interrupted run from its last checkpoint.")
    parser.add_argument("--print-config", action="store_true",
                        help="Print the fully resolved config and exit.")
    parser.add_argument("--help-config", action=_HelpConfig, help="List every config key with its type, "
                        "default and meaning, and exit.")
    add_debug(parser)
    parser.add_argument("overrides", nargs="*", metavar="KEY=VALUE", help=OVERRIDES_HELP)


def add_debug(parser: argparse.ArgumentParser) -> None:
    """``--debug``, the one flag every command shares: tracebacks instead of one-line errors."""
    parser.add_argument("--debug", action="store_true", help="Show Python tracebacks on errors.")


_OVERRIDE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*=")


def parse_args(parser: argparse.ArgumentParser, argv: list[str] | None = None) -> argparse.Namespace:
    """Parse flags; ``key.sub=value`` arguments anywhere on the line are config overrides.

    They are taken out first so that a list flag (``--seeds 1 2 3``) cannot swallow them.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    overrides = [a for a in argv if _OVERRIDE.match(a)]
    rest = [a for a in argv if not _OVERRIDE.match(a)]
    args = parser.parse_args(rest)
    for stray in getattr(args, "overrides", None) or []:
        parser.error(f"argument '{stray}' is neither a flag nor a config override of the form key.sub=value")
    args.overrides = overrides
    return args


def setup_logging(debug: bool = False) -> None:
    level = logging.DEBUG if debug else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-7s %(message)s", datefmt="%H:%M:%S",
                        stream=sys.stderr, force=True)
    # Library chatter (every HTTP probe, every unused weight) hides what matters to the user.
    for name in ("transformers", "datasets", "huggingface_hub", "accelerate", "urllib3", "filelock", "httpx"):
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.WARNING)
    try:
        import transformers

        transformers.logging.set_verbosity_warning() if not debug else transformers.logging.set_verbosity_info()
    except ImportError:  # transformers is a dependency; tolerate it missing for --help
        pass


def run_main(fn: Callable[[], int | None], debug: bool = False) -> int:
    """Run a script body; known errors become one line on stderr and a non-zero exit."""
    setup_logging(debug)
    try:
        code = fn()
        return int(code or 0)
    except ArabertNerError as e:
        if debug:
            raise
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # an unexpected bug: say so in one line, the traceback is one flag away
        if debug:
            raise
        first = str(e).splitlines()[0] if str(e) else ""
        print(f"error: unexpected {type(e).__name__}: {first} (run again with --debug for the traceback)",
              file=sys.stderr)
        return 1
