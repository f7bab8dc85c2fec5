"""predict.py's job: stream documents through a :class:`Tagger` into JSONL records."""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from itertools import islice
from typing import Any, Iterable, Iterator

from .config import RunConfig
from .documents import RecordWriter, Skipped, iter_documents
from .errors import ArabertNerError, ConfigError
from .inference import Tagger
from .render import HTML_TAIL, html_head, to_conll, to_html

log = logging.getLogger(__name__)

CHUNK_DOCUMENTS = 256  # documents tagged together: enough to fill batches, small enough to stream


def _chunks(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def format_from_extension(output: str | None) -> str:
    """jsonl, conll or html from the output file's extension; JSONL for stdout and anything else."""
    if output is None:
        return "jsonl"
    suffix = output.rsplit(".", 1)[-1].lower() if "." in output else ""
    return {"conll": "conll", "txt": "conll", "html": "html", "htm": "html"}.get(suffix, "jsonl")


def merge_record(source: dict[str, Any], tagged: dict[str, Any]) -> dict[str, Any]:
    """The output record: id, text, results, then the input's other fields unchanged."""
    out = {"id": source.get("id"), "text": source["text"]}
    out.update({k: v for k, v in tagged.items() if k != "text"})
    out.update({k: v for k, v in source.items() if k not in out})
    return out


def run_prediction(model: str, overrides: list[str], config: RunConfig | None, *, input_path: str | None,
                   text: str | None, output: str | None, encoding: str = "utf-8", fmt: str | None = None,
                   on_error: str = "fail", resume: bool = False) -> int:
    from tqdm import tqdm

    fmt = fmt or format_from_extension(output)
    if resume and (output is None or fmt != "jsonl"):
        raise ConfigError("--resume needs a JSONL --output file (it continues OUTPUT.part)")
    tagger = load_tagger(model, overrides, config)
    docs = iter_documents(input_path, text, encoding, on_error)
    n = skipped = 0
    skip_path = f"{output}.skipped.jsonl" if output else None
    with RecordWriter(output, resume=resume) as writer, RecordWriter(skip_path, resume=resume, keep_empty=False) as skips, \
            tqdm(desc="tagging", unit="doc", disable=output is None, file=sys.stderr) as bar:
        done = set(writer.finished_ids) | set(skips.finished_ids)
        if resume:
            log.info("resuming: %d record(s) already in %s", len(done), writer.part)
        if fmt == "html":
            writer.write_raw(html_head())
        for chunk in _chunks(_not_done(docs, done), CHUNK_DOCUMENTS):
            good = [d for d in chunk if not isinstance(d, Skipped)]
            for bad in (d for d in chunk if isinstance(d, Skipped)):
                skips.write(bad.record() | {"id": bad.id or f"{bad.source}:{bad.line}"})
                skipped += 1
            for source, tagged in _tag(tagger, good, on_error, skips):
                if tagged is None:
                    skipped += 1
                    continue
                record = merge_record(source, tagged)
                if fmt == "text":
                    writer.write_raw(render_text(record))
                elif fmt == "conll":
                    writer.write_raw(to_conll(record, tagger.normalizer))
                elif fmt == "html":
                    writer.write_raw(to_html(record))
                else:
                    writer.write(record)
                n += 1
            bar.update(len(chunk))
        if fmt == "html":
            writer.write_raw(HTML_TAIL)
    if output:
        write_meta(output, tagger, model, input_path if text is None else "--text", n)
        log.info("%d document(s) tagged into %s%s", n, output,
                 f"; {skipped} skipped, with reasons, in {skip_path}" if skipped else "")
    return 0


def _not_done(docs, done: set[str]):
    """Leave out what an interrupted run already wrote (--resume)."""
    for d in docs:
        key = (d.id or f"{d.source}:{d.line}") if isinstance(d, Skipped) else str(d.get("id"))
        if key not in done:
            yield d


def _tag(tagger, docs: list[dict[str, Any]], on_error: str, skips: RecordWriter):
    """(document, record) pairs; with --on-error skip a document that breaks the tagger is set aside."""
    try:
        yield from zip(docs, tagger.predict([d["text"] for d in docs]))
        return
    except ArabertNerError:
        raise
    except Exception:
        if on_error != "skip":
            raise
    for d in docs:  # find the culprit(s) one by one
        try:
            yield d, tagger.predict([d["text"]])[0]
        except Exception as e:  # noqa: BLE001 - the reason goes to the skipped file
            skips.write({"id": str(d.get("id")), "source": None, "line": None,
                         "reason": f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"})
            yield d, None


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
