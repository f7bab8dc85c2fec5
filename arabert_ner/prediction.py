"""predict.py's job: stream documents through a :class:`Tagger` into JSONL records."""
from __future__ import annotations

import logging
import sys
from itertools import islice
from typing import Any, Iterable, Iterator

from .config import RunConfig
from .documents import RecordWriter, iter_documents
from .inference import Tagger

log = logging.getLogger(__name__)

CHUNK_DOCUMENTS = 256  # documents tagged together: enough to fill batches, small enough to stream


def _chunks(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def merge_record(source: dict[str, Any], tagged: dict[str, Any]) -> dict[str, Any]:
    """The output record: id, text, results, then the input's other fields unchanged."""
    out = {"id": source.get("id"), "text": source["text"]}
    out.update({k: v for k, v in tagged.items() if k != "text"})
    out.update({k: v for k, v in source.items() if k not in out})
    return out


def run_prediction(model: str, overrides: list[str], config: RunConfig | None, *, input_path: str | None,
                   text: str | None, output: str | None, encoding: str = "utf-8", fmt: str = "jsonl") -> int:
    from tqdm import tqdm

    tagger = Tagger.from_pretrained(model, overrides=overrides, config=config)
    docs = iter_documents(input_path, text, encoding)
    n = 0
    with RecordWriter(output) as writer, tqdm(desc="tagging", unit="doc", disable=output is None,
                                              file=sys.stderr) as bar:
        for chunk in _chunks(docs, CHUNK_DOCUMENTS):
            for source, tagged in zip(chunk, tagger.predict([d["text"] for d in chunk])):
                record = merge_record(source, tagged)
                if fmt == "text":
                    writer.write_raw(render_text(record))
                else:
                    writer.write(record)
            n += len(chunk)
            bar.update(len(chunk))
    if output:
        log.info("%d document(s) tagged into %s", n, output)
    return 0


def render_text(record: dict[str, Any]) -> str:
    """A plain table of what was found, with offsets, for people reading a terminal."""
    lines = [f"== {record['id']} ({len(record['text'])} characters)"]
    for e in record["entities"]:
        lines.append(f"  {e['label']:<8} {e['start']:>6}:{e['end']:<6} {e['score']:.3f}  {e['text']}")
    for c in record["casualties"]:
        count = c.get("count")
        shown = "?" if count is None else (f"~{count}" if c.get("approximate") else str(count))
        lines.append(f"  {c['type'].upper():<8} {c['start']:>6}:{c['end']:<6} count={shown:<6} {c['text']}")
    if not record["entities"] and not record["casualties"]:
        lines.append("  (nothing found)")
    return "\n".join(lines) + "\n"
