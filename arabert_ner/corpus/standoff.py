"""Stand-off gold: annotations kept as article ids and offsets, materialised from the corpus they point into.

The real-news casualty gold (``data/real_casualties/``) annotates SaudiNewsNet passages, whose licence
(CC BY-NC-SA 4.0) keeps their text out of this repository. A stand-off record names its article and the
passage's character range in it; its events' offsets are relative to the passage. Reading such a file
gives ordinary records (``text`` + ``casualties``), so evaluate.py, training and the tests take it like
any other JSONL gold. The articles are read from ``../shared/data/saudinewsnet/casualty_candidates.jsonl``
beside the repository, or from the file named by ``ARABERT_NER_STANDOFF_SOURCE``.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from arabert_ner.errors import DataError
from arabert_ner.records import Record

SOURCE_ENV = "ARABERT_NER_STANDOFF_SOURCE"
DEFAULT_SOURCE = Path(__file__).resolve().parents[2].parent / "shared/data/saudinewsnet/casualty_candidates.jsonl"


class SourceMissing(DataError):
    """The corpus a stand-off file points into is not on this machine."""


def source_path() -> Path:
    """Where the articles of stand-off records are read from."""
    return Path(os.environ.get(SOURCE_ENV) or DEFAULT_SOURCE)


def is_standoff(record: Any) -> bool:
    """A record that names an article and a range instead of carrying its text."""
    return isinstance(record, dict) and "article_id" in record and "text" not in record


@lru_cache(maxsize=4)
def _articles(path: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                article = json.loads(line)
                texts[article["id"]] = article["text"]
    return texts


def _offset(value: Any, what: str, path: str, line: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DataError(f"{what} must be a non-negative integer, got {value!r}", path, line)
    return value


def materialise(record: dict[str, Any], path: str, line: int, source: Path | None = None) -> dict[str, Any]:
    """The record with the passage text filled in and every event's ``text`` taken from it."""
    source = source or source_path()
    if not source.exists():
        raise SourceMissing(f"stand-off gold needs its source corpus, not found at {source} "
                            f"(set {SOURCE_ENV} to its path)", path, line)
    texts = _articles(str(source))
    article = texts.get(record["article_id"])
    if article is None:
        raise DataError(f"article '{record['article_id']}' is not in {source}", path, line)
    start = _offset(record.get("start"), "start", path, line)
    end = _offset(record.get("end"), "end", path, line)
    if not start <= end <= len(article):
        raise DataError(f"passage range {start}-{end} is outside article '{record['article_id']}' "
                        f"({len(article)} characters)", path, line)
    text = article[start:end]

    def span(item: dict[str, Any], what: str) -> dict[str, Any]:
        s = _offset(item.get("start"), f"{what} start", path, line)
        e = _offset(item.get("end"), f"{what} end", path, line)
        if not s < e <= len(text):
            raise DataError(f"{what} range {s}-{e} is outside the passage ({len(text)} characters)", path, line)
        return {**item, "text": text[s:e], "start": s, "end": e}

    casualties = []
    for ev in record.get("casualties", []):
        out = span(ev, "event")
        out["among"] = [span(a, "subset") for a in ev.get("among", [])]
        out.setdefault("locations", [])
        out.setdefault("time", None)
        out.setdefault("same_as", None)
        casualties.append(out)
    meta = {k: v for k, v in record.items() if k not in ("start", "end", "casualties")}
    return {**meta, "id": record.get("id", f"{record['article_id']}:{start}"), "text": text,
            "entities": record.get("entities", []), "casualties": casualties,
            "passage": {"start": start, "end": end}}


def read_standoff(path: str | Path, source: Path | None = None) -> list[Record]:
    """Every record of a stand-off JSONL file, materialised and checked as any record is."""
    out = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise DataError(f"malformed JSON ({e.msg} at column {e.colno})", str(path), number) from None
            if not is_standoff(record):
                raise DataError("not a stand-off record (needs 'article_id', 'start', 'end' and no 'text')",
                                str(path), number)
            out.append(Record.from_json(materialise(record, str(path), number, source), str(path), number))
    return out


def is_standoff_file(path: str | Path) -> bool:
    """Whether a JSONL file's first record is stand-off."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            for line in f:
                if line.strip():
                    return is_standoff(json.loads(line))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return False
