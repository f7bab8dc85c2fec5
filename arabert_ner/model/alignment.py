"""Words <-> subwords: windows that fit the model, labels on first subwords, predictions back to words.

A word's label sits on its first subword; the other subwords are ignored in the loss (-100), unless
``model.label_all_subwords`` is set, in which case they carry the word's label (``B-X`` becomes ``I-X``
after the first piece, as in Hugging Face's ``run_ner.py``). Sentences longer than the model window are
cut into consecutive windows at word boundaries, so no word is ever dropped.
"""
from __future__ import annotations

from dataclasses import dataclass

IGNORE_INDEX = -100


@dataclass(frozen=True)
class Window:
    """Words ``[start, end)`` of one sentence, encoded as one model input."""

    sentence: int
    start: int
    end: int
    input_ids: list[int]
    first_pieces: list[int]  # position in input_ids of each word's first subword
    words_end: int  # position in input_ids after the last word's last subword


class SubwordEncoder:
    """Splits words into subword ids (cached) and packs them into model-sized windows."""

    def __init__(self, tokenizer, max_length: int):
        self.tokenizer = tokenizer
        self.max_length = min(max_length, getattr(tokenizer, "model_max_length", max_length) or max_length)
        probe = tokenizer(["x"], is_split_into_words=True)
        ids, word_ids = probe["input_ids"], probe.word_ids()
        first = word_ids.index(0)
        last = len(word_ids) - 1 - word_ids[::-1].index(0)
        self.prefix = ids[:first]  # [CLS] for BERT
        self.suffix = ids[last + 1:]  # [SEP] for BERT
        self.budget = self.max_length - len(self.prefix) - len(self.suffix)
        if self.budget < 1:
            raise ValueError(f"max_length {max_length} leaves no room for words")
        self.unk = [tokenizer.unk_token_id if tokenizer.unk_token_id is not None else 0]
        self._cache: dict[str, list[int]] = {}

    def pieces(self, words: list[str]) -> list[list[int]]:
        """Subword ids of each word; a word the normaliser emptied becomes the unknown token."""
        missing = list({w for w in words if w not in self._cache})
        if missing:
            batch = self.tokenizer(missing, add_special_tokens=False)["input_ids"]
            for w, ids in zip(missing, batch):
                self._cache[w] = ids[: self.budget] or self.unk
        if len(self._cache) > 500_000:  # keep memory flat on endless streams
            self._cache.clear()
            return self.pieces(words)
        return [self._cache[w] for w in words]

    def windows(self, sentence: int, words: list[str], overlap: int = 0) -> list[Window]:
        """Windows covering every word of one sentence; consecutive windows share about ``overlap``
        subwords (0 for training: consecutive, disjoint windows)."""
        pieces = self.pieces(words)
        out: list[Window] = []
        start = 0
        while start < len(words):
            used = 0
            end = start
            while end < len(words) and used + len(pieces[end]) <= self.budget:
                used += len(pieces[end])
                end += 1
            ids = list(self.prefix)
            firsts = []
            for p in pieces[start:end]:
                firsts.append(len(ids))
                ids.extend(p)
            words_end = len(ids)
            ids.extend(self.suffix)
            out.append(Window(sentence, start, end, ids, firsts, words_end))
            if end >= len(words):
                break
            nxt = end
            shared = 0
            while overlap and nxt - 1 > start and shared + len(pieces[nxt - 1]) <= overlap:
                nxt -= 1
                shared += len(pieces[nxt])
            start = nxt
        return out


def training_rows(windows: list[Window], word_labels: list[list[int]], label_all_subwords: bool,
                  begin_to_inside: dict[int, int]) -> dict[str, list]:
    """Columns for a ``datasets.Dataset``: input_ids, labels (first subwords only), length."""
    input_ids, labels, lengths = [], [], []
    for w in windows:
        row = [IGNORE_INDEX] * len(w.input_ids)
        sent_labels = word_labels[w.sentence]
        for k, pos in enumerate(w.first_pieces):
            lab = sent_labels[w.start + k]
            row[pos] = lab
            if label_all_subwords:
                nxt = w.first_pieces[k + 1] if k + 1 < len(w.first_pieces) else w.words_end
                for p in range(pos + 1, nxt):
                    row[p] = begin_to_inside.get(lab, lab)
        input_ids.append(w.input_ids)
        labels.append(row)
        lengths.append(len(w.input_ids))
    return {"input_ids": input_ids, "labels": labels, "length": lengths}
