"""Loading the run config: YAML file, then dotted command-line overrides, strictly validated.

Unknown keys and wrong types are :class:`ConfigError` naming the file or override that caused them, the
key, and the closest valid key; a changed copy is made with :func:`replace_config`, which validates again.
"""
from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Iterable, Literal, NamedTuple

import yaml
from pydantic import BaseModel, ValidationError

from arabert_ner.config.schema import Flag, RunConfig
from arabert_ner.errors import ConfigError
from arabert_ner.files import atomic_write_text

RUN_CONFIG_NAME = "run_config.yaml"

def _section_type(cls: type[BaseModel], name: str) -> type[BaseModel] | None:
    tp = cls.model_fields[name].annotation
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _all_keys(cls: type[BaseModel], prefix: str = "") -> list[str]:
    keys = []
    for name in cls.model_fields:
        sub = _section_type(cls, name)
        keys.extend(_all_keys(sub, f"{prefix}{name}.") if sub else [f"{prefix}{name}"])
    return keys


def _suggest(key: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
    if not close:
        # Match on the last part too: "lr" is far from "training.learning_rate" as a whole.
        tails = {k.rsplit(".", 1)[-1]: k for k in valid}
        close = [tails[m] for m in difflib.get_close_matches(key.rsplit(".", 1)[-1], list(tails), n=1, cutoff=0.5)]
    return f"; did you mean '{close[0]}'?" if close else ""


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is Annotated:
        return _type_name(typing.get_args(tp)[0])
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(tp))
    if origin is list:
        return f"list of {_type_name(typing.get_args(tp)[0])}"
    if tp is type(None):
        return "null"
    return getattr(tp, "__name__", str(tp))


def _merge(data: dict[str, Any], layer: Any, cls: type[BaseModel], prefix: str, source: str,
           sources: dict[str, str]) -> None:
    """Merge a nested mapping into ``data``, refusing unknown keys; note which source set each leaf."""
    if not isinstance(layer, dict):
        raise ConfigError(f"{source}: '{prefix.rstrip('.') or 'config'}' must be a mapping, got {layer!r}")
    for name, value in layer.items():
        key = f"{prefix}{name}"
        if name not in cls.model_fields:
            raise ConfigError(f"{source}: unknown config key '{key}'{_suggest(key, _all_keys(cls, prefix))}")
        sub = _section_type(cls, name)
        if sub:
            _merge(data.setdefault(name, {}), value, sub, key + ".", source, sources)
        else:
            data[name] = value
            sources[key] = source


def _type_error(error: dict[str, Any], data: dict[str, Any], sources: dict[str, str]) -> ConfigError:
    """One pydantic error as today's message: ``SOURCE: 'key' must be TYPE, got VALUE``."""
    cls: Any = RunConfig
    key, tp, value, leaf = "", None, data, ""
    for part in error["loc"]:
        if isinstance(cls, type) and issubclass(cls, BaseModel) and part in cls.model_fields:
            key, tp, value = f"{key}.{part}".lstrip("."), cls.model_fields[part].annotation, value[part]
            leaf, cls = key, tp
        elif isinstance(part, int) and typing.get_origin(tp) is list:
            key, tp, value = f"{key}[{part}]", typing.get_args(tp)[0], value[part]
            cls = tp
        else:
            break  # a union member's tag: the whole value is reported against the whole union
    return ConfigError(f"{sources.get(leaf, 'config')}: '{key}' must be {_type_name(tp)}, got {value!r}")


def _build(layers: Iterable[tuple[str, Any]]) -> RunConfig:
    """Defaults, then each (source, nested mapping) layer in turn, then the cross-field checks.

    Each layer is type-checked as it comes, so an error names the file or override that caused it."""
    data: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for source, layer in layers:
        _merge(data, layer, RunConfig, "", source, sources)
        _checked(data, sources, partial=True)
    return _checked(data, sources, partial=False)


def _checked(data: dict[str, Any], sources: dict[str, str], partial: bool) -> RunConfig:
    try:
        return RunConfig.model_validate(data, context={"partial": partial})
    except ValidationError as e:
        raise _type_error(e.errors()[0], data, sources) from None


def parse_override(text: str) -> tuple[str, Any]:
    """Parse ``key.sub=value``; the value is read as YAML (``3``, ``true``, ``[1, 2]``, ``null``)."""
    if "=" not in text:
        raise ConfigError(f"override '{text}' must look like key.sub=value (for example training.epochs=5)")
    key, raw = text.split("=", 1)
    key = key.strip()
    if not key:
        raise ConfigError(f"override '{text}' has no key")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    return key, value


def _nest(key: str, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    cur = out
    parts = key.split(".")
    for p in parts[:-1]:
        cur = cur.setdefault(p, {})
    cur[parts[-1]] = value
    return out


def read_yaml(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping with ``safe_load``; errors name the file and line."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 (byte {e.start})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ConfigError(f"{path}{line}: invalid YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a config must be a mapping of sections, got {type(data).__name__}")
    return data


def build_config(base: dict[str, Any] | None = None, overrides: list[str] | None = None,
                 source: str = "config") -> RunConfig:
    """Defaults, then ``base`` (a parsed YAML mapping), then overrides, all validated."""
    def layers() -> Iterable[tuple[str, Any]]:
        if base:
            yield source, base
        for item in overrides or []:
            yield f"override '{item}'", _nest(*parse_override(item))

    return _build(layers())


def load_config(path: str | Path | None = None, overrides: list[str] | None = None) -> RunConfig:
    """Load a YAML config file (or only defaults when ``path`` is None) and apply overrides."""
    base = read_yaml(path) if path is not None else {}
    return build_config(base, overrides, source=str(path) if path else "config")


def replace_config(cfg: RunConfig, changes: dict[str, Any]) -> RunConfig:
    """A copy of ``cfg`` with dotted keys changed (``{"training.seed": 2}``), validated like an override."""
    return _build([("config", cfg.to_dict()), *((f"'{k}'", _nest(k, v)) for k, v in changes.items())])


def config_to_yaml(cfg: RunConfig, header: str = "") -> str:
    body = yaml.safe_dump(cfg.to_dict(), sort_keys=False, allow_unicode=True)
    return (header + body) if header else body


def save_config(cfg: RunConfig, path: str | Path, header: str = "") -> None:
    atomic_write_text(Path(path), config_to_yaml(cfg, header))


def load_run_config(model_dir: str | Path, overrides: list[str] | None = None) -> RunConfig | None:
    """The ``run_config.yaml`` saved in a model folder, with overrides; None when the folder has none."""
    path = Path(model_dir) / RUN_CONFIG_NAME
    if not path.is_file():
        return None
    return build_config(read_yaml(path), overrides, source=str(path))


class ConfigKey(NamedTuple):
    """One leaf key of the config: what ``--help-config`` shows and command-line flags are built from."""

    key: str
    type: str
    default: Any
    help: str
    annotation: Any
    flag: Flag | None


def config_keys(cls: type[BaseModel] = RunConfig, prefix: str = "") -> list[ConfigKey]:
    """Every leaf key, in the order of the sections."""
    rows = []
    default = cls()
    for name, info in cls.model_fields.items():
        sub = _section_type(cls, name)
        if sub:
            rows.extend(config_keys(sub, f"{prefix}{name}."))
        else:
            extra = info.json_schema_extra or {}
            rows.append(ConfigKey(f"{prefix}{name}", _type_name(info.annotation), getattr(default, name),
                                  info.description or "", info.annotation, extra.get("flag")))
    return rows


def describe_fields(cls: type[BaseModel] = RunConfig) -> list[tuple[str, str, Any, str]]:
    """(key, type, default, help) for every leaf field: the source of ``--help-config``."""
    return [tuple(row[:4]) for row in config_keys(cls)]
