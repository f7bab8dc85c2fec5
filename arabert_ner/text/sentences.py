"""Arabic sentence splitting over normalised words, so long articles are tagged sentence by sentence.

Boundaries: ``.`` ``!`` ``?`` ``؟`` ``؛`` ``…`` and line breaks in the original text. A period between two
digits with no space around it (``3.5``, ``1.200``) is a number, not a boundary.

Scraped text often has no sentence punctuation at all: a run of more than :data:`MAX_SENTENCE_WORDS`
words is cut into pseudo-sentences, at the last clause mark (``،`` ``,`` ``:``) or و-led word of its second
half, else at the limit, so the casualty rules work on bounded pieces and a document costs time and
memory in proportion to its length. The Tagger asks for sentences as punctuated (``max_words=None``): its
overlapping windows already bound the model's input, and keep whole an entity a hard cut would split.
"""
from __future__ import annotations

from arabert_ner.text.normalize import Word

SENTENCE_END = {".", "!", "?", "؟", "؛", "…"}
CLAUSE_MARKS = {"،", ",", ";", ":", "؛", "-", "–", "—"}
MAX_SENTENCE_WORDS = 128


def _is_decimal_point(words: list[Word], i: int) -> bool:
    if i == 0 or i + 1 >= len(words):
        return False
    prev, dot, nxt = words[i - 1], words[i], words[i + 1]
    return (prev.text[-1:].isdigit() and nxt.text[:1].isdigit()
            and prev.end == dot.start and dot.end == nxt.start)


def split_sentences(words: list[Word], original: str,
                    max_words: int | None = MAX_SENTENCE_WORDS) -> list[tuple[int, int]]:
    """Word index ranges ``[start, end)`` of the sentences of one document, none longer than
    ``max_words`` (None: as punctuated, however long)."""
    ranges = _punctuated_sentences(words, original)
    if max_words is None:
        return ranges
    out: list[tuple[int, int]] = []
    for a, b in ranges:
        out.extend(bounded_pieces(words, a, b, max_words) if b - a > max_words else [(a, b)])
    return out


def bounded_pieces(words: list[Word], a: int, b: int, max_words: int) -> list[tuple[int, int]]:
    """``[a, b)`` cut into pieces of at most ``max_words`` words, each at a clause boundary where there is one."""
    from arabert_ner.casualties.numbers import number_word

    pieces = []
    while b - a > max_words:
        limit = a + max_words
        cut = None
        for i in range(limit - 1, a + max_words // 2 - 1, -1):  # after a clause mark
            if words[i].text in CLAUSE_MARKS:
                cut = i + 1
                break
        if cut is None:
            for i in range(limit, a + max_words // 2, -1):  # before و-led word, not inside خمسة وعشرون
                w = words[i].text
                if len(w) > 2 and w[0] == "و" and number_word(w) is None and number_word(words[i - 1].text) is None:
                    cut = i
                    break
        cut = cut or limit
        pieces.append((a, cut))
        a = cut
    pieces.append((a, b))
    return pieces


def _punctuated_sentences(words: list[Word], original: str) -> list[tuple[int, int]]:
    ranges = []
    start = 0
    for i, w in enumerate(words):
        if i + 1 < len(words) and "\n" in original[w.end:words[i + 1].start]:
            ranges.append((start, i + 1))
            start = i + 1
            continue
        if w.text in SENTENCE_END and not _is_decimal_point(words, i):
            # Keep runs of closing punctuation (?!, ...) with the sentence they end.
            if i + 1 < len(words) and words[i + 1].text in SENTENCE_END:
                continue
            ranges.append((start, i + 1))
            start = i + 1
    if start < len(words):
        ranges.append((start, len(words)))
    return ranges
