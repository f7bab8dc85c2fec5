"""Writing tagged records: JSONL to stdout, or to ``OUTPUT.part`` renamed to ``OUTPUT`` when complete.

A ``.part`` file always ends on a whole record, so an interrupted run resumes where it stopped.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import IO, Any

from arabert_ner.errors import OutputError


def read_finished(part: Path) -> tuple[list[str], int]:
    """Ids of the complete records in an interrupted ``.part`` file, and the byte length they fill.

    A last line cut off by the kill is not complete: it is dropped, and written again on resume."""
    ids: list[str] = []
    good = 0
    with open(part, "rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                ids.append(str(json.loads(raw.decode("utf-8"))["id"]))
            except (ValueError, KeyError, TypeError):
                break
            good += len(raw)
    return ids, good


class RecordWriter:
    """JSONL to stdout, or to ``OUTPUT.part`` renamed to ``OUTPUT`` on success (never half a file)."""

    def __init__(self, output: str | None, resume: bool = False, keep_empty: bool = True):
        self.keep_empty = keep_empty
        self.output = Path(output) if output else None
        self.part = Path(f"{output}.part") if output else None
        self.resume = resume
        self.finished_ids: list[str] = []
        self._fh: IO[str] | None = None

    def __enter__(self) -> "RecordWriter":
        if self.part is None:
            self._fh = sys.stdout
            return self
        mode = "w"
        if self.resume and not self.part.exists() and self.output.is_file():
            os.replace(self.output, self.part)  # a finished output resumes as a no-op, not a fresh start
        if self.resume and self.part.exists():
            self.finished_ids, good = read_finished(self.part)
            with open(self.part, "r+b") as fh:
                fh.truncate(good)  # drop a record cut off by the interruption
            mode = "a"
        try:
            self.part.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.part, mode, encoding="utf-8", newline="\n")
        except OSError as e:
            raise OutputError(f"{self.output}: cannot write ({e.strerror})") from None
        return self

    def write(self, record: dict[str, Any]) -> None:
        assert self._fh is not None
        self._fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._fh.flush()  # the .part file always ends on a whole record, so --resume can trust it

    def write_raw(self, text: str) -> None:
        assert self._fh is not None
        self._fh.write(text)

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._fh is None or self._fh is sys.stdout:
            if self._fh is sys.stdout:
                sys.stdout.flush()
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        empty = self._fh.tell() == 0
        self._fh.close()
        if exc_type is None:
            if empty and not self.keep_empty:
                self.part.unlink()
            else:
                os.replace(self.part, self.output)
