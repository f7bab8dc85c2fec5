#!/usr/bin/env python3
"""Fine-tune AraBERT (or any BERT-style encoder) to tag Arabic news for entities and casualty spans."""
import sys

from arabert_ner.cli.train import main  # the same as `arabert-ner train`

if __name__ == "__main__":
    sys.exit(main())
