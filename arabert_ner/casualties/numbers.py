"""Reading Arabic count expressions into numbers.

Handles Western, Arabic-Indic and Persian digits (with thousands separators and digits glued to words),
number words up to the hundreds of thousands and millions with compounds and gender/case forms
(ثلاث/ثلاثة, ثلاثون/ثلاثين, خمسة عشر, مئة وخمسون, ألفان, ثلاثة آلاف), dual nouns (شرطيان = 2), vague
counts (عشرات -> no number, approximate) and qualifiers (أكثر من, نحو, حوالي, على الأقل -> approximate).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from arabert_ner.casualties.lexicon import Lexicon, default_lexicon
from arabert_ner.casualties.victims import dual_value, is_single_victim
from arabert_ner.text.normalize import Normalizer, Word
from arabert_ner.text.arabic import DIGITS, fold, strip_clitics



def _forms(mapping: dict[str, int]) -> dict[str, int]:
    return {fold(k): v for k, v in mapping.items()}


UNITS = _forms({
    "واحد": 1, "واحدة": 1, "أحد": 1, "إحدى": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2,
    "اثني": 2, "اثنتا": 2, "اثنتي": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5,
    "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9,
    "عشر": 10, "عشرة": 10,
})
TENS = _forms({
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40, "خمسون": 50,
    "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
    "تسعون": 90, "تسعين": 90,
})
HUNDREDS = _forms({
    "مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200, "مئتا": 200,
    "مئتي": 200, "مائتا": 200, "مائتي": 200,
    **{f"{u}{h}": v * 100 for u, v in (("ثلاث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7),
                                       ("ثمان", 8), ("ثماني", 8), ("تسع", 9)) for h in ("مئة", "مائة")},
})
# Words that multiply what comes before them (ثلاثة آلاف, مئة ألف) or stand for 1 of that size.
MULTIPLIERS = _forms({"ألف": 1000, "آلاف": 1000, "الاف": 1000, "مليون": 10**6, "ملايين": 10**6})
# Duals of the big units are values of their own (ألفان = 2000, ألفا شخص = 2000 people).
BIG_DUALS = _forms({"ألفان": 2000, "ألفين": 2000, "ألفا": 2000, "ألفي": 2000, "مليونان": 2 * 10**6,
                    "مليونين": 2 * 10**6, "مليونا": 2 * 10**6, "مليوني": 2 * 10**6})
PLURAL_MULTIPLIERS = {fold("آلاف"), fold("الاف"), fold("ملايين")}
MAX_DIGITS = 15
WEEKDAY_LOOKALIKES = {fold(w) for w in ("الأحد", "الاثنين", "والأحد", "والاثنين")}
_NUMBER_TOKEN = re.compile(r"^\d{1,3}(?:[,٬']\d{3})+$|^\d+(?:[.٫]\d+)?$")


@dataclass(frozen=True)
class Count:
    """A read count: ``value`` None means a vague count (عشرات); ``approximate`` flags qualifiers."""

    value: int | None
    approximate: bool


def digits_value(token: str) -> float | None:
    """``"1,200"`` -> 1200, ``"١٥"`` -> 15, ``"1.5"`` -> 1.5; None when the token is not a number."""
    t = token.translate(DIGITS).strip()
    if len(t) > MAX_DIGITS or not _NUMBER_TOKEN.match(t):
        return None  # a 400-digit string is an identifier or noise, not a count
    if re.match(r"^\d{1,3}(?:[,٬']\d{3})+$", t):
        return int(re.sub(r"[,٬']", "", t))
    t = t.replace("٫", ".")
    return float(t) if "." in t else int(t)


@lru_cache(maxsize=200_000)
def number_word(word: str) -> tuple[str, float] | None:
    """Classify one word: ('num', v), ('mult', v), ('dual', v) or None. Leading و/ال are allowed."""
    value = digits_value(word)
    if value is not None:
        return "num", value
    if fold(word) in WEEKDAY_LOOKALIKES:
        return None  # الأحد is Sunday and الاثنين Monday far more often than "the one", "the two"
    for form in strip_clitics(word):
        for table, kind in ((UNITS, "num"), (TENS, "num"), (HUNDREDS, "num"), (BIG_DUALS, "dual"),
                            (MULTIPLIERS, "mult")):
            if form in table:
                return kind, table[form]
    return None


def is_number_form(folded: str) -> bool:
    """The folded word is itself a number word (واحدة), read without stripping a clitic."""
    return any(folded in table for table in (UNITS, TENS, HUNDREDS, BIG_DUALS, MULTIPLIERS))


def words_value(words: list[str]) -> int | None:
    """The value of a run of number words/digits, e.g. ``["مئة", "وخمسون"]`` -> 150."""
    total: float = 0
    current: float = 0
    seen = False
    for w in words:
        item = number_word(w)
        if item is None:
            continue
        kind, v = item
        seen = True
        if kind == "num":
            if v == 100 and 0 < current < 10:
                current *= 100  # ثلاث مئة
            else:
                current += v
        elif kind == "mult":
            total += (current or 1) * v
            current = 0
        elif current:
            total += current * v / 2  # 71 ألفا: after a number, ألفا is thousand in the accusative, not 2000
            current = 0
        else:
            total += v
    if not seen:
        return None
    value = total + current
    if value != int(value):
        return None  # 2.3 إصابة لكل 100 امرأة is a rate; people come in whole numbers
    return int(value)


def match_qualifier(folded: list[str], i: int, table: tuple[tuple[str, ...], ...] | None = None) -> int:
    """Length of the qualifier starting at ``folded[i]`` (0 when none); the lexicon's leading ones by default."""
    table = default_lexicon().leading_qualifiers if table is None else table
    best = 0
    for q in table:
        window = tuple(folded[i:i + len(q)])
        # A qualifier may carry the conjunction: وأكثر من 4000 جريح
        if window == q or (window and window[0][:1] == "و" and (window[0][1:],) + window[1:] == q):
            best = max(best, len(q))
    return best


def merge_number_words(words: list) -> list:
    """Rejoin digits that the normaliser split at a thousands separator or decimal point (1,200 -> 1 , 200),
    where the original text had no space between them. Works on :class:`~arabert_ner.text.normalize.Word`."""
    out: list = []
    i = 0
    while i < len(words):
        w = words[i]
        while (i + 2 < len(words) and w.text[-1:].isdigit() and words[i + 1].text in (",", ".", "٬", "٫", "'")
               and words[i + 2].text[:1].isdigit() and w.end == words[i + 1].start
               and words[i + 1].end == words[i + 2].start):
            nxt = words[i + 2]
            w = Word(w.text + words[i + 1].text + nxt.text, w.start, nxt.end)
            i += 2
        out.append(w)
        i += 1
    return out


def read_count(text: str, vague_lower_bound: bool = False, lex: Lexicon | None = None) -> Count | None:
    """Read a count expression from raw text (a model's span), e.g. ``"أكثر من 50 شخصا"``, ``"شرطيان"``.

    The text is normalised the way every document is (glued digits apart), then read by
    :func:`read_count_words`. None when it holds no count.
    """
    words = [w.text for w in merge_number_words(list(Normalizer().normalize(text).words))]
    return read_count_words(words, vague_lower_bound, lex)


def vague_forms(word: str) -> tuple[str, ...]:
    """The word's clitic-free forms, also without the accusative alef (عددا من القتلى)."""
    forms = strip_clitics(word)
    return forms + tuple(f[:-1] for f in forms if f.endswith("ا") and len(f) > 3)


def read_count_words(words: list[str], vague_lower_bound: bool = False, lex: Lexicon | None = None) -> Count | None:
    """The count grammar, over normalised words: [qualifier] (number run | vague word | dual | victim
    noun) [trailing qualifier]. Returns None when the words hold no count."""
    lex = lex or default_lexicon()
    folded = [fold(w) for w in words]
    approximate = False
    i = 0
    q = match_qualifier(folded, 0, lex.leading_qualifiers)
    if q:
        approximate, i = True, q
    for j in range(len(folded)):
        if match_qualifier(folded, j, lex.trailing_qualifiers):
            approximate = True
    rest = words[i:]
    number_run = []
    for k, w in enumerate(rest):
        if number_word(w) is not None:
            number_run.append(w)
        elif number_run and fold(w) == "و" and k + 1 < len(rest) and number_word(rest[k + 1]) is not None:
            continue  # مليون و200 ألف: the normaliser split و from the digits
        else:
            break

    def vague(form: str) -> Count:
        # The smallest value a vague word can mean (عشرات >= 30), only with casualties.vague_lower_bound
        return Count((lex.vague.get(form) or None) if vague_lower_bound else None, True)

    if number_run:
        if set(strip_clitics(number_run[0])) & PLURAL_MULTIPLIERS:
            return vague(fold("آلاف"))  # آلاف المصابين: thousands with no number before it is vague
        value = words_value(number_run)
        return Count(value, approximate) if value is not None else None
    if rest:
        for form in vague_forms(rest[0]):
            if form in lex.vague:
                return vague(form)
        dual = dual_value(rest[0], rest[1] if len(rest) > 1 else None, lex)
        if dual:
            return Count(dual, approximate)
        # A definite number word after the noun: الضحايا الخمسة
        if len(rest) > 1 and number_word(rest[1]) is not None:
            return Count(words_value(rest[1:2]), approximate)
        if is_single_victim(rest[0], lex):
            return Count(1, approximate)  # قتل جندي, أصيب طفل
    return None
