"""Corpus statistics: sentences, tokens, entities per type, longest sentence, and what was repaired.

    arabert-ner stats ../shared/data/anercorp/train.txt data.label_map=anercorp
    arabert-ner stats data/train.jsonl --config configs/quickstart.yaml
"""
from __future__ import annotations

import json
from typing import Any

from arabert_ner.config import RunConfig
from arabert_ner.corpus.labels import TagChecker, load_label_map
from arabert_ner.text.normalize import Normalizer
from arabert_ner.corpus.readers import entity_counts, read_examples


def file_stats(path: str, cfg: RunConfig) -> dict[str, Any]:
    checker = TagChecker(cfg.labels.types, load_label_map(cfg.data.label_map), cfg.labels.repair)
    examples = read_examples(path, cfg.data, checker, Normalizer(cfg.normalization))
    lengths = [len(ex.tokens) for ex in examples]
    longest = max(range(len(examples)), key=lambda i: lengths[i]) if examples else None
    return {
        "file": path,
        "sentences": len(examples),
        "tokens": sum(lengths),
        "entities": dict(sorted(entity_counts(examples).items())),
        "longest_sentence_tokens": lengths[longest] if longest is not None else 0,
        "longest_sentence_at": f"{examples[longest].source}:{examples[longest].line}" if longest is not None else None,
        "repairs": checker.report.lines(),
    }


def types_in(files: list[str], cfg: RunConfig) -> list[str]:
    """Every span type used in the files (after the label map), in first-seen order."""
    from arabert_ner.corpus.labels import split_tag
    from arabert_ner.corpus.readers import detect_format

    label_map = load_label_map(cfg.data.label_map)
    types: dict[str, None] = {}
    for f in files:
        fmt = detect_format(f, cfg.data)
        with open(f, encoding=cfg.data.encoding if cfg.data.encoding != "utf-8" else "utf-8-sig",
                  errors="replace") as fh:
            for line in fh:
                if fmt == "jsonl":
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError:
                        continue
                    tags = [f"B-{e.get('label')}" for e in rec.get("entities") or []]
                    tags += [f"B-{str(c.get('type', '')).upper()}" for c in rec.get("casualties") or []]
                else:
                    cols = line.split()
                    tags = [cols[cfg.data.conll_tag_column]] if len(cols) >= 2 else []
                for tag in tags:
                    _, typ = split_tag(label_map.apply(tag))
                    if typ:
                        types[typ] = None
    return list(types) or cfg.labels.types
