"""The incident stage's data files (``arabert_ner/incidents/data/*.yaml``): read once, checked on load.

A user file given by path (config ``incidents.vague_counts`` for instance) is read the same way, so a
typo in it is a one-line error naming the file instead of a wrong table used silently.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..errors import ConfigError


def load_data(name_or_path: str | Path, required: Iterable[str] = ()) -> dict[str, Any]:
    """A YAML mapping from the package's data folder (a bare file name) or from a path."""
    path = Path(name_or_path)
    if path.parent == Path(".") and not path.is_file():
        where = f"arabert_ner/incidents/data/{path.name}"
        text = resources.files("arabert_ner.incidents").joinpath("data", path.name).read_text(encoding="utf-8")
    else:
        where = str(path)
        if not path.is_file():
            raise ConfigError(f"{where}: data file not found")
        text = path.read_text(encoding="utf-8-sig")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise ConfigError(f"{where}{f':{mark.line + 1}' if mark else ''}: invalid YAML") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a mapping of sections")
    missing = [k for k in required if k not in data]
    if missing:
        raise ConfigError(f"{where}: missing section(s) {', '.join(missing)}")
    return data
