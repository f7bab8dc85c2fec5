"""Which casualty engine a trained folder uses by default, chosen by measurement on real news.

After training, a model that tags casualty spans is scored on the real-news dev set
(``casualties.selection_data``, stand-off gold materialised from ``../shared``) with each engine: the
rules alone, the model's spans alone, and the rules-first hybrid at several confidence thresholds. The
best is written to ``casualty_engine.json`` in the folder, with every score, and ``predict.py``'s
``--casualty-engine auto`` reads it. Rules win ties and the hybrid must beat them outright, so a model
never gets a worse default than the rules; a folder trained where the real dev set was not at hand (no
``../shared``) records that, and defaults to the rules.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from arabert_ner.casualties.choice import CHOICE_FILE
from arabert_ner.config import RunConfig
from arabert_ner.files import atomic_write_json
from arabert_ner.records import CasualtyEvent, Record

log = logging.getLogger(__name__)

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)


def _event_f1(gold: list[list[CasualtyEvent]], pred: list[list[CasualtyEvent]]) -> dict[str, float]:
    from arabert_ner.evaluation.metrics import casualty_scores

    s = casualty_scores(gold, pred)
    return {"f1": round(s["events"]["f1"], 4), "precision": round(s["events"]["precision"], 4),
            "recall": round(s["events"]["recall"], 4), "subset_accuracy": s["subset_accuracy"]}


def choose(tagger, records: list[Record]) -> dict[str, Any]:
    """Score every engine on ``records`` (gold with ``casualties``) with one pass of the model."""
    texts = [r.text for r in records]
    gold = [list(r.casualties) for r in records]
    docs = [tagger.normalizer.normalize(t).words for t in texts]
    spans = tagger.spans(texts, docs)
    extractor = tagger.casualties
    types = tagger.casualty_tags

    def run(engine: str) -> list[list[CasualtyEvent]]:
        return [extractor.extract(t, entities=[s for s in sp if s.label not in types],
                                  model_spans=[s for s in sp if s.label in types],
                                  engine=engine, words=w) for t, w, sp in zip(texts, docs, spans)]

    model = _event_f1(gold, run("model"))
    keep = extractor.hybrid_threshold
    hybrid: dict[str, Any] = {}
    try:
        with extractor.remembering_rule_events():  # the rules run once per document, not once per threshold
            scores: dict[str, Any] = {"rules": _event_f1(gold, run("rules")), "model": model}
            # the hybrid at t depends only on the model spans scored >= t; with none it is the rules
            seen: dict[tuple, dict[str, float]] = {tuple(() for _ in spans): scores["rules"]}
            for t in THRESHOLDS:
                kept = tuple(tuple(i for i, s in enumerate(sp)
                                   if s.label in types and s.score is not None and s.score >= t) for sp in spans)
                if kept not in seen:
                    extractor.hybrid_threshold = t
                    seen[kept] = _event_f1(gold, run("hybrid"))
                hybrid[str(t)] = seen[kept]
    finally:
        extractor.hybrid_threshold = keep  # the tagger is shared: never leave it at a trial threshold
    scores["hybrid"] = hybrid
    best_t = max(THRESHOLDS, key=lambda t: (hybrid[str(t)]["f1"], t))  # ties: the stricter threshold
    engine, threshold = "rules", None
    if hybrid[str(best_t)]["f1"] > scores["rules"]["f1"]:
        engine, threshold = "hybrid", best_t
    if scores["model"]["f1"] > max(scores["rules"]["f1"], hybrid[str(best_t)]["f1"]):
        engine, threshold = "model", None
    return {"engine": engine, "threshold": threshold, "scores": scores, "documents": len(records)}


def record_choice(folder: str | Path, cfg: RunConfig) -> dict[str, Any] | None:
    """Measure and write ``casualty_engine.json`` for a finished folder whose model tags casualties."""
    from arabert_ner.corpus.standoff import SourceMissing, read_standoff
    from arabert_ner.tagging.tagger import Tagger

    folder = Path(folder)
    tagger = Tagger.from_pretrained(folder)
    if not tagger.model_tags_casualties:
        return None
    data = cfg.casualties.selection_data
    choice: dict[str, Any]
    if not data:
        choice = {"engine": "rules", "reason": "casualties.selection_data is empty: no real-news dev set to choose on"}
    elif not Path(data).is_file():
        choice = {"engine": "rules", "reason": f"the real-news dev set {data} was not found"}
    else:
        try:
            records = read_standoff(data)
        except SourceMissing as e:
            choice = {"engine": "rules", "reason": f"the real-news dev set was not at hand ({e.reason})"}
        else:
            choice = choose(tagger, records)
            choice["data"] = data
    atomic_write_json(folder / CHOICE_FILE, choice)
    if "scores" in choice:
        s = choice["scores"]
        best_h = max(s["hybrid"].values(), key=lambda v: v["f1"])
        log.info("casualty engine: %s by default (real-news dev event F1: rules %.4f, model %.4f, hybrid %.4f "
                 "at best threshold), written to %s", choice["engine"], s["rules"]["f1"], s["model"]["f1"],
                 best_h["f1"], folder / CHOICE_FILE)
    else:
        log.info("casualty engine: rules by default (%s)", choice["reason"])
    return choice
