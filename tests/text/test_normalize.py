from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabert_ner.config import NormalizationConfig
from arabert_ner.text.normalize import Normalizer

from ..conftest import ROOT, SHARED

NORM = Normalizer()
# AraBERT's own preprocessor drops presentation forms (ﺳﺒﻌﺔ); compared with it, ours must too
AS_ARABERT = Normalizer(NormalizationConfig(map_presentation_forms=False))


def words(text: str) -> list[str]:
    return [w.text for w in NORM.normalize(text).words]


def slices(text: str) -> list[str]:
    return [text[w.start:w.end] for w in NORM.normalize(text).words]


def test_glued_digits_keep_original_offsets():
    text = "أعلنت الوزارة مقتل100 شخص وإصابة فيه4 أشخاص"
    assert words(text)[2:5] == ["مقتل", "100", "شخص"]
    assert slices(text)[2:5] == ["مقتل", "100", "شخص"]
    assert "4" in words(text) and "فيه" in words(text)


def test_arabic_indic_digits_are_unified_but_offsets_point_to_the_original():
    text = "قتل ١٥ شخصا"
    assert words(text) == ["قتل", "15", "شخصا"]
    assert slices(text) == ["قتل", "١٥", "شخصا"]


def test_persian_digits_become_numbers_instead_of_vanishing():
    assert words("أصيب ۱۲ شخصا") == ["أصيب", "12", "شخصا"]
    off = Normalizer(NormalizationConfig(map_persian_digits=False))
    assert [w.text for w in off.normalize("أصيب ۱۲ شخصا").words] == ["أصيب", "شخصا"]  # AraBERT's own behaviour


def test_tatweel_and_diacritics_are_removed_and_the_slice_keeps_them():
    text = "عـــاجل: مُحَمَّدٌ"
    assert words(text) == ["عاجل", ":", "محمد"]
    assert slices(text) == ["عـــاجل", ":", "مُحَمَّدٌ"]


def test_diacritics_can_be_kept():
    keep = Normalizer(NormalizationConfig(strip_diacritics=False))
    assert [w.text for w in keep.normalize("مُحَمَّد").words] == ["مُحَمَّد"]


def test_urls_and_mentions_map_back_to_the_whole_url():
    text = "المصدر: https://example.com/news?id=5 عبر @reporter"
    norm = NORM.normalize(text)
    assert "[رابط]" in [w.text for w in norm.words]
    url_word = next(w for w in norm.words if w.text == "[رابط]")
    assert text[url_word.start:url_word.end] == "https://example.com/news?id=5"


def test_invisible_marks_bom_and_emoji_are_handled():
    text = "\ufeff🚨 عاجل\u200f: مقتل\u200b 3 أشخاص 🔥"
    norm = NORM.normalize(text)
    assert [w.text for w in norm.words] == ["عاجل", ":", "مقتل", "3", "أشخاص"]
    for w in norm.words:
        assert "\u200f" not in text[w.start:w.end] or w.text == ":"


def test_empty_and_whitespace_documents_give_no_words():
    assert NORM.normalize("").words == ()
    assert NORM.normalize("  \n\t ").words == ()


def _arabert():
    pytest.importorskip("arabert")
    from arabert.preprocess import ArabertPreprocessor

    return ArabertPreprocessor("bert-base-arabertv02")


def test_matches_arabert_preprocessor_on_the_repo_corpus():
    ap = _arabert()
    texts = [json.loads(l)["text"] for f in ("train", "dev", "test")
             for l in (ROOT / "data" / f"{f}.jsonl").read_text(encoding="utf-8").splitlines()]
    texts += (ROOT / "data" / "sample_article.txt").read_text(encoding="utf-8").split("\n")
    texts += ["a&amp;b <b>x</b> هههههه", "زيارة www.site.org و me@mail.com", "10/5/2015 - 3.5%"]
    assert len(texts) > 500
    mismatched = [t for t in texts if ap.preprocess(t) != AS_ARABERT.normalize(t).text]
    assert not mismatched, mismatched[:3]


def test_matches_arabert_preprocessor_on_shared_news():
    path = SHARED / "saudinewsnet" / "casualty_candidates.jsonl"
    if not path.exists():
        pytest.skip("../shared/data is absent")
    ap = _arabert()
    paragraphs = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= 150:
                break
            paragraphs += json.loads(line)["text"].split("\n")
    mismatched = [p for p in paragraphs if ap.preprocess(p) != AS_ARABERT.normalize(p).text]
    assert len(paragraphs) > 1000 and not mismatched, mismatched[:2]


ARABIC = st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةى"))
ODD = st.sampled_from(["\u0640", "\u064e", "\u0651", "\u200b", "\u200f", "\u202b", "\ufeff", "٣", "7", " ",
                       "\ufe7d", "\ufdfa", "\ufefb", "\ufd3e", "\ufd3f", "\ufeb3", "\ufe91",
                       "\n", ",", "،", ".", "😀", "a", "&amp;", "ـ", "\u0654", "۵", "&NotEqualTilde;",
                       "http://", "www.", "@", ".com", "<b>", "/", "x@y.z", "ههه"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(ARABIC, ODD, st.text(max_size=2)), max_size=60).map("".join))
def test_offsets_always_slice_the_original_text(text):
    norm = NORM.normalize(text)
    prev_end = 0
    for w in norm.words:
        assert 0 <= w.start < w.end <= len(text)
        assert w.start >= prev_end, "words do not overlap and keep their order"
        prev_end = w.end
        piece = text[w.start:w.end]
        assert piece.strip() == piece or w.text in ("[رابط]", "[بريد]", "[مستخدم]")


def test_an_ampersand_that_is_not_an_entity_keeps_per_character_offsets():
    text = "&ا٣"  # found by hypothesis: the whole "&ا٣" once mapped onto each of its words
    assert [(w.text, text[w.start:w.end]) for w in NORM.normalize(text).words] == [("ا", "ا"), ("3", "٣")]


def test_presentation_forms_become_letters_and_slices_keep_the_glyphs():
    text = "بمقتل ﺳﺒﻌﺔ ﺑﻴﻦ ﺻﻔﻮﻑ القوات ﻻ"
    assert words(text) == ["بمقتل", "سبعة", "بين", "صفوف", "القوات", "لا"]  # ﻻ is two letters
    assert slices(text) == ["بمقتل", "ﺳﺒﻌﺔ", "ﺑﻴﻦ", "ﺻﻔﻮﻑ", "القوات", "ﻻ"]
    off = Normalizer(NormalizationConfig(map_presentation_forms=False))
    assert [w.text for w in off.normalize(text).words] == ["بمقتل", "القوات"]  # AraBERT's own behaviour
