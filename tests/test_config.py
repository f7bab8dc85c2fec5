from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from arabert_ner.config import RunConfig, build_config, load_config, parse_override, save_config
from arabert_ner.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "configs").glob("*.yaml"))


def test_three_configs_are_shipped():
    names = {p.stem for p in SHIPPED}
    assert {"quickstart", "anercorp", "combined"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_config_loads_and_says_what_it_is_for(path):
    cfg = load_config(path)
    assert isinstance(cfg, RunConfig)
    assert path.read_text(encoding="utf-8").startswith("#"), "a shipped config opens with a comment"
    assert cfg.data.train and cfg.labels.types and cfg.data.licenses


def test_unknown_key_names_the_key_and_suggests_the_closest():
    with pytest.raises(ConfigError, match=r"unknown config key 'training\.learning_rat'.*'training\.learning_rate'"):
        build_config({"training": {"learning_rat": 1e-4}})


def test_unknown_override_suggests_by_last_part():
    with pytest.raises(ConfigError, match=r"did you mean 'training\.epochs'"):
        build_config(overrides=["training.epoch=3"])


def test_wrong_type_is_an_error_naming_the_key():
    with pytest.raises(ConfigError, match=r"'training\.batch_size' must be int, got 'big'"):
        build_config(overrides=["training.batch_size=big"])
    with pytest.raises(ConfigError, match=r"'training\.precision' must be one of"):
        build_config(overrides=["training.precision=fp8"])
    with pytest.raises(ConfigError, match="must be bool"):
        build_config({"model": {"label_all_subwords": "sometimes"}})


def test_overrides_are_typed_from_yaml():
    cfg = build_config(overrides=["training.epochs=2", "training.learning_rate=3e-5",
                                  "labels.types=[PER, LOC]", "data.dev=null", "model.revision=1234"])
    assert cfg.training.epochs == 2.0 and isinstance(cfg.training.epochs, float)
    assert cfg.training.learning_rate == 3e-5
    assert cfg.labels.types == ["PER", "LOC"]
    assert cfg.data.dev is None
    assert cfg.model.revision == "1234"


def test_override_without_equals_is_rejected():
    with pytest.raises(ConfigError, match="key.sub=value"):
        parse_override("training.epochs")


def test_resolved_config_round_trips(tmp_path):
    cfg = load_config(ROOT / "configs" / "quickstart.yaml", ["training.epochs=7"])
    save_config(cfg, tmp_path / "run_config.yaml", header="# saved\n")
    again = load_config(tmp_path / "run_config.yaml")
    assert again == cfg


def test_yaml_is_read_safely(tmp_path):
    bad = tmp_path / "evil.yaml"
    bad.write_text("training: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(bad)


def test_invalid_yaml_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("training:\n  epochs: 3\n    lr: 2\n")
    with pytest.raises(ConfigError, match=r"bad\.yaml:3: invalid YAML"):
        load_config(bad)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_bad_key_is_one_line_error_with_suggestion():
    proc = _run("train.py", "--config", "configs/quickstart.yaml", "training.lerning_rate=1")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "did you mean 'training.learning_rate'" in lines[0]
    assert "Traceback" not in proc.stderr


def test_print_config_shows_resolved_values():
    proc = _run("train.py", "--config", "configs/quickstart.yaml", "--print-config", "training.epochs=3",
                "--output-dir", "models/x")
    assert proc.returncode == 0, proc.stderr
    data = yaml.safe_load(proc.stdout)
    assert data["training"]["epochs"] == 3.0
    assert data["output_dir"] == "models/x"
    assert data["labels"]["types"] == ["PER", "ORG", "LOC", "MISC", "KILLED", "INJURED"]


def test_seeds_flag_does_not_swallow_overrides():
    proc = _run("train.py", "--config", "configs/quickstart.yaml", "--seeds", "1", "2", "training.epochs=4",
                "--print-config")
    assert proc.returncode == 0, proc.stderr
    assert yaml.safe_load(proc.stdout)["training"]["epochs"] == 4.0


def test_help_teaches_with_examples():
    for script in ("train.py", "evaluate.py", "predict.py"):
        proc = _run(script, "--help")
        assert proc.returncode == 0
        assert "examples:" in proc.stdout and "--config" in proc.stdout


def test_help_config_lists_every_key_with_help():
    proc = _run("train.py", "--help-config")
    assert proc.returncode == 0
    assert "training.learning_rate" in proc.stdout and "normalization.strip_diacritics" in proc.stdout


def test_a_validated_config_is_frozen():
    cfg = build_config()
    with pytest.raises(Exception, match="frozen"):
        cfg.training.epochs = 9
    with pytest.raises(Exception, match="frozen"):
        cfg.output_dir = "elsewhere"


def test_replace_config_validates_the_changed_copy():
    from arabert_ner.config import replace_config

    cfg = build_config()
    seed2 = replace_config(cfg, {"training.seed": 2, "output_dir": "models/run/seed-2"})
    assert (seed2.training.seed, seed2.output_dir) == (2, "models/run/seed-2")
    assert cfg.training.seed == 42 and seed2.training.epochs == cfg.training.epochs
    with pytest.raises(ConfigError, match=r"'training\.seed' must be int, got 'two'"):
        replace_config(cfg, {"training.seed": "two"})
    with pytest.raises(ConfigError, match=r"'model\.max_length' must be at least 8"):
        replace_config(cfg, {"model.max_length": 4})


def test_an_error_names_the_source_that_caused_it():
    with pytest.raises(ConfigError, match=r"^override 'training\.seed=x': 'training\.seed' must be int"):
        build_config({"training": {"epochs": 2}}, ["training.seed=x"], source="run.yaml")
    with pytest.raises(ConfigError, match=r"^run\.yaml: 'data\.train' must be str or list of str or null, got \[None\]"):
        build_config({"data": {"train": [None]}}, ["training.seed=1"], source="run.yaml")
