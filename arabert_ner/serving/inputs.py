"""Request bodies to documents, with one :class:`ApiError` (status, code, message) for each way a body is unusable.

A body is predict.py's input: ``application/json`` holding one ``{"id", "text", ...}`` object or a list of
them, or ``application/x-ndjson`` (JSONL, one object per line, exactly a predict.py ``--input`` file). Each
document is checked by :func:`arabert_ner.tagging.documents.check_record`, the same check predict.py applies.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..tagging.documents import check_record
from ..errors import DataError

JSON_TYPES = ("application/json",)
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/jsonlines", "application/x-jsonlines")
SOURCE = "request"  # documents without an id get "request:N", as a JSONL file's get "FILE:N"


class ApiError(Exception):
    """An answer other than 200: the HTTP status, a stable machine-readable code and a one-line message."""

    def __init__(self, status: int, code: str, message: str, document: int | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.document = document


@dataclass
class Parsed:
    documents: list[dict[str, Any]]
    jsonl: bool  # answer in JSONL too
    single: bool  # one object was sent: answer one record, not a list


def body_kind(content_type: str | None) -> bool:
    """True for JSONL, False for JSON; :class:`ApiError` 415 for anything else or a charset other than UTF-8."""
    if not content_type:
        raise ApiError(415, "unsupported_media_type", "send Content-Type: application/json (one document or a "
                                                      "list) or application/x-ndjson (one document per line)")
    media, *params = (p.strip() for p in content_type.split(";"))
    media = media.lower()
    for p in params:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower().replace("_", "-") not in ("utf-8", "utf8"):
            raise ApiError(415, "unsupported_media_type", f"the body must be UTF-8, not {value.strip()}")
    if media in JSON_TYPES:
        return False
    if media in JSONL_TYPES:
        return True
    raise ApiError(415, "unsupported_media_type", f"Content-Type {media} is not accepted; send application/json "
                                                  f"or application/x-ndjson")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _loads(text: str, line: int | None = None) -> Any:
    where = f"line {line}: " if line is not None else ""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        pos = f"line {e.lineno} column {e.colno}" if line is None else f"column {e.colno}"
        raise ApiError(400, "malformed_json", f"{where}malformed JSON ({e.msg} at {pos})") from None
    except (ValueError, RecursionError) as e:  # NaN/Infinity, or nesting deeper than the parser goes
        message = "nested too deeply" if isinstance(e, RecursionError) else str(e)
        raise ApiError(400, "malformed_json", f"{where}malformed JSON ({message})") from None


def parse_documents(body: bytes, content_type: str | None, max_documents: int) -> Parsed:
    """The documents of a request body, checked like predict.py's input, or :class:`ApiError`."""
    jsonl = body_kind(content_type)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ApiError(400, "invalid_utf8", f"the body is not valid UTF-8 (byte {e.start})") from None
    text = text.removeprefix("\ufeff")  # a BOM is odd but valid
    seen: dict[str, int] = {}
    if jsonl:  # lines end at \n only, as predict.py reads them: U+2028 may sit inside a JSON string
        items = [(n, _loads(line, n)) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
        single = False
    else:
        if not text.strip():
            raise ApiError(400, "malformed_json", "the body is empty; send a document or a list of documents")
        value = _loads(text)
        single = isinstance(value, dict)
        if not single and not isinstance(value, list):
            raise ApiError(422, "invalid_document", f"the body must be a JSON object {{\"text\": ...}} or a list "
                                                    f"of them, got {type(value).__name__}")
        items = list(enumerate([value] if single else value, 1))
    if len(items) > max_documents:
        raise ApiError(413, "too_many_documents", f"{len(items)} documents in one request; at most {max_documents} "
                                                  f"(split the request)")
    documents = []
    for n, item in items:
        try:
            documents.append(check_record(item, SOURCE, n, seen))
        except DataError as e:
            what = f"line {n}" if jsonl else f"document {n}"
            raise ApiError(422, "invalid_document", f"{what}: {e.reason}", document=n) from None
    _check_encodable(documents, jsonl)
    return Parsed(documents, jsonl, single)


def _check_encodable(documents: list[dict[str, Any]], jsonl: bool) -> None:
    """JSON escapes can spell a lone surrogate (``"\\ud800"``), which no UTF-8 answer can carry back."""
    for n, d in enumerate(documents, 1):
        try:
            json.dumps(d, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as e:
            what = f"line {n}" if jsonl else f"document {n}"
            raise ApiError(422, "invalid_document", f"{what}: holds an unpaired surrogate {e.object[e.start]!a}, "
                                                    f"which is not a character", document=n) from None
