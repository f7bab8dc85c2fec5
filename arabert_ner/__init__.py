"""Fine-tune AraBERT to tag Arabic news for named entities and casualty counts."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
