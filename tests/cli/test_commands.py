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
