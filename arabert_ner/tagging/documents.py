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
from arabert_ner.records import Record, claim_id


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
        yield from _iter_jsonl(sys.stdin.buffer, "<stdin>", on_error, encoding)
        return
    path = Path(input_path)
    if not path.exists():
        raise DataError("input not found", str(path))
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.txt") if p.is_file())
        if not files:
            raise DataError("folder holds no .txt files", str(path))
        for f in files:
            rid = f.relative_to(path).as_posix()
            try:
                text_of_file = _read_text(f, encoding)
            except DataError as e:
                if on_error != "skip":
                    raise
                yield Skipped(str(f), e.line, e.reason, rid)  # one unreadable file is set aside, not the folder
                continue
            yield {"id": rid, "text": text_of_file}
        return
    if path.suffix.lower() == ".jsonl" or path.name.lower().endswith(".jsonl.gz"):
        with _open(path) as fh:
            yield from _iter_jsonl(fh, str(path), on_error, encoding)
        return
    yield {"id": path.name, "text": _read_text(path, encoding)}


def _open(path: Path) -> IO[bytes]:
    """Bytes, decoded line by line later: an undecodable line is then one bad record, named exactly."""
    try:
        if path.name.lower().endswith(".gz"):
            import gzip

            return gzip.open(path, "rb")
        return open(path, "rb")
    except OSError as e:
        raise DataError(f"cannot read ({e.strerror})", str(path)) from None


def _read_text(path: Path, encoding: str) -> str:
    from arabert_ner.corpus.readers import read_text_file

    return read_text_file(path, encoding)


def _iter_jsonl(fh: IO[bytes], name: str, on_error: str = "fail",
                encoding: str = "utf-8") -> Iterator[dict[str, Any] | Skipped]:
    """Records of a JSONL byte stream. Each line is decoded on its own, so a line that is not valid in
    ``encoding`` is reported with its own line number and byte offset (in the line and in the file) and,
    with ``on_error="skip"``, set aside while the lines after it are read."""
    import codecs

    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise DataError(f"unknown encoding '{encoding}'", name) from None
    if "\n".encode(codec.name) != b"\n":  # UTF-16/32: lines cannot be cut as bytes; decode the stream
        lines = enumerate(_decoded_lines(codecs.getreader(codec.name)(fh), name), start=1)
    else:
        lines = _numbered_byte_lines(fh, name, codec.name, encoding, on_error)
    yield from _records(lines, name, on_error)


def _numbered_byte_lines(fh: IO[bytes], name: str, codec: str, encoding: str,
                         on_error: str) -> Iterator[tuple[int, str] | Skipped]:
    """(line number, decoded line) for each line; an undecodable line is an error, or Skipped."""
    import codecs
    import gzip

    utf8 = codec == "utf-8"
    number = 0
    offset = 0  # of the line in the (decompressed) file
    while True:
        try:
            raw = fh.readline()
        except (OSError, EOFError, gzip.BadGzipFile) as e:
            raise DataError(f"cannot read ({getattr(e, 'strerror', None) or e})", name, number + 1) from None
        if not raw:
            break
        number += 1
        line_offset, offset = offset, offset + len(raw)
        if number == 1 and utf8 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
            line_offset += len(codecs.BOM_UTF8)
        try:
            yield number, raw.decode(codec)
        except UnicodeDecodeError as e:
            reason = (f"not valid {'UTF-8' if utf8 else encoding} (byte {e.start} of the line, byte {line_offset + e.start} of the "
                      f"file; use --encoding)")
            if on_error != "skip":
                raise DataError(reason, name, number) from None
            yield Skipped(name, number, reason, None)


def _records(lines: Iterator[tuple[int, str] | Skipped], name: str,
             on_error: str) -> Iterator[dict[str, Any] | Skipped]:
    """Parse numbered JSONL lines into records (ids unique in the file); with ``on_error="skip"`` an unusable
    line becomes Skipped and the lines after it are read."""
    seen: dict[str, int] = {}
    for item in lines:
        if isinstance(item, Skipped):
            yield item
            continue
        number, line = item
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


def _decoded_lines(fh: IO[str], name: str) -> Iterator[str]:
    number = 0
    while True:
        try:
            line = fh.readline()
        except UnicodeDecodeError as e:
            raise DataError(f"cannot be decoded (byte {e.start}; use --encoding)", name, number + 1) from None
        if not line:
            return
        number += 1
        yield line.lstrip("\ufeff") if number == 1 else line


def _parse_record(line: str, name: str, number: int, seen: dict[str, int]) -> dict[str, Any]:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        raise DataError(f"malformed JSON ({e.msg} at column {e.colno})", name, number) from None
    return check_record(rec, name, number, seen)


def check_record(rec: Any, name: str, number: int, seen: dict[str, int]) -> dict[str, Any]:
    """A parsed input record as predict.py takes it: valid by :meth:`Record.from_json` (an object with a
    string ``text``; any spans it carries inside it), with an id unique among ``seen`` (a missing id becomes
    ``NAME:NUMBER``). Shared by JSONL files and the HTTP server; the dict is returned, its other fields
    unchanged, since they are copied into the output record."""
    record = Record.from_json(rec, name, number)
    claim_id(record.id, seen, name, number)
    rec["id"] = record.id
    return rec


def _guess_id(line: str) -> str | None:
    try:
        rec = json.loads(line)
        return str(rec["id"]) if isinstance(rec, dict) and "id" in rec else None
    except (json.JSONDecodeError, TypeError):
        return None
