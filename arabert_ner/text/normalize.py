"""Arabic normalisation with an offset map back to the text exactly as the user gave it.

With default settings the normalised text equals what ``arabert``'s ``ArabertPreprocessor`` returns for
``bert-base-arabertv02`` (that class returns no offsets; a test compares both), with two documented
differences: Persian digits (۰-۹) become 0-9, and Arabic presentation forms (ﺳﺒﻌﺔ, ﻻ, as in text copied
from PDFs) become the letters they show (NFKC), instead of being dropped.

Every character of the working string carries the ``[start, end)`` range of the original characters it
came from, so each output word maps back to an exact slice of the input: ``original[w.start:w.end]``.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterator

from arabert_ner.config import NormalizationConfig

# The expressions below are AraBERT's own (arabert/preprocess.py, v1.0.1), kept verbatim so that the
# words we feed the model are the words it was pre-trained on.
URL_REGEXES = [
    r"(http(s)?:\/\/.)?(www\.)?[-a-zA-Z0-9@:%._\+~#=]{2,256}\.[a-z]{2,6}\b([-a-zA-Z0-9@:%_\+.~#?&//=]*)",
    r"@(https?|ftp)://(-\.)?([^\s/?\.#-]+\.?)+(/[^\s]*)?$@iS",
    r"http[s]?://[a-zA-Z0-9_\-./~\?=%&]+",
    r"www[a-zA-Z0-9_\-?=%&/.~]+",
    r"[a-zA-Z]+\.com",
    r"(?=http)[^\s]+",
    r"(?=www)[^\s]+",
    r"://",
]
EMAIL_REGEXES = [r"[\w-]+@([\w-]+\.)+[\w-]+", r"\S+@\S+"]
USER_MENTION_REGEX = r"@[\w\d]+"
MULTIPLE_CHAR_PATTERN = re.compile(r"(\D)\1{2,}", re.DOTALL)
REJECTED_CHARS = re.compile(
    r"[^0-9\u0621-\u063A\u0640-\u066C\u0671-\u0674a-zA-Z\[\]!\"#\$%\'\(\)\*\+,\.:;\-<=·>?@\[\\\]\^_ـ`{\|}~—٪’،؟`୍“؛”ۚ»؛\s+«–…‘]"
)
SPACE_AROUND_SYMBOLS = re.compile("([^0-9\u0621-\u063A\u0641-\u064A\u0660-\u0669a-zA-Z\\[\\]])")
# When diacritics are kept they stay inside their word (AraBERT would space them out as symbols).
SPACE_AROUND_SYMBOLS_KEEP_MARKS = re.compile(
    "([^0-9\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0660-\u0669a-zA-Z\\[\\]])")
DIGITS_THEN_LETTERS = re.compile("(\\d+)([\u0621-\u063A\u0641-\u064A\u0660-\u066C]+)")
LETTERS_THEN_DIGITS = re.compile("([\u0621-\u063A\u0641-\u064A\u0660-\u066C]+)(\\d+)")
HTML_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")  # as html.unescape

TASHKEEL = "\u064b\u064c\u064d\u064e\u064f\u0650\u0652\u0651"  # pyarabic.araby.TASHKEEL
TATWEEL = "\u0640"
ARABIC_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
# ﺳﺒﻌﺔ, ﻻ: glyph codes of PDF copies, one character at a time (each maps back to itself); not the word
# ligatures U+FDF0-FDFF (ﷺ is four words in one character), which stay rejected as before
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdef\ufe70-\ufefc]")

_GROUP_REF = re.compile(r"\\(\d)")


@dataclass(frozen=True)
class Word:
    """A normalised word and the slice of the original text it came from."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class NormalizedText:
    original: str
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """The normalised text, words joined by single spaces (AraBERT's output form)."""
        return " ".join(w.text for w in self.words)


class _TrackedString:
    """A string whose characters each remember the original range they came from."""

    def __init__(self, text: str):
        self.s = text
        self.starts = list(range(len(text)))
        self.ends = list(range(1, len(text) + 1))

    def _position(self, i: int) -> int:
        if i < len(self.s):
            return self.starts[i]
        return self.ends[-1] if self.ends else 0

    def sub(self, pattern: re.Pattern[str] | str, repl: str | Callable[[re.Match[str]], str]) -> None:
        """Like ``re.sub``. Group references keep their characters' ranges; literal text takes the
        range of the whole match, and the first and last non-space output characters are stretched
        to the match's edges so that nothing of the original falls between two words."""
        if isinstance(pattern, str):
            pattern = re.compile(pattern)
        template = None if callable(repl) else _parse_template(repl)
        out_s: list[str] = []
        out_starts: list[int] = []
        out_ends: list[int] = []
        last = 0
        changed = False
        for m in pattern.finditer(self.s):
            changed = True
            a, b = m.span()
            text, starts, ends = self._replacement(m, repl, template)
            out_s += [self.s[last:a], text]
            out_starts += self.starts[last:a] + starts
            out_ends += self.ends[last:a] + ends
            last = b
        if not changed:
            return
        out_s.append(self.s[last:])
        out_starts.extend(self.starts[last:])
        out_ends.extend(self.ends[last:])
        self.s = "".join(out_s)
        self.starts = out_starts
        self.ends = out_ends

    def _replacement(self, m: re.Match[str], repl: str | Callable[[re.Match[str]], str],
                     template: list[tuple[str, object]] | None) -> tuple[str, list[int], list[int]]:
        """What one match becomes: its text and each character's original range."""
        a, b = m.span()
        m_start = self._position(a)
        m_end = self.ends[b - 1] if b > a else m_start
        if template is None:
            text = repl(m)  # type: ignore[operator]
            if text == m.group(0):  # nothing replaced (&foo is not an entity): keep each character's range
                return text, self.starts[a:b], self.ends[a:b]
            chars, starts, ends = list(text), [m_start] * len(text), [m_end] * len(text)
        else:
            chars, starts, ends = self._expand(template, m, m_start, m_end)
        solid = [i for i, c in enumerate(chars) if not c.isspace()]
        if solid:
            starts[solid[0]] = min(starts[solid[0]], m_start)
            ends[solid[-1]] = max(ends[solid[-1]], m_end)
        return "".join(chars), starts, ends

    def _expand(self, template: list[tuple[str, object]], m: re.Match[str], m_start: int,
                m_end: int) -> tuple[list[str], list[int], list[int]]:
        """A parsed replacement template filled from ``m``: groups with their own ranges, literals the match's."""
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for kind, value in template:
            if kind == "lit":
                chars.extend(value)
                starts.extend([m_start] * len(value))
                ends.extend([m_end] * len(value))
            else:
                ga, gb = m.span(value)
                if ga < 0:
                    continue
                chars.extend(self.s[ga:gb])
                starts.extend(self.starts[ga:gb])
                ends.extend(self.ends[ga:gb])
        return chars, starts, ends

    def reduce_runs(self, pattern: re.Pattern[str]) -> None:
        """Cut each run matched by ``pattern`` to its first two characters; the second one takes over
        the range of the characters removed after it, so the word's slice still covers the whole run."""
        spans = [m.span() for m in pattern.finditer(self.s)]
        if not spans:
            return
        drop: set[int] = set()
        for a, b in spans:
            self.ends[a + 1] = self.ends[b - 1]
            drop.update(range(a + 2, b))
        self._keep([i for i in range(len(self.s)) if i not in drop])

    def delete(self, chars: str) -> None:
        if any(c in self.s for c in chars):
            self._keep([i for i, c in enumerate(self.s) if c not in chars])

    def _keep(self, keep: list[int]) -> None:
        """Keep only the characters at ``keep`` (with their ranges)."""
        self.s = "".join(self.s[i] for i in keep)
        self.starts = [self.starts[i] for i in keep]
        self.ends = [self.ends[i] for i in keep]

    def translate(self, table: dict[int, int]) -> None:
        self.s = self.s.translate(table)  # one character for one: ranges unchanged


def _parse_template(repl: str) -> list[tuple[str, object]]:
    parts: list[tuple[str, object]] = []
    last = 0
    for m in _GROUP_REF.finditer(repl):
        if m.start() > last:
            parts.append(("lit", repl[last:m.start()]))
        parts.append(("grp", int(m.group(1))))
        last = m.end()
    if last < len(repl):
        parts.append(("lit", repl[last:]))
    return parts


class Normalizer:
    """Turns raw Arabic text into model words with exact offsets into the original."""

    def __init__(self, config: NormalizationConfig | None = None):
        self.config = config or NormalizationConfig()
        removed = ""
        if self.config.strip_diacritics:
            removed += TASHKEEL
        if self.config.strip_tatweel:
            removed += TATWEEL
        self._trailing_marks = removed + "\ufe0f"

    def normalize(self, text: str) -> NormalizedText:
        c = self.config
        t = _TrackedString(text)
        if c.remove_html_markup:
            if "&" in t.s:
                t.sub(HTML_CHARREF, lambda m: html.unescape(m.group(0)))
        if c.map_presentation_forms and PRESENTATION_FORMS.search(t.s):  # before the marks they may carry go
            t.sub(PRESENTATION_FORMS, lambda m: unicodedata.normalize("NFKC", m.group(0)))
        if c.strip_diacritics:
            t.delete(TASHKEEL)
        if c.strip_tatweel:
            t.delete(TATWEEL)
        if c.replace_urls_emails_mentions:
            for reg in URL_REGEXES:
                t.sub(reg, " [رابط] ")
            for reg in EMAIL_REGEXES:
                t.sub(reg, " [بريد] ")
            t.sub(USER_MENTION_REGEX, " [مستخدم] ")
        if c.remove_html_markup:
            t.sub("<br />", " ")
            t.sub("</?[^>]+>", " ")
        if c.unify_digits:
            t.translate(ARABIC_INDIC_DIGITS)
        if c.map_persian_digits:
            t.translate(PERSIAN_DIGITS)
        if c.reduce_repeated_chars:
            t.reduce_runs(MULTIPLE_CHAR_PATTERN)  # AraBERT: (\D)\1{2,} -> \1\1
        if c.split_glued_digits:
            t.sub(SPACE_AROUND_SYMBOLS if c.strip_diacritics else SPACE_AROUND_SYMBOLS_KEEP_MARKS, r" \1 ")
            t.sub(DIGITS_THEN_LETTERS, r" \1 \2 ")
            t.sub(LETTERS_THEN_DIGITS, r" \1 \2 ")
        if c.replace_slash_with_dash and "/" in t.s:
            t.translate({ord("/"): ord("-")})
        t.sub(REJECTED_CHARS, " ")
        t.delete("\ufe0f")
        return NormalizedText(text, tuple(self._words(t, text)))

    def _words(self, t: _TrackedString, original: str) -> Iterator[Word]:
        for m in re.finditer(r"\S+", t.s):
            a, b = m.span()
            start = min(t.starts[a:b])
            end = max(t.ends[a:b])
            # A word's slice also takes the diacritics and tatweel that were stripped after it.
            while end < len(original) and original[end] in self._trailing_marks:
                end += 1
            yield Word(m.group(0), start, end)


