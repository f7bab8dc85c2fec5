"""The number reader: every form the casualty scheme promises to read."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabert_ner.casualties.numbers import Count, digits_value, read_count, words_value


@pytest.mark.parametrize("text, value", [
    ("3 أشخاص", 3), ("١٥ شخصا", 15), ("۱۲ شخصا", 12), ("1,200 شخص", 1200), ("١٬٢٠٠ شخص", 1200),
    ("مقتل100", 100), ("12شخصا", 12), ("1.5 مليون", 1_500_000),
])
def test_digits_in_every_script_with_separators_and_glued_words(text, value):
    assert read_count(text) == Count(value, False)


@pytest.mark.parametrize("text, value", [
    ("ثلاث نساء", 3), ("ثلاثة أشخاص", 3), ("ثلاثون مدنيا", 30), ("ثلاثين مدنيا", 30),
    ("خمسة عشر شخصا", 15), ("أحد عشر شخصا", 11), ("اثنا عشر شخصا", 12), ("اثني عشر شخصا", 12),
    ("خمسة وعشرون شخصا", 25), ("مئة وخمسون", 150), ("مائة وخمسين شخصا", 150), ("مئتا شخص", 200),
    ("ثلاثمئة شخص", 300), ("ثلاث مئة", 300), ("ألف شخص", 1000), ("ألفان", 2000), ("ألفا شخص", 2000),
    ("ثلاثة آلاف شخص", 3000), ("3 آلاف شخص", 3000), ("مئة ألف", 100_000), ("ثلاثمئة ألف", 300_000),
    ("مليون و200 ألف", 1_200_000), ("ثمانية عشر", 18), ("تسعة وتسعون", 99),
])
def test_number_words_with_compounds_and_gender_case_forms(text, value):
    assert read_count(text) == Count(value, False)


@pytest.mark.parametrize("text", ["شرطيان", "جنديين", "طفلان", "امرأتان", "شقيقيه", "رجلا أمن", "قتيلان",
                                  "مدنيين اثنين", "شخصين"])
def test_dual_nouns_are_two(text):
    assert read_count(text) == Count(2, False)


@pytest.mark.parametrize("text", ["جندي", "طفل", "امرأة", "الصحفي", "قتيل"])
def test_a_bare_singular_victim_noun_is_one(text):
    assert read_count(text) == Count(1, False)


@pytest.mark.parametrize("text", ["عشرات المدنيين", "العشرات", "مئات الأشخاص", "المئات", "آلاف المصابين",
                                  "بضعة أشخاص", "عدد من المدنيين"])
def test_vague_counts_have_no_number_and_are_approximate(text):
    assert read_count(text) == Count(None, True)


def test_vague_counts_can_take_their_lower_bound():
    assert read_count("عشرات المدنيين", vague_lower_bound=True) == Count(30, True)
    assert read_count("مئات الأشخاص", vague_lower_bound=True) == Count(300, True)
    assert read_count("آلاف المصابين", vague_lower_bound=True) == Count(3000, True)


@pytest.mark.parametrize("text, value", [
    ("أكثر من 50 شخصا", 50), ("نحو 30 مدنيا", 30), ("حوالي 20 شخصا", 20), ("20 شخصا على الأقل", 20),
    ("ما لا يقل عن 40 شخصا", 40), ("قرابة 40 شخصا", 40), ("زهاء 60 شخصا", 60), ("وأكثر من 4000 جريح", 4000),
    ("ما يزيد على 100 شخص", 100),
])
def test_qualifiers_keep_the_number_and_mark_it_approximate(text, value):
    assert read_count(text) == Count(value, True)


def test_weekdays_are_not_numbers():
    assert read_count("الأحد") is None and read_count("الاثنين") is None


def test_definite_back_reference_reads_its_number():
    assert read_count("الضحايا الخمسة") == Count(5, False)


def test_not_a_count():
    assert read_count("في بغداد") is None and read_count("") is None


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_any_integer_in_any_digit_script_reads_back(n):
    western = str(n)
    assert digits_value(western) == n
    assert digits_value(western.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))) == n
    assert digits_value(f"{n:,}") == n


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="٠١٢٣٤٥٦٧٨٩0123456789 ,.،وثلاثةعشرونمئةألفآلافشخصاقتلأكثرمنعلىالأقل\u0640\u064e", max_size=30))
def test_the_reader_never_raises_on_odd_input(text):
    result = read_count(text)
    assert result is None or isinstance(result, Count)
    assert result is None or result.value is None or result.value >= 0


def test_words_value_ignores_non_number_words():
    assert words_value(["مئة", "و", "خمسون"]) == 150
    assert words_value(["شخص"]) is None
