#!/usr/bin/env python3
"""Score a trained model with seqeval (default and strict IOB2 mode), on words, per entity type."""
import sys

from arabert_ner.cli.evaluate import main  # the same as `arabert-ner evaluate`

if __name__ == "__main__":
    sys.exit(main())
