"""Who counts as a victim, and how many one word says: singular victims and duals.

The words themselves are data (``lexicons/*.yaml``, read by :mod:`arabert_ner.casualties.lexicon`); what is
here is the morphology that reads them: the dual endings (شرطيان, جنديين, شقيقيه, رجلا أمن) and the sound
plural that looks like a dual (مدنيين).
"""
from __future__ import annotations

from arabert_ner.casualties.lexicon import Lexicon, default_lexicon, in_words
from arabert_ner.text.arabic import fold, strip_clitics

DUAL_ENDINGS = ("ان", "ين", "تان", "تين")
CONSTRUCT_ENDINGS = ("ا", "ي", "تا", "تي")  # the dual loses its ن before a noun or pronoun: رجلا أمن, شقيقيه
PRONOUNS = ("ه", "ها", "هم", "هما", "كم", "نا", "هن")
TWO = frozenset(fold(w) for w in ("اثنين", "اثنان"))


def in_set(word: str, words: frozenset[str]) -> bool:
    """The word, or a form of it without proclitics, is in the folded word set."""
    return in_words(word, words)


def is_single_victim(word: str, lex: Lexicon | None = None) -> bool:
    """One person: a singular victim noun (جندي, الصحفي) or a singular casualty noun (قتيل)."""
    lex = lex or default_lexicon()
    return in_set(word, lex.victims_singular) or in_set(word, lex.single_casualty_nouns)


def _is_base(base: str, lex: Lexicon) -> bool:
    return base in lex.dual_bases or base + "ه" in lex.dual_bases


def dual_value(word: str, next_word: str | None = None, lex: Lexicon | None = None) -> int | None:
    """2 for a dual of a victim or casualty noun (شرطيان, جنديين, قتيلان, شقيقيه, رجلا أمن), else None.

    ``-ين`` is also the sound plural ending; for nouns listed as ``victims.sound_plurals`` (مدنيين) the
    plural is far more common, so only they are read as plurals.
    """
    lex = lex or default_lexicon()
    complement = next_word is not None and in_set(next_word, lex.victims_construct_complements)
    bare = fold(word).lstrip("وفبك")
    definite = bare.startswith("ال") or bare.startswith("لل")  # للمصابين = ل + المصابين
    if not (next_word is not None and fold(next_word) in TWO) and in_set(word, lex.victims_sound_plurals):
        return None  # مدنيين, مسلحين: the sound plural, not the dual
    if in_set(word, lex.victims_singular) or fold(word) in lex.victims_not_duals:
        return None  # امرأة is one woman, not آمر + construct ا + pronoun ه; طالبان is a name
    for form in strip_clitics(word):
        for end in DUAL_ENDINGS:
            if definite and end in ("ين", "تين") and form[: -len(end)].removeprefix("ال") not in lex.victims_dual_only_bases:
                continue  # المصابين, المدنيين: a definite -ين is the plural far more often than the dual;
                # not of a noun with a broken plural (القتيلين, القتيلتين: the plural is القتلى)
            if form.endswith(end) and len(form) > len(end) + 1 and _is_base(form[: -len(end)], lex):
                return 2
        # a final ة folds to ه but is no pronoun: فردية is an adjective, not فردي + ه (his two individuals)
        pronouns = [p for p in PRONOUNS if not (p == "ه" and word.endswith("ة"))]
        suffixed = [form[: -len(p)] for p in pronouns if form.endswith(p) and len(form) > len(p) + 2]
        for c in suffixed + ([form] if complement else []):
            for end in CONSTRUCT_ENDINGS:
                base = c[: -len(end)]
                if c.endswith(end) and len(c) > len(end) + 1 and _is_base(base, lex) \
                        and not (end in ("ا", "ي") and base in lex.victims_five_nouns):
                    return 2  # not أبيهما, أخاه: the five nouns take ا/ي in the singular
    return None


def accusative_singular(word: str, lex: Lexicon) -> bool:
    """شرطيا, طفلا: a singular victim noun with the accusative alef (the noun of أن before its verb)."""
    f = fold(word)
    return in_set(word, lex.victims_singular) or (f.endswith("ا") and in_set(f[:-1], lex.victims_singular))


def noun_in(word: str, words: frozenset[str]) -> bool:
    """Noun lookup that allows ال/ب/ل but not و/ف: after a count, و starts the next clause (وإصابة)."""
    f = fold(word)
    if f in words:
        return True
    if f[:1] in ("و", "ف"):
        return False
    return in_set(word, words)

