"""Reading documents to tag, streamed: the input side of predict (the output side is :mod:`writers`).

Inputs: a text given on the command line, a ``.txt`` file (one document), a ``.jsonl`` or ``.jsonl.gz``
file (``{"id", "text", ...}`` per line), a folder of ``.txt`` files, or ``-`` for JSONL on stdin.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator

from arabert_ner.errors import DataError


@dataclass
class Skipped:
    """A record that cannot be used, kept (with its reason) instead of stopping the run (--on-error skip)."""

    source: str
    line: int | None
    reason: str
    id: str | None = None

    def record(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "line": self.line, "reason": self.reason}


def iter_documents(input_path: str | None = None, text: str | None = None,
                   encoding: str = "utf-8", on_error: str = "fail") -> Iterator[dict[str, Any] | Skipped]:
    """Yield ``{"id", "text", ...}`` records; other fields of JSONL records are kept unchanged.

    With ``on_error="skip"`` a bad JSONL line is yielded as :class:`Skipped` instead of raising."""
    if text is not None:
        yield {"id": "text", "text": text}
        return
    if input_path is None:
        raise DataError("nothing to tag: pass --text or --input")
    if input_path == "-":
        yield from _iter_jsonl(sys.stdin, "<stdin>", on_error)
        return
    path = Path(input_path)
    if not path.exists():
        raise DataError("input not found", str(path))
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.txt") if p.is_file())
        if not files:
            raise DataError("folder holds no .txt files", str(path))
        for f in files:
            yield {"id": f.relative_to(path).as_posix(), "text": _read_text(f, encoding)}
        return
    if path.suffix.lower() == ".jsonl" or path.name.lower().endswith(".jsonl.gz"):
        with _open(path, encoding) as fh:
            yield from _iter_jsonl(fh, str(path), on_error)
        return
    yield {"id": path.name, "text": _read_text(path, encoding)}


def _open(path: Path, encoding: str) -> IO[str]:
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        if path.name.lower().endswith(".gz"):
            import gzip

            return gzip.open(path, "rt", encoding=enc, newline="")
        return open(path, encoding=enc, newline="")
    except OSError as e:
        raise DataError(f"cannot read ({e.strerror})", str(path)) from None


def _read_text(path: Path, encoding: str) -> str:
    from arabert_ner.corpus.readers import read_text_file

    return read_text_file(path, encoding)


def _iter_jsonl(fh: IO[str], name: str, on_error: str = "fail") -> Iterator[dict[str, Any] | Skipped]:
    seen: dict[str, int] = {}
    number = 0
    while True:
        try:
            line = fh.readline()
        except UnicodeDecodeError as e:
            # The decoder cannot resynchronise inside a stream, so this stops the file even when skipping.
            raise DataError(f"not valid UTF-8 (byte {e.start} of the line; use --encoding)", name, number + 1) from None
        if not line:
            break
        number += 1
        if not line.strip():
            continue
        try:
            rec = _parse_record(line, name, number, seen)
        except DataError as e:
            if on_error != "skip":
                raise
            yield Skipped(name, number, e.reason, _guess_id(line))
            continue
        yield rec


def _parse_record(line: str, name: str, number: int, seen: dict[str, int]) -> dict[str, Any]:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        raise DataError(f"malformed JSON ({e.msg} at column {e.colno})", name, number) from None
    return check_record(rec, name, number, seen)


def check_record(rec: Any, name: str, number: int, seen: dict[str, int]) -> dict[str, Any]:
    """A parsed input record as predict.py takes it: an object with a string ``text``, and an id unique
    among ``seen`` (a missing id becomes ``NAME:NUMBER``). Shared by JSONL files and the HTTP server."""
    if not isinstance(rec, dict):
        raise DataError("each line must be a JSON object", name, number)
    if "text" not in rec:
        raise DataError("record has no 'text' field", name, number)
    if not isinstance(rec["text"], str):
        raise DataError(f"'text' must be a string, got {type(rec['text']).__name__}", name, number)
    rid = str(rec.get("id", f"{Path(name).name}:{number}"))
    if rid in seen:
        raise DataError(f"duplicate id '{rid}' (first on line {seen[rid]})", name, number)
    seen[rid] = number
    rec["id"] = rec.get("id", rid)
    return rec


def _guess_id(line: str) -> str | None:
    try:
        rec = json.loads(line)
        return str(rec["id"]) if isinstance(rec, dict) and "id" in rec else None
    except (json.JSONDecodeError, TypeError):
        return None
