"""One text as the casualty rules read it: its normalised words (glued digits apart, 1,200 kept whole),
sentences, the words entities cover, and the places and time expressions near an event; with the
punctuation the rules step over (words live in the lexicon, lexicons/*.yaml)."""
from __future__ import annotations

import bisect
from functools import lru_cache
from importlib import resources
from typing import Sequence

from arabert_ner.casualties.lexicon import Lexicon, default_lexicon, in_words
from arabert_ner.casualties.numbers import merge_number_words, number_word
from arabert_ner.records import Entity, Place, TimeExpression
from arabert_ner.text.arabic import fold, strip_clitics
from arabert_ner.text.normalize import Normalizer, Word
from arabert_ner.text.sentences import split_sentences

RANGE_WORDS = frozenset(fold(w) for w in ("إلى", "الى"))
TWO_WORDS = frozenset(fold(w) for w in ("اثنين", "اثنان"))
CLOSERS = frozenset(")]»\"”’")
COMMAS = frozenset("،,")
OPENERS = frozenset("([«\"“‘")
DATE_SEPARATORS = frozenset("-/")
QUOTES = frozenset("«»\"“”")
CLAUSE_MARKS = frozenset("،,;؛:")
CONTEXT_WORDS = 40  # words either side of an event searched for its places and time, inside its sentence


@lru_cache(maxsize=1)
def gazetteer_places() -> dict[tuple[str, ...], None]:
    text = resources.files("arabert_ner").joinpath("resources/places.txt").read_text(encoding="utf-8")
    names = [l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")]
    return {tuple(fold(w) for w in name.split()): None for name in names}


class Document:
    """One text's words (glued digits apart, 1,200 kept whole), sentences, and entity marks."""

    def __init__(self, text: str, normalizer: Normalizer, entities: Sequence[Entity] | None,
                 words: tuple[Word, ...] | None = None, lex: Lexicon | None = None):
        self.text = text
        self.lex = lex = lex or default_lexicon()
        self._has: dict[tuple[int, int, str], bool] = {}
        if words is None:
            words = normalizer.normalize(text).words
        self.words: list[Word] = merge_number_words(list(words))
        self.folded = [fold(w.text) for w in self.words]
        self.sentences = split_sentences(self.words, text) or [(0, 0)]
        # (start, end, label) of the entity spans, casualty labels left out, sorted for bisect
        self.entities = sorted((s.start, s.end, s.label) for s in (entities or []) if s.label not in lex.tag_to_type)
        self.use_gazetteer = entities is None
        self._word_starts = [w.start for w in self.words]
        self._word_ends = [w.end for w in self.words]
        self.in_entity = [False] * len(self.words)
        for s, e, _ in self.entities:  # mark the words each entity touches (bisect, not a scan per word)
            for k in range(bisect.bisect_right(self._word_ends, s), bisect.bisect_left(self._word_starts, e)):
                self.in_entity[k] = True
        self._entity_starts = [s for s, _, _ in self.entities]
        self._sentence_starts = [self.words[a].start if a < len(self.words) else 0 for a, _ in self.sentences]

    def sentence_has(self, a: int, b: int, name: str, words: frozenset[str]) -> bool:
        """Whether words ``[a, b)`` hold one of ``words`` (with clitics stripped); once per range, so a
        long sentence with many events costs one scan, not one per event."""
        key = (a, b, name)
        if key not in self._has:
            self._has[key] = any(in_words(f, words) for f in self.folded[a:b])
        return self._has[key]

    def phrase_ending_at(self, k: int, a: int, phrases) -> int:
        """The length of the first of ``phrases`` (tuples of folded words) that ends right before word ``k``
        and starts at or after word ``a``; 0 if none does."""
        return next((len(m) for m in phrases if k - len(m) >= a and tuple(self.folded[k - len(m):k]) == m), 0)

    def context_window(self, sentence: int, first: int, last: int) -> tuple[int, int]:
        """Word range ``[a, b)`` searched for an event's places and time: its sentence, cut to at most
        :data:`CONTEXT_WORDS` words either side of the event, so the cost per event is bounded."""
        a, b = self.sentences[sentence]
        return max(a, first - CONTEXT_WORDS), min(b, last + 1 + CONTEXT_WORDS)

    def clause_window(self, a: int, b: int, first: int, last: int) -> tuple[int, int]:
        """The event's clause inside ``[a, b)``: from after the last clause mark (، ; :) or clause opener
        (``clause_openers``: فيما, بينما) before the event to before the first one after it; a report word
        joined by و starts a clause too (وإصابة 5 في حمص)."""
        ca = first
        while ca > a and not self._clause_break(ca - 1):
            ca -= 1
            if self._joined_report_word(ca):
                break  # وإصابة 5 في حمص: the clause starts at its own report word
        cb = last + 1
        while cb < b and not self._clause_break(cb) and not self._joined_report_word(cb):
            cb += 1
        return ca, cb

    def toll_clause_end(self, last: int, b: int, toll_type: str, aside_words: int) -> int:
        """Where the clause of a toll whose last word is ``last`` ends: the first clause mark after it,
        past a clause of its own injured (مصرعهم، وأصيب 28 آخرون في غارات) and past a short aside (، يوم أمس
        (الأربعاء)، في هجمات)."""
        k = last + 1
        while k < b:
            if self.words[k].text in CLAUSE_MARKS and not self._report_clause_at(k + 1, b, toll_type):
                aside = self._aside_end(k + 1, b, aside_words)
                if aside is None:
                    return k
                k = aside  # its closing mark
            k += 1
        return b

    def _report_clause_at(self, k: int, b: int, toll_type: str) -> bool:
        """A clause that opens with a report word of another type (وأصيب, بينما أصيب, وإصابة after a killed
        toll): the toll's coordinated figure. One of the toll's own type (، وقتل 5 آخرون) is another toll."""
        if k < b and self.folded[k] in self.lex.clause_openers:
            k += 1
        if k >= b:
            return False
        typ = self.lex.type_by("report_before", self.words[k].text) or self._joined_report_type(k)
        return typ is not None and typ != toll_type

    def _aside_end(self, k: int, b: int, n: int) -> int | None:
        """The closing mark of an aside from ``k``: at most ``n`` (``windows.aside_words``) words (brackets
        aside) without a report word, then another clause mark (، أمس،  ، حسب مصادر أمنية،: a time or a
        source, no clause of its own); None if there is none."""
        end = next((j for j in range(k, min(b, k + 2 * n + 1)) if self.words[j].text in CLAUSE_MARKS), None)
        if end is None:
            return None
        words = [self.words[j].text for j in range(k, end) if any(c.isalnum() for c in self.words[j].text)]
        if len(words) > n or any(self.lex.any_type("report_before", w) for w in words):
            return None
        return end

    def _clause_break(self, k: int) -> bool:
        return self.words[k].text in CLAUSE_MARKS or self.folded[k] in self.lex.clause_openers

    def _joined_report_word(self, k: int) -> bool:
        return self._joined_report_type(k) is not None

    def _joined_report_type(self, k: int) -> str | None:
        """The type of a report word joined by و (وإصابة: injured), else None."""
        word = self.words[k].text
        if self.folded[k].startswith("و") and len(word) > 2:
            return self.lex.type_by("report_before", word[1:])
        return None

    def word_at(self, pos: int) -> int:
        """Index of the word that starts at or covers character ``pos``."""
        return bisect.bisect_right(self._word_ends, pos)

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)

    def _bounds(self, a: int, b: int) -> tuple[int, int]:
        if a >= b:
            return 0, 0
        return self.words[a].start, self.words[b - 1].end

    def locations(self, a: int, b: int) -> list[Place]:
        lo, hi = self._bounds(a, b)
        if not self.use_gazetteer:
            first, last = bisect.bisect_left(self._entity_starts, lo), bisect.bisect_left(self._entity_starts, hi)
            return [Place(self.text[s:e], s, e) for s, e, l in self.entities[first:last] if l == "LOC"]
        places = gazetteer_places()
        longest = max(len(p) for p in places)
        out = []
        k = a
        while k < b:
            for n in range(min(longest, b - k), 0, -1):
                first = strip_clitics(self.words[k].text)
                rest = tuple(self.folded[k + 1:k + n])
                if any((f,) + rest in places for f in first):
                    s, e = self.words[k].start, self.words[k + n - 1].end
                    out.append(Place(self.text[s:e], s, e))
                    k += n - 1
                    break
            k += 1
        return out

    def time(self, a: int, b: int) -> TimeExpression | None:
        f = self.folded
        for k in range(a, b):
            if self.in_entity[k]:
                continue
            end = None
            t = self.lex
            j = k + (1 if f[k] in t.time_day_parts and k + 1 < b else 0)
            if j < b and f[j] == fold("يوم") and j + 1 < b and f[j + 1] in t.time_days:
                j += 1
            if f[j] in t.time_days and (j > k or f[k] in t.time_days):
                end = j
            elif f[k] in t.time_periods and k + 1 < b and f[k + 1] in t.time_past:
                end = k + 1
            elif number_word(self.words[k].text) and k + 1 < b and f[k + 1] in t.time_months:
                end = k + 1
                if k + 2 < b and (self.words[k + 2].text.isdigit() and len(self.words[k + 2].text) == 4):
                    end = k + 2
            if end is not None:
                if end + 1 < b and f[end + 1] in t.time_past and f[end] in t.time_periods:
                    end += 1
                s, e = self.words[k].start, self.words[end].end
                return TimeExpression(self.text[s:e], s, e)
        return None
