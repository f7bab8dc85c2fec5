"""General Arabic helpers for lookups: spelling folding and clitic stripping."""
from __future__ import annotations

import re
from functools import lru_cache

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DIACRITICS = re.compile("[\u064b-\u0652\u0640\u0670]")
PROCLITICS = ("و", "ف", "ب", "ل", "ك")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Spelling-insensitive form for lookups: no diacritics or tatweel, one alef, ى -> ي, ة -> ه."""
    word = _DIACRITICS.sub("", word)
    return (word.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ٱ", "ا")
            .replace("ى", "ي").replace("ة", "ه").translate(DIGITS))


@lru_cache(maxsize=200_000)
def strip_clitics(word: str) -> tuple[str, ...]:
    """The folded word and its forms without a leading conjunction/preposition and article."""
    w = fold(word)
    out = [w]
    for p in PROCLITICS:
        if w.startswith(p) and len(w) > 2:
            out.append(w[len(p):])
    for form in list(out):
        if form.startswith("ال") and len(form) > 3:
            out.append(form[2:])
        if form.startswith("لل") and len(form) > 3:
            out.append(form[2:])
    return tuple(out)
