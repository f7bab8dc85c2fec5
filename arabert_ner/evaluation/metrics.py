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

from arabert_ner.records import CasualtyEvent


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


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def _subset_counts(event: CasualtyEvent) -> list[tuple[bool, int]]:
    """The event's subset counts as a sortable multiset; a vague subset (count None) is its own value."""
    return sorted((a.count is None, a.count or 0) for a in event.among)


def casualty_scores(gold: list[list[CasualtyEvent]], pred: list[list[CasualtyEvent]],
                    gold_totals: list[dict] | None = None, pred_totals: list[dict] | None = None) -> dict[str, Any]:
    """Casualty metrics over documents (each a list of contract events).

    * spans: exact (type, start, end) matches, per type and overall;
    * events: per document, the multiset of (type, count) pairs (None equals None);
    * subsets and the approximate flag: over gold events that overlap a predicted event of their type;
    * totals: share of documents whose killed/injured totals are exactly right.
    """
    from collections import Counter

    # every type of the lexicon, and any other type the documents carry (a new event type is data)
    from arabert_ner.casualties.lexicon import default_lexicon

    kinds = dict.fromkeys([*default_lexicon().types, *(e.type for d in (*gold, *pred) for e in d)])
    span_counts = {t: [0, 0, 0] for t in kinds}
    ev = [0, 0, 0]
    subset_ok = subset_n = approx_ok = approx_n = 0
    for g_doc, p_doc in zip(gold, pred):
        for t in span_counts:
            g = {(e.start, e.end) for e in g_doc if e.type == t}
            p = {(e.start, e.end) for e in p_doc if e.type == t}
            span_counts[t][0] += len(g & p)
            span_counts[t][1] += len(p - g)
            span_counts[t][2] += len(g - p)
        g_ms = Counter((e.type, e.count) for e in g_doc)
        p_ms = Counter((e.type, e.count) for e in p_doc)
        tp = sum((g_ms & p_ms).values())
        ev[0] += tp
        ev[1] += sum(p_ms.values()) - tp
        ev[2] += sum(g_ms.values()) - tp
        for g_ev in g_doc:
            match = next((p for p in p_doc if p.type == g_ev.type and p.start < g_ev.end
                          and g_ev.start < p.end), None)
            if match is None:
                continue
            approx_n += 1
            approx_ok += match.approximate == g_ev.approximate
            if g_ev.among or match.among:
                subset_n += 1
                subset_ok += _subset_counts(g_ev) == _subset_counts(match)
    spans = {t: _prf(*c) for t, c in span_counts.items()}
    spans["all"] = _prf(*(sum(c[i] for c in span_counts.values()) for i in range(3)))
    out: dict[str, Any] = {
        "documents": len(gold), "gold_events": sum(len(d) for d in gold),
        "spans": spans, "events": _prf(*ev),
        "subset_accuracy": subset_ok / subset_n if subset_n else None, "subset_cases": subset_n,
        "approximate_accuracy": approx_ok / approx_n if approx_n else None, "approximate_cases": approx_n,
    }
    if gold_totals is not None and pred_totals is not None:
        out["totals_accuracy"] = sum(g == p for g, p in zip(gold_totals, pred_totals)) / max(1, len(gold_totals))
    return out
