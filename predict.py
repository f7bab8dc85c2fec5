#!/usr/bin/env python3
"""Tag Arabic news articles: entities and casualty spans with offsets into the text exactly as given."""
import sys

from arabert_ner.cli.predict import main  # the same as `arabert-ner predict`

if __name__ == "__main__":
    sys.exit(main())
