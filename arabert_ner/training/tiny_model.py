"""Build a tiny, randomly initialised BERT with a WordPiece vocabulary trained on the repo's own text.

Hub weights cannot be downloaded everywhere (CI, air-gapped newsrooms), so the quickstart and the tests
fine-tune this small model instead of AraBERT. It is an ordinary model folder: every script that takes
``model.name_or_path`` accepts it. Its vocabulary is learned from text normalised exactly as AraBERT's
input, so the pipeline around it is the one the real model gets.

    arabert-ner tiny-model --output-dir models/tiny-bert                  # from data/tiny_vocab.txt
    arabert-ner tiny-model --train-vocab --output-dir models/tiny-bert    # relearn the vocabulary
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from arabert_ner.config import NormalizationConfig
from arabert_ner.errors import DataError, OutputError
from arabert_ner.text.normalize import Normalizer

log = logging.getLogger(__name__)

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
# Every Arabic letter, digit and common punctuation mark gets its own piece, so unseen words are
# split into known pieces rather than becoming [UNK].
ALPHABET = list("ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي") + list("0123456789") + list(".,:;!?()[]-\"'«»،؛؟%")
DEFAULT_CORPUS = ("data/train.jsonl", "data/dev.jsonl", "data/test.jsonl")
DEFAULT_VOCAB = "data/tiny_vocab.txt"


def corpus_lines(paths: list[str]) -> list[str]:
    """Normalised text lines from JSONL (``text`` field) or CoNLL (first column) files."""
    normalizer = Normalizer(NormalizationConfig())
    lines = []
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise DataError("corpus file not found", str(path))
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            if not line.strip():
                continue
            if path.suffix == ".jsonl":
                try:
                    text = json.loads(line)["text"]
                except (json.JSONDecodeError, KeyError, TypeError):
                    raise DataError("expected a JSON object with a 'text' field", str(path), number) from None
            else:
                text = line.split()[0]
            lines.append(normalizer.normalize(text).text)
    return lines


def _bert_style_tokenizer(wordpiece):
    from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers

    tok = Tokenizer(wordpiece)
    # As AraBERT v02's tokenizer: no lower-casing, no accent stripping.
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                                strip_accents=False, lowercase=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    return tok


def train_vocab(lines: list[str], vocab_size: int) -> list[str]:
    """A WordPiece vocabulary (tokens in id order) learned from ``lines``.

    The trainer breaks ties in hash-map order, so two runs can differ slightly; that is why the
    vocabulary is written to a file (data/tiny_vocab.txt) and the model is built from the file.
    """
    from tokenizers import models, trainers

    tok = _bert_style_tokenizer(models.WordPiece(unk_token="[UNK]"))
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS,
                                        initial_alphabet=ALPHABET, min_frequency=2)
    tok.train_from_iterator(lines, trainer)
    vocab = tok.get_vocab()
    return sorted(vocab, key=vocab.__getitem__)


def build_tokenizer(vocab: list[str]):
    """A fast BERT tokenizer over a fixed vocabulary."""
    from tokenizers import models
    from transformers import BertTokenizerFast

    wordpiece = models.WordPiece(vocab={t: i for i, t in enumerate(vocab)}, unk_token="[UNK]")
    # BertTokenizerFast(vocab_file=...) silently builds a 5-token vocabulary in transformers 5;
    # tokenizer_object= keeps ours, and we check that it did.
    fast = BertTokenizerFast(tokenizer_object=_bert_style_tokenizer(wordpiece), do_lower_case=False,
                             model_max_length=512)
    if len(fast) != len(vocab) or len(fast) <= len(SPECIAL_TOKENS) + len(ALPHABET):
        raise RuntimeError(f"tokenizer lost its vocabulary: {len(fast)} tokens, expected {len(vocab)}")
    return fast


def read_vocab(path: Path) -> list[str]:
    if not path.is_file():
        raise DataError("vocabulary file not found (build it with --train-vocab)", str(path))
    vocab = path.read_text(encoding="utf-8").split("\n")
    return [t for t in vocab if t]


def build_tiny_model(output_dir: str | Path, vocab: list[str], hidden_size: int = 128, layers: int = 2,
                     heads: int = 4, seed: int = 0) -> Path:
    """Write a tiny BERT (random weights, seeded) plus tokenizer to ``output_dir``; returns the folder."""
    import torch
    from transformers import BertConfig, BertModel

    from arabert_ner.errors import ConfigError
    from arabert_ner.files import check_output

    if hidden_size < 1 or heads < 1 or hidden_size % heads:
        raise ConfigError(f"--hidden-size {hidden_size} must be a positive multiple of --heads {heads} "
                          f"(each head gets hidden_size / heads dimensions)")
    if check_output(output_dir, folder=True, what="model folder") == "toolkit" or (
            Path(output_dir).is_dir() and any(Path(output_dir).iterdir())):
        raise OutputError(f"{output_dir}: not empty; a tiny model is written only into a new or empty folder")
    tokenizer = build_tokenizer(vocab)
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=hidden_size, num_hidden_layers=layers,
                        num_attention_heads=heads, intermediate_size=hidden_size * 4,
                        max_position_embeddings=512, pad_token_id=tokenizer.pad_token_id)
    model = BertModel(config)
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)  # safetensors
    tokenizer.save_pretrained(out)
    log.info("tiny BERT written to %s: %d layers, hidden %d, vocabulary %d, %.2fM parameters",
             out, layers, hidden_size, len(tokenizer), model.num_parameters() / 1e6)
    return out
