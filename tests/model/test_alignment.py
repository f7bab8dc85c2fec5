from __future__ import annotations

import pytest

from arabert_ner.model.alignment import IGNORE_INDEX, SubwordEncoder, training_rows
from arabert_ner.text.normalize import Normalizer
from arabert_ner.text.sentences import split_sentences


@pytest.fixture(scope="module")
def tokenizer(tiny_model):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(tiny_model))
    assert len(tok) > 500, "the tiny tokenizer kept its trained vocabulary"
    return tok


def test_first_subword_carries_the_label_and_the_rest_are_ignored(tokenizer):
    enc = SubwordEncoder(tokenizer, 64)
    words = ["المرصد", "السوري", "لحقوق", "الإنسانيةوالحريات"]
    (win,) = enc.windows(0, words)
    rows = training_rows([win], [[1, 2, 2, 2]], label_all_subwords=False, begin_to_inside={1: 2})
    labels = rows["labels"][0]
    assert [labels[p] for p in win.first_pieces] == [1, 2, 2, 2]
    others = [l for i, l in enumerate(labels) if i not in win.first_pieces]
    assert others and set(others) == {IGNORE_INDEX}
    assert win.input_ids[0] == tokenizer.cls_token_id and win.input_ids[-1] == tokenizer.sep_token_id


def test_label_all_subwords_turns_b_into_i_after_the_first_piece(tokenizer):
    enc = SubwordEncoder(tokenizer, 64)
    words = ["الإنسانيةوالحريات"]
    (win,) = enc.windows(0, words)
    assert win.words_end - win.first_pieces[0] > 1, "the word splits into several pieces"
    rows = training_rows([win], [[1]], label_all_subwords=True, begin_to_inside={1: 2})
    inner = rows["labels"][0][win.first_pieces[0]:win.words_end]
    assert inner[0] == 1 and set(inner[1:]) == {2}
    assert rows["labels"][0][0] == IGNORE_INDEX and rows["labels"][0][-1] == IGNORE_INDEX


def test_long_sentences_are_split_into_windows_without_losing_a_word(tokenizer):
    enc = SubwordEncoder(tokenizer, 32)
    words = [f"كلمة{i % 7}" for i in range(300)] + ["ا" * 200]
    wins = enc.windows(3, words)
    assert len(wins) > 5
    covered = [i for w in wins for i in range(w.start, w.end)]
    assert covered == list(range(len(words)))
    assert all(len(w.input_ids) <= 32 for w in wins)
    assert all(w.sentence == 3 and len(w.first_pieces) == w.end - w.start for w in wins)


def test_a_word_the_normaliser_emptied_still_gets_a_position(tokenizer):
    enc = SubwordEncoder(tokenizer, 16)
    (win,) = enc.windows(0, ["قال", "", "أحمد"])
    assert len(win.first_pieces) == 3
    assert win.input_ids[win.first_pieces[1]] == tokenizer.unk_token_id


def test_sentence_splitter_keeps_decimals_and_splits_on_arabic_marks():
    text = "ضرب زلزال بقوة 6.5 درجة. قتل 3 أشخاص؟ نعم؛ انتهى\nسطر جديد"
    words = list(Normalizer().normalize(text).words)
    sents = [" ".join(w.text for w in words[a:b]) for a, b in split_sentences(words, text)]
    assert sents == ["ضرب زلزال بقوة 6 . 5 درجة .", "قتل 3 أشخاص ؟", "نعم ؛", "انتهى", "سطر جديد"]
