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


PROVENANCE_KEYS = ("input_fingerprint", "model", "model_revision", "model_fingerprint", "config_hash",
                   "casualty_engine", "shard")
# Keys that change how fast records come, not what they say: a resumed run may change them.
_SPEED_KEYS = {"inference": ("batch_size", "device")}


def part_meta(output: str) -> str:
    """Where an unfinished output keeps its provenance (beside ``OUTPUT.part``)."""
    return f"{output}.part.meta.json"


def written_files(output: str) -> list[str]:
    return [output, f"{output}.part", f"{output}.meta.json", part_meta(output), f"{output}.skipped.jsonl",
            f"{output}.skipped.jsonl.part"]


def check_outputs(output: str, inputs: list[str | None]) -> None:
    """The overwrite rule for predict.py's files: none of them may be one of the inputs."""
    from arabert_ner.files import check_output

    for path in written_files(output):
        check_output(path, inputs=[i for i in inputs if i], what="output")


def config_hash(cfg: RunConfig) -> str:
    """A hash of the config keys that decide what a record says (not batch size or device)."""
    import hashlib
    import json

    data = cfg.to_dict()
    kept = {k: data[k] for k in ("model", "normalization", "labels", "inference", "casualties") if k in data}
    for section, keys in _SPEED_KEYS.items():
        kept[section] = {k: v for k, v in kept.get(section, {}).items() if k not in keys}
    return "sha256:" + hashlib.sha256(json.dumps(kept, sort_keys=True).encode("utf-8")).hexdigest()[:32]


def model_fingerprint(model: str | None) -> str | None:
    """A local model folder's config and weight files (names, sizes, config bytes); None for hub ids."""
    import hashlib

    if not model or not Path(model).is_dir():
        return None
    digest = hashlib.sha256()
    for f in sorted(Path(model).glob("*")):
        if f.is_file() and (f.suffix in (".safetensors", ".json", ".txt") or f.name == "run_config.yaml"):
            digest.update(f"{f.name}:{f.stat().st_size}\0".encode())
            if f.suffix != ".safetensors":
                digest.update(f.read_bytes())
    return "sha256:" + digest.hexdigest()[:32]


def provenance(tagger, model: str | None, input_path: str | None, text: str | None,
               shard: Shard | None) -> dict[str, Any]:
    """What made a file of records: input (content hash), model, revision, config; kept with ``.part``
    files and in ``OUTPUT.meta.json`` so ``--resume`` and ``--merge`` can refuse parts of another run."""
    import hashlib

    from arabert_ner.files import fingerprint

    if text is not None:
        input_print = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    else:
        input_print = fingerprint(input_path)
    return {"input": str(Path(input_path).resolve()) if input_path not in (None, "-") else input_path,
            "input_fingerprint": input_print, "model": model,
            "model_revision": None if model is None or Path(model).exists() else tagger.config.model.revision,
            "model_fingerprint": model_fingerprint(model), "config_hash": config_hash(tagger.config),
            "casualty_engine": tagger.casualty_engine, "shard": str(shard) if shard else None}


def provenance_differences(saved: dict[str, Any], current: dict[str, Any], keys=PROVENANCE_KEYS) -> list[str]:
    """``key a != b`` for each provenance key both records have and that differs; a fingerprint that is
    None (stdin, a hub model) is unknown rather than different."""
    out = []
    for k in keys:
        if k not in saved or k not in current:
            continue  # a record written before this key existed
        a, b = saved[k], current[k]
        if a != b and not (k.endswith("fingerprint") and (a is None or b is None)):
            out.append(f"{k} {a} != {b}")
    return out


def check_resume_provenance(output: str, prov: dict[str, Any]) -> None:
    """Refuse to continue a ``.part`` made from another input, model or config, naming what differs."""
    import json

    if Path(f"{output}.part").exists():
        source = Path(part_meta(output))
    elif Path(output).is_file():
        source = Path(f"{output}.meta.json")
    else:
        return
    if not source.is_file():
        log.warning("%s has no provenance record (an older version wrote it, or it was written to stdout): cannot "
                    "check that it comes from the same input and model", output)
        return
    try:
        saved = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DataError("unreadable provenance file; delete it and the .part to start again", str(source)) from None
    saved = saved.get("provenance") or saved
    diff = provenance_differences(saved, prov)
    if diff:
        raise ConfigError(f"{output}: --resume refused, the records so far were made by another run "
                          f"({'; '.join(diff)}); rerun without --resume to start again")


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
    _check_shards_complete(paths, metas)
    _check_parts_agree(input_path, paths, metas)
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


def _check_parts_agree(input_path: str, paths: list[Path], metas: list[dict[str, Any] | None]) -> None:
    """Parts tagged by different models, revisions, configs or from another input are not one result."""
    from arabert_ner.files import fingerprint

    provs = [(p, (m.get("provenance") or m)) for p, m in zip(paths, metas) if m is not None]
    if not provs:
        return
    keys = [k for k in PROVENANCE_KEYS if k != "shard"]
    first_path, first = provs[0]
    for path, prov in provs[1:]:
        diff = provenance_differences(first, prov, keys)
        if diff:
            raise ConfigError(f"--merge: {path} and {first_path} come from different runs ({'; '.join(diff)}); "
                              f"tag every shard with the same model, revision and config")
    here = fingerprint(input_path)
    for path, prov in provs:
        made_from = prov.get("input_fingerprint")
        if here and made_from and made_from != here:
            raise ConfigError(f"--merge: {path} was made from another input than {input_path} "
                              f"(input_fingerprint {made_from} != {here})")


def _check_shards_complete(paths: list[Path], metas: list[dict[str, Any] | None]) -> None:
    """Where the parts' .meta.json files say which shard each is, all N shards must be there, once."""
    specs = [m.get("shard") for m in metas if m is not None]
    if len(specs) != len(paths) or None in specs:
        return  # parts written to stdout have no meta; the input-coverage check still applies
    counts = {int(s.split("/")[1]) for s in specs}
    if len(counts) != 1:
        raise ConfigError(f"--merge: the parts come from different splits ({', '.join(specs)})")
    total = counts.pop()
    have = sorted(int(s.split("/")[0]) for s in specs)
    if have != list(range(total)):
        absent = sorted(set(range(total)) - set(have))
        raise ConfigError(f"--merge: shards {', '.join(specs)} given; "
                          + (f"missing {', '.join(f'{i}/{total}' for i in absent)}" if absent else "some twice"))


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


def write_meta(output: str, tagger, model: str | None, source: str | None, documents: int,
               shard: Shard | None = None, processes: int = 1, prov: dict[str, Any] | None = None) -> None:
    """``OUTPUT.meta.json``: what produced this file, so archived runs can be traced and repeated."""
    from arabert_ner import __version__
    from arabert_ner.files import atomic_write_json

    revision = None
    if model is not None and not Path(model).exists():
        revision = tagger.config.model.revision
    atomic_write_json(Path(f"{output}.meta.json"), {
        "model": model, "model_revision": revision, "toolkit_version": __version__,
        "casualty_engine": tagger.casualty_engine, "input": source, "documents": documents,
        "shard": str(shard) if shard else None, "processes": processes,
        "provenance": prov, "config": tagger.config.to_dict()})
