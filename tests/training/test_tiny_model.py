from __future__ import annotations

import hashlib

from arabert_ner.training.tiny_model import build_tiny_model, build_tokenizer, corpus_lines, read_vocab, train_vocab

from ..conftest import CORPUS, ROOT


def test_vocabulary_learned_from_the_corpus_is_a_real_wordpiece_vocabulary():
    vocab = train_vocab(corpus_lines(CORPUS), 3000)
    tok = build_tokenizer(vocab)
    assert len(tok) == len(vocab) > 1000
    pieces = tok.tokenize("أعلنت وزارة الصحة مقتل 100 شخص")
    assert "[UNK]" not in pieces and "وزارة" in pieces


def test_tiny_model_is_rebuilt_identically_from_the_shipped_vocabulary(tmp_path):
    vocab = read_vocab(ROOT / "data" / "tiny_vocab.txt")
    digests = []
    for name in ("a", "b"):
        out = build_tiny_model(tmp_path / name, vocab, seed=0)
        digests.append([hashlib.sha256((out / f).read_bytes()).hexdigest()
                        for f in ("model.safetensors", "tokenizer.json")])
    assert digests[0] == digests[1]
