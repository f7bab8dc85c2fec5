"""The casualty lexicon as data: shipped varieties, validation, and a new event type with no Python edit."""
from __future__ import annotations

from pathlib import Path

import pytest

from arabert_ner.casualties.casebook import expected, load_cases, observed
from arabert_ner.casualties.engine import CasualtyExtractor, totals
from arabert_ner.casualties.lexicon import VARIETIES, load_lexicon
from arabert_ner.errors import ConfigError

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("variety", VARIETIES)
def test_every_shipped_variety_loads_on_the_base(variety):
    lex = load_lexicon(("msa", variety))
    assert set(lex.types) >= {"killed", "injured"}
    assert lex.windows["report_reach"] > 0


def test_overlay_month_names_date_the_event():
    text = "انقتل 3 أشخاص بقصف على حلب في 5 شباط"
    assert CasualtyExtractor().extract(text) == []  # MSA alone knows neither انقتل nor شباط
    events = CasualtyExtractor(lexicon=load_lexicon(("msa", "levantine"))).extract(text)
    assert [(e.type, e.count, e.time.text) for e in events] == [("killed", 3, "5 شباط")]


def test_maghrebi_overlay_reads_its_verb_and_month():
    text = "هلك 4 أشخاص في حادث مرور يوم 3 جويلية"
    events = CasualtyExtractor(lexicon=load_lexicon(("msa", "maghrebi"))).extract(text)
    assert [(e.type, e.count, e.time.text) for e in events] == [("killed", 4, "3 جويلية")]


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "lexicon.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_unknown_key_names_the_file_and_the_closest_key(tmp_path):
    path = _write(tmp_path, "negatoins: [لم]\n")
    with pytest.raises(ConfigError, match=r"lexicon.yaml: unknown key 'negatoins'; did you mean 'negations'"):
        load_lexicon(("msa", path))


def test_a_phrase_in_a_word_list_is_refused(tmp_path):
    path = _write(tmp_path, "negations: [لم يكن]\n")
    with pytest.raises(ConfigError, match="has a space"):
        load_lexicon(("msa", path))


def test_an_event_type_needs_a_capital_tag(tmp_path):
    path = _write(tmp_path, "event_types:\n  missing:\n    nouns: [مفقود]\n")
    with pytest.raises(ConfigError, match="needs a 'tag'"):
        load_lexicon(("msa", path))


def test_an_overlay_alone_is_not_a_lexicon():
    with pytest.raises(ConfigError, match="complete base"):
        load_lexicon(("levantine",))


def test_a_new_event_type_is_a_lexicon_block_plus_its_cases():
    lex = load_lexicon(("msa", str(DATA / "missing_type.yaml")))
    assert lex.tag_to_type["MISSING"] == "missing"
    extractor = CasualtyExtractor(lexicon=lex)
    cases = load_cases((DATA / "missing_cases.yaml").read_text(encoding="utf-8"), "missing_cases.yaml")
    for case in cases:
        assert observed(extractor.extract(case.text)) == expected(case), case.id
    events = extractor.extract(cases[1].text)
    assert totals(events)["missing"] == 7
