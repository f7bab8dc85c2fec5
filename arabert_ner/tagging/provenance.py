"""What made a file of records, and whether files come from the same run: the provenance kept beside
``OUTPUT.part`` and in ``OUTPUT.meta.json``, the checks ``--resume`` and ``--merge`` make with it, and
which files predict.py writes for an output (none of them may be an input)."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from arabert_ner.config import RunConfig
from arabert_ner.errors import ConfigError, DataError
from arabert_ner.tagging.sharding import Shard

log = logging.getLogger(__name__)

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


def check_parts_agree(input_path: str, paths: list[Path], metas: list[dict[str, Any] | None]) -> None:
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


def check_shards_complete(paths: list[Path], metas: list[dict[str, Any] | None]) -> None:
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
