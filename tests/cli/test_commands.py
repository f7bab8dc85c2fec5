"""The one `arabert-ner` command: every tool is a subcommand, and the root scripts are the same programs."""
from __future__ import annotations

import subprocess
import sys

import pytest

from arabert_ner.cli import COMMANDS, main

from ..conftest import ROOT


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for name in ("train", "evaluate", "predict", "publish", "export", "distill", "silver", "stats", "tiny-model"):
        assert f"  {name} " in out, name
    assert set(COMMANDS) >= {"train", "evaluate", "predict", "publish", "export", "distill", "silver", "stats",
                             "tiny-model"}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_under_its_own_name(name, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([name, "--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: arabert-ner {name}")


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["tag-everything"])
    assert exit_.value.code == 2
    assert "invalid choice: 'tag-everything'" in capsys.readouterr().err


def test_module_form_runs_the_same_command():
    proc = subprocess.run([sys.executable, "-m", "arabert_ner.cli", "stats", str(ROOT / "data" / "dev.jsonl")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "dev.jsonl:" in proc.stdout and "sentences" in proc.stdout


@pytest.mark.parametrize("value", ["models/x", "yes", "null", "3", "1e-5", "a: b", "[x", "قتل"])
def test_a_flag_value_reads_back_as_given(value):
    from arabert_ner.cli.common import as_override
    from arabert_ner.config import build_config

    assert build_config(overrides=[as_override("output_dir", value)]).output_dir == value


def test_config_flags_become_overrides_after_the_command_lines_own():
    import argparse

    from arabert_ner.cli.common import add_config_args, parse_args

    parser = argparse.ArgumentParser()
    add_config_args(parser, "serve")
    args = parse_args(parser, ["inference.batch_size=4", "--batch-size", "8", "--cors-origin", "http://a",
                               "--cors-origin", "b", "--allow-pickle", "--port", "9000"])
    assert args.overrides == ["inference.batch_size=4", "model.allow_pickle=true", "inference.batch_size=8",
                              'serving.port=9000', 'serving.cors_origins=["http://a", "b"]']


def test_a_flag_is_validated_like_its_key_and_listed_by_help_config(capsys):
    code = main(["predict", "--casualty-engine", "rules", "--text", "x", "--batch-size", "0", "--print-config"])
    assert code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == "error: 'inference.batch_size' must be at least 1"
    with pytest.raises(SystemExit):
        main(["serve", "--help-config"])
    assert "flag: --max-batch-documents (serve)" in capsys.readouterr().out
