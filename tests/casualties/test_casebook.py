"""Every case of the casebook through the rule engine, and the docs' table made from the same file."""
from __future__ import annotations

from pathlib import Path

import pytest

from arabert_ner.casualties.casebook import expected, load_cases, observed, render_markdown
from arabert_ner.casualties.engine import CasualtyExtractor

CASES = load_cases()
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def extractor():
    return CasualtyExtractor()


SOLVED = [c for c in CASES if not c.known_gap]
GAPS = [c for c in CASES if c.known_gap]


@pytest.mark.parametrize("case", SOLVED, ids=[c.id for c in SOLVED])
def test_casebook_case_through_rule_engine(case, extractor):
    assert observed(extractor.extract(case.text)) == expected(case), case.why


@pytest.mark.parametrize("case", GAPS, ids=[c.id for c in GAPS])
def test_known_gaps_still_fail(case, extractor):
    """A gap that the engine closes must lose its known_gap note, so the casebook never understates it."""
    assert observed(extractor.extract(case.text)) != expected(case), f"{case.id} now passes: remove known_gap"


def test_annotation_doc_shows_the_casebook():
    doc = (ROOT / "docs/annotation.md").read_text(encoding="utf-8")
    assert render_markdown(CASES) in doc, "docs/annotation.md is out of date with casebook.yaml: run `make docs`"


def test_casebook_rejects_a_span_missing_from_its_sentence():
    from arabert_ner.errors import DataError

    bad = "- id: x\n  text: قتل 3 أشخاص\n  events:\n  - {type: killed, span: 4 أشخاص, count: 4, approximate: false}\n"
    with pytest.raises(DataError, match="not in the case text"):
        load_cases(bad)
