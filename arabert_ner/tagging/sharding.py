"""Splitting predict.py's input between processes or jobs, and merging their outputs back in input order.

Two ways to spread an archive over machines, which combine:

* ``--shard I/N``: N independent jobs (a scheduler's array job); job I tags its part and writes its own
  file; ``predict.py --merge`` joins the files afterwards.
* ``torchrun`` / ``accelerate launch``: one job of several processes; accelerate's
  ``PartialState.split_between_processes`` gives each process its part, each writes
  ``OUTPUT.rank-R-of-W``, and the main process merges them into ``OUTPUT``.

The input is read as a stream in blocks; every block is cut into contiguous parts, so no process needs
the whole archive in memory. Outputs are merged by the order of ids in the input, so the merged file is
the single-process result record for record, whatever the split.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Sequence

from arabert_ner.tagging.documents import Skipped
from arabert_ner.errors import ConfigError, DataError, OutputError

BLOCK_PER_PART = 256  # documents per part in each block of the stream


@dataclass(frozen=True)
class Shard:
    """Part ``index`` (0-based) of ``count``."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(spec: str) -> Shard:
    """``"I/N"`` (0-based, like array-job indices) to a :class:`Shard`."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", spec)
    if not m:
        raise ConfigError(f"--shard {spec!r}: expected I/N, for example 0/4 (parts 0, 1, 2, 3 of 4)")
    index, count = int(m.group(1)), int(m.group(2))
    if count < 1 or index >= count:
        raise ConfigError(f"--shard {spec!r}: I must be between 0 and N-1 (0-based), and N at least 1")
    return Shard(index, count)


def contiguous_part(items: Sequence[Any], index: int, count: int) -> Sequence[Any]:
    """The slice ``split_between_processes`` gives process ``index`` of ``count`` (first parts one longer)."""
    size, extra = divmod(len(items), count)
    start = index * size + min(index, extra)
    return items[start:start + size + (1 if index < extra else 0)]


def blocks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of ``size`` items (the last one shorter) from a stream."""
    it = iter(items)
    while block := list(islice(it, size)):
        yield block


def select_shard(docs: Iterable[Any], shard: Shard | None) -> Iterator[Any]:
    """This job's documents under ``--shard`` (all of them without it)."""
    if shard is None or shard.count == 1:
        yield from docs
        return
    for block in blocks(docs, BLOCK_PER_PART * shard.count):
        yield from contiguous_part(block, shard.index, shard.count)


def select_for_process(docs: Iterable[Any], state) -> Iterator[Any]:
    """This process's documents when launched with several (accelerate ``PartialState``)."""
    if state is None or state.num_processes == 1:
        yield from docs
        return
    for block in blocks(docs, BLOCK_PER_PART * state.num_processes):
        with state.split_between_processes(block) as mine:
            yield from mine


def document_key(doc: dict[str, Any] | Skipped) -> str:
    """The id a document's record (or its skipped-record entry) carries in the output."""
    if isinstance(doc, Skipped):
        return doc.id or f"{doc.source}:{doc.line}"
    return str(doc.get("id"))


def rank_output(output: str, rank: int, world: int) -> str:
    return f"{output}.rank-{rank}-of-{world}"


class _Lines:
    """A JSONL file read one record ahead, keeping each line's exact text."""

    def __init__(self, path: Path):
        self.path = path
        self.fh: IO[str] = open(path, encoding="utf-8", newline="")
        self.number = 0
        self.line: str | None = None
        self.key: str | None = None
        self.advance()

    def advance(self) -> None:
        self.line = self.fh.readline() or None
        self.key = None
        if self.line is None:
            return
        self.number += 1
        try:
            self.key = str(json.loads(self.line)["id"])
        except (ValueError, KeyError, TypeError):
            raise DataError("not a record written by predict.py (no JSON object with an 'id')",
                            str(self.path), self.number) from None

    def close(self) -> None:
        self.fh.close()


def merge_in_input_order(keys: Iterable[str], groups: list[tuple[list[Path], Path]]) -> list[int]:
    """Merge each group's part files into its output file, all in the order of ``keys``, in one pass.

    The groups are the records and the set-aside (skipped) records: every input document is in exactly
    one part of one group. Each part holds its records in input order, as predict.py writes them. A record
    that is not in the input or out of order, or an input document found in no part (a shard missing),
    is an error and nothing is written. Returns the number of records written per group (a group with
    no parts writes no file)."""
    given = groups
    groups = [g for g in given if g[0]]
    for parts, _ in groups:
        missing = [p for p in parts if not p.is_file()]
        if missing:
            raise DataError("shard output not found", str(missing[0]))
    readers = [[_Lines(p) for p in parts] for parts, _ in groups]
    temps = [Path(f"{out}.part") for _, out in groups]
    counts = [0] * len(groups)
    unmatched: list[str] = []
    handles: list[IO[str]] = []
    try:
        handles = [open(t, "w", encoding="utf-8", newline="") for t in temps]
        for key in keys:
            hit = next(((g, r) for g, rs in enumerate(readers) for r in rs if r.key == key), None)
            if hit is None:
                unmatched.append(key)
                continue
            g, r = hit
            handles[g].write(r.line if r.line.endswith("\n") else r.line + "\n")
            r.advance()
            counts[g] += 1
        left = next((r for rs in readers for r in rs if r.line is not None), None)
        if left is not None:
            raise DataError(f"record '{left.key}' is not in the input, or out of input order "
                            f"(was this part made from another input?)", str(left.path), left.number)
        if unmatched:
            raise DataError(f"{len(unmatched)} input document(s) are in none of the parts, the first '{unmatched[0]}' "
                            f"(is a shard missing or unfinished?)")
        for h in handles:
            h.flush()
            os.fsync(h.fileno())
    except BaseException:
        for h in handles:
            h.close()
        for t in temps:
            t.unlink(missing_ok=True)
        raise
    finally:
        for rs in readers:
            for r in rs:
                r.close()
    for h in handles:
        h.close()
    try:
        for t, (_, out) in zip(temps, groups):
            os.replace(t, out)
    except OSError as e:
        raise OutputError(f"{e.filename}: cannot write ({e.strerror})") from None
    written = dict(zip((id(g) for g in groups), counts))
    return [written.get(id(g), 0) for g in given]
