"""Tag sets: the model's label list, label maps between corpora, and BIO repair.

One label list per model: ``O`` then ``B-``/``I-`` for each type in ``labels.types``, written into the
model's ``config.json`` as ``id2label``/``label2id`` so any tool can read it back.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from arabert_ner.errors import ConfigError, DataError

SHIPPED_MAPS = ("anercorp", "aqmar", "newsfane", "entities_only")


def label_list(types: list[str]) -> list[str]:
    """``["O", "B-T1", "I-T1", ...]`` in the order of ``types``."""
    labels = ["O"]
    for t in types:
        labels += [f"B-{t}", f"I-{t}"]
    return labels


def split_tag(tag: str) -> tuple[str, str | None]:
    """``"B-PER"`` -> ``("B", "PER")``; ``"O"`` -> ``("O", None)``. Types may contain '-'."""
    if tag == "O":
        return "O", None
    if len(tag) > 2 and tag[1] == "-" and tag[0] in "BI":
        return tag[0], tag[2:]
    return "", None


@dataclass
class LabelMap:
    """Renames tag types (``PERS`` -> ``PER``, a type -> ``O``) and whole tags (``IO`` -> ``O``)."""

    types: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    name: str = "none"

    def apply(self, tag: str) -> str:
        tag = self.tags.get(tag, tag)
        prefix, typ = split_tag(tag)
        if typ is None or typ not in self.types:
            return tag
        new = self.types[typ]
        return "O" if new == "O" else f"{prefix}-{new}"


def load_label_map(spec: str | None) -> LabelMap:
    """A shipped map by name, or a YAML file with ``types:`` and/or ``tags:`` mappings."""
    if not spec:
        return LabelMap()
    if spec in SHIPPED_MAPS:
        text = resources.files("arabert_ner.corpus").joinpath(f"label_maps/{spec}.yaml").read_text(encoding="utf-8")
        source = f"label map '{spec}'"
    else:
        path = Path(spec)
        if not path.is_file():
            raise ConfigError(f"label map '{spec}' is neither a shipped map ({', '.join(SHIPPED_MAPS)}) "
                              f"nor an existing YAML file")
        text = path.read_text(encoding="utf-8-sig")
        source = str(path)
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        raise ConfigError(f"{source}: invalid YAML: {e}") from None
    unknown = set(data) - {"types", "tags"}
    if unknown or not all(isinstance(data.get(k, {}), dict) for k in ("types", "tags")):
        raise ConfigError(f"{source}: a label map has only 'types:' and 'tags:' mappings of name -> name")
    return LabelMap({str(k): str(v) for k, v in (data.get("types") or {}).items()},
                    {str(k): str(v) for k, v in (data.get("tags") or {}).items()}, name=spec)


@dataclass
class TagReport:
    """What a reader changed while harmonising tags, so the user sees it instead of guessing."""

    mapped: Counter = field(default_factory=Counter)       # original tag -> count, renamed by the map
    repaired_bio: int = 0                                  # I- tags turned into B- (IOB1 or orphan I-)

    def lines(self) -> list[str]:
        out = []
        if self.repaired_bio:
            out.append(f"repaired {self.repaired_bio} I- tag(s) that did not continue an entity (IOB1/orphan) into B-")
        if self.mapped:
            top = ", ".join(f"{t} x{n}" for t, n in self.mapped.most_common(12))
            out.append(f"label map renamed {sum(self.mapped.values())} tag(s): {top}")
        return out


def repair_bio(tags: list[str]) -> tuple[list[str], int]:
    """Make a tag sequence valid IOB2: an ``I-X`` that does not follow ``B-X``/``I-X`` becomes ``B-X``."""
    out = []
    repaired = 0
    prev_type = None
    for tag in tags:
        prefix, typ = split_tag(tag)
        if prefix == "I" and prev_type != typ:
            tag = f"B-{typ}"
            repaired += 1
        out.append(tag)
        prev_type = typ
    return out, repaired


class TagChecker:
    """Maps, validates and repairs the tags of one corpus against the model's label list."""

    def __init__(self, types: list[str], label_map: LabelMap, repair: bool = True):
        self.labels = set(label_list(types))
        self.types = types
        self.map = label_map
        self.repair = repair
        self.report = TagReport()

    def check(self, tags: list[str], path: str, lines: list[int]) -> list[str]:
        out = []
        for tag, line in zip(tags, lines):
            new = self.map.apply(tag)
            if new != tag:
                self.report.mapped[tag] += 1
            if new not in self.labels:
                prefix, typ = split_tag(new)
                if not prefix:
                    raise DataError(f"malformed tag '{tag}' (expected O, B-TYPE or I-TYPE)", path, line)
                hint = f" (label map '{self.map.name}' in use)" if self.map.name != "none" else \
                    " (set data.label_map to rename it, or add the type to labels.types)"
                raise DataError(f"unknown label '{tag}'; this model's types are {', '.join(self.types)}{hint}",
                                path, line)
            out.append(new)
        fixed, n = repair_bio(out)
        if n and not self.repair:
            bad = next(i for i, (a, b) in enumerate(zip(out, fixed)) if a != b)
            raise DataError(f"'{out[bad]}' does not continue an entity (labels.repair is off)", path, lines[bad])
        self.report.repaired_bio += n
        return fixed
