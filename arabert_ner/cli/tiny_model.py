"""`arabert-ner tiny-model`: the tiny random-init BERT for offline quickstarts and tests."""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

from arabert_ner.cli.common import add_debug, overwrite_rule_help, run_main

log = logging.getLogger("arabert_ner.training.tiny_model")


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    from arabert_ner.files import atomic_write_text
    from arabert_ner.training.tiny_model import (DEFAULT_CORPUS, DEFAULT_VOCAB, build_tiny_model, corpus_lines,
                                                 read_vocab, train_vocab)

    parser = argparse.ArgumentParser(
        prog=prog,
        description="Build a tiny random-init BERT whose WordPiece vocabulary was learned from the repo's own "
                    "Arabic text, for offline quickstarts and tests.", epilog=overwrite_rule_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output-dir", default="models/tiny-bert", help="Folder to write (default: %(default)s).")
    parser.add_argument("--vocab", default=DEFAULT_VOCAB, help="Vocabulary file, one token per line in id "
                        "order (default: %(default)s).")
    parser.add_argument("--train-vocab", action="store_true",
                        help="Learn the vocabulary from --corpus first and write it to --vocab.")
    parser.add_argument("--corpus", nargs="+", default=list(DEFAULT_CORPUS),
                        help="JSONL (text field) or CoNLL files to learn the vocabulary from.")
    parser.add_argument("--vocab-size", type=int, default=3000, help="Largest vocabulary --train-vocab learns.")
    parser.add_argument("--hidden-size", type=int, default=128, help="Hidden size.")
    parser.add_argument("--layers", type=int, default=2, help="Transformer layers.")
    parser.add_argument("--heads", type=int, default=4, help="Attention heads.")
    parser.add_argument("--seed", type=int, default=0, help="Seed of the random weights.")
    add_debug(parser)
    args = parser.parse_args(argv)

    def body() -> int:
        if args.train_vocab:
            vocab = train_vocab(corpus_lines(args.corpus), args.vocab_size)
            atomic_write_text(Path(args.vocab), "\n".join(vocab) + "\n")
            log.info("vocabulary of %d tokens written to %s", len(vocab), args.vocab)
        build_tiny_model(args.output_dir, read_vocab(Path(args.vocab)), args.hidden_size, args.layers,
                         args.heads, args.seed)
        return 0

    return run_main(body, debug=args.debug)

