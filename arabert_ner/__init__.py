"""Fine-tune AraBERT to tag Arabic news for named entities and casualty counts.

    from arabert_ner import Tagger
    Tagger.from_pretrained("models/quickstart").predict(["قتل 3 أشخاص في بغداد أمس"])
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Tagger", "__version__"]

if TYPE_CHECKING:
    from arabert_ner.tagging.tagger import Tagger


def __getattr__(name: str) -> Any:
    # Imported on first use so that `import arabert_ner` (and --help) does not load torch.
    if name == "Tagger":
        from arabert_ner.tagging.tagger import Tagger

        return Tagger
    raise AttributeError(f"module 'arabert_ner' has no attribute {name!r}")
