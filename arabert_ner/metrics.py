"""Entity-level scores with seqeval, in both of its modes.

``default`` is conlleval-compatible (an orphan ``I-X`` starts an entity); ``strict`` is IOB2 mode where
an entity must start with ``B-`` and match exactly. Papers on Arabic NER mix the two, so we report both.
Scores are on words, never subwords.
"""
from __future__ import annotations

import warnings
from typing import Any

from seqeval.metrics import accuracy_score, classification_report
from seqeval.scheme import IOB2


def _report(y_true: list[list[str]], y_pred: list[list[str]], strict: bool) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # seqeval warns on types with no predicted or gold entity
        kwargs = {"mode": "strict", "scheme": IOB2} if strict else {}
        rep = classification_report(y_true, y_pred, output_dict=True, zero_division=0, **kwargs)
    per_type = {}
    for name, row in rep.items():
        if name in ("micro avg", "macro avg", "weighted avg"):
            continue
        per_type[name] = {"precision": float(row["precision"]), "recall": float(row["recall"]),
                          "f1": float(row["f1-score"]), "support": int(row["support"])}
    micro = rep.get("micro avg", {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0})
    macro = rep.get("macro avg", {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0})
    return {
        "micro": {"precision": float(micro["precision"]), "recall": float(micro["recall"]),
                  "f1": float(micro["f1-score"]), "support": int(micro["support"])},
        "macro": {"precision": float(macro["precision"]), "recall": float(macro["recall"]),
                  "f1": float(macro["f1-score"])},
        "per_type": dict(sorted(per_type.items())),
    }


def entity_scores(y_true: list[list[str]], y_pred: list[list[str]]) -> dict[str, Any]:
    """Micro/macro/per-type P/R/F1 in default and strict mode, and token accuracy."""
    if len(y_true) != len(y_pred) or any(len(a) != len(b) for a, b in zip(y_true, y_pred)):
        raise ValueError("gold and predicted sequences differ in length")
    return {
        "default": _report(y_true, y_pred, strict=False),
        "strict": _report(y_true, y_pred, strict=True),
        "token_accuracy": float(accuracy_score(y_true, y_pred)) if any(y_true) else 0.0,
        "sentences": len(y_true),
        "tokens": sum(len(s) for s in y_true),
    }
