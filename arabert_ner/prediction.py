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

    tagger = load_tagger(model, overrides, config)
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
        write_meta(output, tagger, model, input_path if text is None else "--text", n)
        log.info("%d document(s) tagged into %s", n, output)
    return 0


def load_tagger(model: str | None, overrides: list[str], config: RunConfig | None):
    """A :class:`Tagger` for a model, or the rule engine alone when no model is given."""
    if model is None:
        from .config import build_config
        from .inference import RulesOnlyTagger

        log.warning("no --model: casualties from the rule engine only; entities will be empty")
        return RulesOnlyTagger(config or build_config(overrides=overrides))
    tagger = Tagger.from_pretrained(model, overrides=overrides, config=config)
    log.info("model %s, casualty engine %s", model, tagger.casualty_engine)
    return tagger


def write_meta(output: str, tagger, model: str | None, source: str | None, documents: int) -> None:
    """``OUTPUT.meta.json``: what produced this file, so archived runs can be traced and repeated."""
    from pathlib import Path

    from . import __version__
    from .io_utils import atomic_write_json

    revision = None
    if model is not None and not Path(model).exists():
        revision = tagger.config.model.revision
    atomic_write_json(Path(f"{output}.meta.json"), {
        "model": model, "model_revision": revision, "toolkit_version": __version__,
        "casualty_engine": tagger.casualty_engine, "input": source, "documents": documents,
        "config": tagger.config.to_dict()})


def render_text(record: dict[str, Any]) -> str:
    """A plain table of what was found, with offsets, for people reading a terminal."""
    lines = [f"== {record['id']} ({len(record['text'])} characters)"]
    rows = []
    for e in record["entities"]:
        rows.append((e["start"], f"  {e['label']:<8} {e['start']:>6}:{e['end']:<6} score {e['score']:.3f}  {e['text']}"))
    for c in record["casualties"]:
        count = c.get("count")
        shown = ("~" if c.get("approximate") else "") + ("?" if count is None else str(count))
        among = f"  among {[a['count'] for a in c['among']]}" if c["among"] else ""
        again = f"  (same as event {c['same_as']})" if c["same_as"] is not None else ""
        rows.append((c["start"], f"  {c['type'].upper():<8} {c['start']:>6}:{c['end']:<6} count {shown:<6} "
                                 f"{c['text']}{among}{again}"))
    lines += [row for _, row in sorted(rows, key=lambda r: r[0])]
    totals = record.get("totals") or {}
    lines.append(f"  totals: killed {totals.get('killed')}, injured {totals.get('injured')}")
    if not record["entities"] and not record["casualties"]:
        lines.append("  (nothing found)")
    return "\n".join(lines) + "\n"
