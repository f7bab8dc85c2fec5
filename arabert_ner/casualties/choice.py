"""The casualty engine a trained folder chose on real news (``casualty_engine.json``), as the tagger reads it.

Written by :mod:`arabert_ner.evaluation.engine_choice` after training; read here so that tagging does
not depend on evaluation.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CHOICE_FILE = "casualty_engine.json"
ENGINES = ("rules", "model", "hybrid")


def read_choice(folder: str | Path) -> dict[str, Any] | None:
    """The recorded choice of a model folder, or None (an older folder, or a hub id)."""
    path = Path(folder) / CHOICE_FILE
    if not path.is_file():
        return None
    try:
        choice = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        log.warning("%s: unreadable, the casualty engine falls back to the rules", path)
        return None
    return choice if isinstance(choice, dict) and choice.get("engine") in ENGINES else None
