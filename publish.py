#!/usr/bin/env python3
"""Publish a trained model folder to the Hugging Face Hub with a card built from measured results."""
import sys

from arabert_ner.cli.publish import main  # the same as `arabert-ner publish`

if __name__ == "__main__":
    sys.exit(main())
