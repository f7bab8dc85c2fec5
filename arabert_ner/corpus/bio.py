"""Spans <-> word-level BIO tags, one way each, for every reader, tagger, renderer and score.

A span is ``(start, end, label)`` in characters of the text; a word is anything with ``start``/``end``
(:class:`arabert_ner.text.normalize.Word`). Going back, a tag run is ``(first, end, type)`` in word
indices, ``end`` exclusive; the caller maps it to characters with its words.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from arabert_ner.corpus.labels import split_tag
from arabert_ner.errors import DataError


def spans_to_tags(words: Sequence, spans: Iterable[tuple[int, int, str]]) -> tuple[list[str], int, int]:
    """Word-level IOB2 tags from character spans; returns (tags, snapped, empty): how many spans had an edge
    inside a word (widened to whole words) and how many cover no word (dropped). A later span overwrites
    an earlier one where they share words."""
    tags = ["O"] * len(words)
    snapped = empty = 0
    for start, end, label in spans:
        inside = [i for i, w in enumerate(words) if w.start < end and w.end > start]
        if not inside:
            empty += 1
            continue
        if words[inside[0]].start < start or words[inside[-1]].end > end:
            snapped += 1
        for k, i in enumerate(inside):
            tags[i] = ("B-" if k == 0 else "I-") + label
    return tags, snapped, empty


def tags_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(first, end, type)`` word runs of BIO tags; an ``I-X`` continues only a run of ``X`` (after ``O`` or
    another type it starts a new run, as conlleval reads it)."""
    runs: list[tuple[int, int, str]] = []
    first, typ = None, None
    for i, tag in enumerate(tags):
        prefix, t = split_tag(tag)
        if prefix == "I" and first is not None and t == typ:
            continue
        if first is not None:
            runs.append((first, i, typ))
            first = typ = None
        if prefix in ("B", "I"):
            first, typ = i, t
    if first is not None:
        runs.append((first, len(tags), typ))
    return runs


def check_no_overlap(spans: Iterable[tuple[int, int, str]], path: str | None = None,
                     line: int | None = None) -> list[tuple[int, int, str]]:
    """The spans sorted; one flat tag per word, so two spans may not share a character."""
    spans = sorted(spans)
    for (s1, e1, l1), (s2, e2, l2) in zip(spans, spans[1:]):
        if s2 < e1:
            raise DataError(f"spans {l1} [{s1}:{e1}] and {l2} [{s2}:{e2}] overlap", path, line)
    return spans
