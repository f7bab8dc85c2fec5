"""Byte-for-byte regression of predict.py's output with the rule engine (deterministic, no model).

The expected files were written by the code before a change; a refactoring must leave them identical.
When the rule engine's behaviour changes on purpose, regenerate them and say why in the commit:

    python predict.py --casualty-engine rules --input data/casualty_test.jsonl \
        --output tests/data/expected_rules.jsonl
    python predict.py --casualty-engine rules --input data/sample_article.txt --format text \
        > tests/data/expected_rules_sample.txt
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "data"


def test_rule_engine_jsonl_is_byte_identical_to_the_committed_output(tmp_path):
    import predict

    out = tmp_path / "rules.jsonl"
    assert predict.main(["--casualty-engine", "rules", "--input", str(ROOT / "data" / "casualty_test.jsonl"),
                         "--output", str(out)]) == 0
    assert out.read_bytes() == (EXPECTED / "expected_rules.jsonl").read_bytes()


def test_rule_engine_text_table_is_byte_identical_to_the_committed_output(capsys):
    import predict

    assert predict.main(["--casualty-engine", "rules", "--input", str(ROOT / "data" / "sample_article.txt"),
                         "--format", "text"]) == 0
    assert capsys.readouterr().out == (EXPECTED / "expected_rules_sample.txt").read_text(encoding="utf-8")
