"""Arabic sentence splitting over normalised words, so long articles are tagged sentence by sentence.

Boundaries: ``.`` ``!`` ``?`` ``؟`` ``؛`` ``…`` and line breaks in the original text. A period between two
digits with no space around it (``3.5``, ``1.200``) is a number, not a boundary.
"""
from __future__ import annotations

from arabert_ner.text.normalize import Word

SENTENCE_END = {".", "!", "?", "؟", "؛", "…"}


def _is_decimal_point(words: list[Word], i: int) -> bool:
    if i == 0 or i + 1 >= len(words):
        return False
    prev, dot, nxt = words[i - 1], words[i], words[i + 1]
    return (prev.text[-1:].isdigit() and nxt.text[:1].isdigit()
            and prev.end == dot.start and dot.end == nxt.start)


def split_sentences(words: list[Word], original: str) -> list[tuple[int, int]]:
    """Word index ranges ``[start, end)`` of the sentences of one document."""
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
