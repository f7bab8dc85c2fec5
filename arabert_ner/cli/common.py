"""Shared command-line plumbing: the config flags every command takes, the flags config fields declare
(:func:`add_config_flags`), one ``--debug``, logging, and the one error handler (:func:`run_main`) that turns
an :class:`ArabertNerError` into one line and an exit code."""
from __future__ import annotations

import argparse
import json
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
        from arabert_ner.config import config_keys

        rows = config_keys()
        width = max(len(row.key) for row in rows)
        for row in rows:
            flag = f"; flag: {row.flag.name} ({', '.join(row.flag.commands)})" if row.flag else ""
            print(f"{row.key:<{width}}  {row.help}\n{'':<{width}}  type: {row.type}; default: {row.default!r}{flag}")
        parser.exit()


def overwrite_rule_help() -> str:
    """The one overwrite rule, wrapped for the end of every command's ``--help``."""
    import textwrap

    from arabert_ner.files import OVERWRITE_RULE

    return "\n" + textwrap.fill(OVERWRITE_RULE, 100) + "\n"


def add_config_args(parser: argparse.ArgumentParser, command: str | None = None, *,
                    output_dir_help: str | None = None, overwrite: bool = False, resume: bool = False,
                    helps: dict[str, str] | None = None) -> None:
    """The flags shared by train.py, evaluate.py, predict.py and publish.py, and the flags the config
    fields declare for ``command`` (``helps`` rewords a flag's help for this command, by config key)."""
    parser.add_argument("--config", metavar="FILE", help="YAML config file (see configs/).")
    if command:
        add_config_flags(parser, command, helps)
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


def add_config_flags(parser: argparse.ArgumentParser, command: str, helps: dict[str, str] | None = None) -> None:
    """Add the flags that config fields declare for ``command``; :func:`parse_args` turns the ones given
    into dotted overrides after the command line's own, so a flag is validated like ``key=value``."""
    from arabert_ner.config import config_keys

    declared = list(parser.get_default(_FLAGS) or [])
    for row in config_keys():
        flag = row.flag
        if flag is None or command not in flag.commands:
            continue
        text = (helps or {}).get(row.key, flag.help)
        kwargs = {"help": _with_key(text, row.key), **_argparse_kind(row.annotation, flag)}
        if flag.metavar and kwargs.get("action") != "store_true":
            kwargs["metavar"] = flag.metavar
        if flag.required:
            kwargs["required"] = True
        declared.append((parser.add_argument(flag.name, **kwargs).dest, row.key))
    parser.set_defaults(**{_FLAGS: declared})


_FLAGS = "config_flags"


def _with_key(text: str, key: str) -> str:
    """A flag's help naming the key it sets: "Where to run (inference.device)."."""
    text = text.rstrip(".")
    if key in text:
        return text + "."
    return f"{text[:-1]}; {key})." if text.endswith(")") else f"{text} ({key})."


def _argparse_kind(annotation, flag) -> dict:
    """argparse's way to read a key's value: a switch for a bool, choices for a Literal, a list for a list."""
    import typing

    if annotation is bool:
        return {"action": "store_true"}
    if typing.get_origin(annotation) is typing.Literal:
        return {"choices": list(typing.get_args(annotation))}
    if typing.get_origin(annotation) is list:
        return {"action": flag.action} if flag.action else {"nargs": "+"}
    return {"type": annotation} if annotation in (int, float) else {}


def as_override(key: str, value) -> str:
    """``key=value`` that reads back as ``value``: plain where YAML agrees, JSON (which is YAML) otherwise."""
    import yaml

    if isinstance(value, str):
        try:
            plain = yaml.safe_load(value) == value
        except yaml.YAMLError:
            plain = False
        return f"{key}={value if plain else json.dumps(value, ensure_ascii=False)}"
    return f"{key}={json.dumps(value, ensure_ascii=False)}"


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
    given = [(key, getattr(args, dest)) for dest, key in getattr(args, _FLAGS, [])]
    args.overrides = overrides + [as_override(key, v) for key, v in given if v is not None and v is not False]
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
