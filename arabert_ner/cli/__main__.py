"""``python -m arabert_ner.cli COMMAND ...``: the same as the installed ``arabert-ner`` command."""
import sys

from arabert_ner.cli import main

sys.exit(main())
