"""predict's streaming loop: documents in, through a :class:`Tagger` in blocks, records out (JSONL, CoNLL,
HTML or a text table), split between jobs or processes and merged back in input order."""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator

from arabert_ner.config import RunConfig
from arabert_ner.errors import ArabertNerError, ConfigError, DataError
from arabert_ner.model.loading import resolve_device
from arabert_ner.tagging.distributed import launched_world_size, process_state
from arabert_ner.tagging.documents import Skipped, iter_documents
from arabert_ner.tagging.provenance import (check_outputs, check_parts_agree, check_resume_provenance,
                                            check_shards_complete, part_meta, provenance, write_meta)
from arabert_ner.tagging.render import HTML_TAIL, html_head, render_text, to_conll, to_html
from arabert_ner.tagging.sharding import (Shard, blocks, document_key, merge_in_input_order, rank_output,
                                          select_for_process, select_shard)
from arabert_ner.tagging.tagger import load_tagger
from arabert_ner.tagging.writers import RecordWriter

log = logging.getLogger(__name__)

CHUNK_DOCUMENTS = 256  # documents tagged together: enough to fill batches, small enough to stream


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
                   on_error: str = "fail", resume: bool = False, shard: Shard | None = None) -> int:
    fmt = fmt or format_from_extension(output)
    if resume and (output is None or fmt != "jsonl"):
        raise ConfigError("--resume needs a JSONL --output file (it continues OUTPUT.part)")
    if shard is not None and fmt != "jsonl":
        raise ConfigError("--shard writes JSONL (predict.py --merge joins the parts); convert the merged file "
                          "with --format afterwards")
    if output:
        check_outputs(output, [input_path, model if model and Path(model).exists() else None])
    world = launched_world_size()
    state = None
    if world > 1:
        if output is None or fmt != "jsonl":
            raise ConfigError(f"{world} processes were launched: give a JSONL --output file (each process "
                              f"writes its part beside it and the main process merges them)")
        if input_path == "-":
            raise ConfigError(f"{world} processes were launched: they cannot share stdin; give --input a file "
                              f"or folder")
        if resume and Path(output).is_file() and not _rank_files(output, world):
            log.info("%s is complete; nothing to resume", output)
            return 0
        state = process_state(resolve_device(_requested_device(overrides, config)))
    keep_memory_flat()
    tagger = load_tagger(model, overrides, config)
    prov = provenance(tagger, model, input_path, text, shard)
    # Every line is read as a record or a set-aside one, and judged after the split: a bad line stops
    # (or is set aside by) the process or job that owns it, not every job of the run.
    docs = _judge(select_for_process(select_shard(iter_documents(input_path, text, encoding, "skip"), shard),
                                     state), on_error)
    if state is None:
        n, skipped = _tag_into(tagger, docs, output, fmt, on_error, resume, "tagging", prov)
    else:
        mine = rank_output(output, state.process_index, world)
        n, skipped = _tag_into(tagger, docs, mine, fmt, on_error, resume,
                               f"tagging (process {state.process_index} of {world})", prov)
        state.wait_for_everyone()
        if state.is_main_process:
            n, skipped = _merge_ranks(input_path, text, encoding, shard, output, world)
        state.wait_for_everyone()
        if not state.is_main_process:
            return 0
    if output:
        write_meta(output, tagger, model, input_path if text is None else "--text", n, shard,
                   processes=world, prov=prov)
        Path(part_meta(output)).unlink(missing_ok=True)
        log.info("%d document(s) tagged into %s%s", n, output,
                 f"; {skipped} skipped, with reasons, in {output}.skipped.jsonl" if skipped else "")
    return 0


def _judge(docs: Iterable[dict[str, Any] | Skipped], on_error: str) -> Iterator[dict[str, Any] | Skipped]:
    """With ``--on-error fail`` an unusable record stops the run, naming its file and line."""
    for d in docs:
        if isinstance(d, Skipped) and on_error != "skip":
            raise DataError(d.reason, d.source, d.line)
        yield d


def _tag_into(tagger, docs, output: str | None, fmt: str, on_error: str, resume: bool,
              desc: str, prov: dict[str, Any] | None = None) -> tuple[int, int]:
    """Tag a stream of documents into one output; returns (records written, documents set aside)."""
    from tqdm import tqdm

    if output and prov is not None:
        if resume:
            check_resume_provenance(output, prov)
        from arabert_ner.files import atomic_write_json

        atomic_write_json(Path(part_meta(output)), prov)  # the .part's provenance, checked by --resume
    n = skipped = 0
    skip_path = f"{output}.skipped.jsonl" if output else None
    with RecordWriter(output, resume=resume) as writer, RecordWriter(skip_path, resume=resume, keep_empty=False) as skips, \
            tqdm(desc=desc, unit="doc", disable=output is None, file=sys.stderr) as bar:
        done = set(writer.finished_ids) | set(skips.finished_ids)
        if resume:
            log.info("resuming: %d record(s) already in %s", len(done), writer.part)
        if fmt == "html":
            writer.write_raw(html_head())
        for chunk in blocks(_not_done(docs, done), CHUNK_DOCUMENTS):
            good = [d for d in chunk if not isinstance(d, Skipped)]
            for bad in (d for d in chunk if isinstance(d, Skipped)):
                skips.write(bad.record() | {"id": document_key(bad)})
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
    return n, skipped


def keep_memory_flat() -> None:
    """Have glibc return freed memory to the system at once (``M_TRIM_THRESHOLD`` = 0).

    Tensors of ever-changing shapes leave freed blocks that glibc keeps by default, so the resident
    memory of predict.py crept up by about 3 KB per document while streaming; with the threshold at 0
    it stayed flat at the same speed (bench/scaling.py, docs/performance.md). The environment variable
    ``MALLOC_TRIM_THRESHOLD_`` does the same from outside. A no-op where the C library is not glibc."""
    import ctypes

    try:
        mallopt = getattr(ctypes.CDLL(None), "mallopt", None)  # the C library already loaded into Python
    except (OSError, TypeError):  # TypeError: Windows has no "this process" handle
        return
    if mallopt is not None:
        mallopt(-1, 0)  # M_TRIM_THRESHOLD


def _requested_device(overrides: list[str], config: RunConfig | None) -> str:
    """The device asked for before the model is loaded: a process must claim its GPU before loading."""
    for item in reversed(overrides):
        if item.startswith("inference.device="):
            return item.split("=", 1)[1]
    return config.inference.device if config is not None else "auto"


def _rank_files(output: str, world: int) -> list[Path]:
    found = []
    for r in range(world):
        base = rank_output(output, r, world)
        found += [Path(p) for p in (base, f"{base}.part", f"{base}.skipped.jsonl", f"{base}.skipped.jsonl.part")
                  if Path(p).exists()]
    return found


def _input_keys(input_path: str | None, text: str | None, encoding: str, shard: Shard | None):
    return (document_key(d) for d in select_shard(iter_documents(input_path, text, encoding, "skip"), shard))


def _merge_groups(parts: list[Path], output: str) -> list[tuple[list[Path], Path]]:
    """The records and the set-aside records of ``parts``, each group with the file it merges into."""
    skip_parts = [p for p in (Path(f"{q}.skipped.jsonl") for q in parts) if p.is_file()]
    return [(parts, Path(output)), (skip_parts, Path(f"{output}.skipped.jsonl"))]


def _merge_ranks(input_path: str | None, text: str | None, encoding: str, shard: Shard | None,
                 output: str, world: int) -> tuple[int, int]:
    """Join the processes' files into OUTPUT (and OUTPUT.skipped.jsonl) in input order."""
    parts = [Path(rank_output(output, r, world)) for r in range(world)]
    groups = _merge_groups(parts, output)
    n, skipped = merge_in_input_order(_input_keys(input_path, text, encoding, shard), groups)
    for files, _ in groups:
        for p in files:
            p.unlink()
            Path(part_meta(str(p))).unlink(missing_ok=True)
    log.info("merged the outputs of %d processes into %s", world, output)
    return n, skipped


def run_merge(input_path: str, parts: list[str], output: str, encoding: str = "utf-8") -> int:
    """``predict.py --merge``: join the files of ``--shard`` jobs into one, in the input's order."""
    import json

    paths = [Path(p) for p in parts]
    part_files = [str(f) for p in paths for f in (p, Path(f"{p}.skipped.jsonl"), Path(f"{p}.meta.json"))]
    check_outputs(output, [input_path, *part_files])
    metas = [json.loads(m.read_text(encoding="utf-8")) if m.is_file() else None
             for m in (Path(f"{p}.meta.json") for p in paths)]
    check_shards_complete(paths, metas)
    check_parts_agree(input_path, paths, metas)
    groups = _merge_groups(paths, output)
    counts = merge_in_input_order(_input_keys(input_path, None, encoding, None), groups)
    n = counts[0]
    if metas[0] is not None:
        from arabert_ner.files import atomic_write_json

        atomic_write_json(Path(f"{output}.meta.json"), metas[0] | {
            "documents": n, "shard": None, "merged_from": [str(p) for p in paths]})
    log.info("%d record(s) from %d file(s) merged into %s in input order%s", n, len(paths), output,
             f"; {counts[1]} set aside, in {output}.skipped.jsonl" if counts[1] else "")
    return 0


def _not_done(docs, done: set[str]):
    """Leave out what an interrupted run already wrote (--resume)."""
    for d in docs:
        if document_key(d) not in done:
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
            skips.write({"id": document_key(d), "source": None, "line": None,
                         "reason": f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"})
            yield d, None
