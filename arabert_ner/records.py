"""The record: predict.py's JSONL contract as types, and the one validator of a JSONL record.

``{"id", "text", "entities": [Entity], "casualties": [CasualtyEvent], "totals", ...}``: every span is
``(start, end)`` into ``text`` exactly as given, and ``text[start:end]`` is the span's text. Each type has
``to_json()`` (the dict written as JSON, keys in the written order) and ``from_json()``, which checks what
it reads and raises :class:`DataError` naming the file and line. Training gold, evaluation gold,
predict.py's input and the HTTP server's input are all checked here, so they accept the same records.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Collection

from arabert_ner.errors import DataError

# The fields a record's own types own; any other field (title, date, source ...) is kept as it came.
RECORD_FIELDS = ("id", "text", "entities", "casualties", "totals")


@dataclass(frozen=True)
class _Where:
    """The file and line a record came from, for the one-line error."""

    path: str | None = None
    line: int | None = None

    def fail(self, message: str) -> DataError:
        return DataError(message, self.path, self.line)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # true is not 1


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _object(item: Any, what: str, where: _Where) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise where.fail(f"each of '{what}' must be an object")
    return item


def _list(value: Any, what: str, where: _Where) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise where.fail(f"'{what}' must be a list")
    return value


def _stretch(item: dict[str, Any], label: str, text: str, where: _Where) -> tuple[str, int, int]:
    """(text, start, end) of a span: integer offsets inside ``text``, and its own text when it gives one."""
    start, end = item.get("start"), item.get("end")
    if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(text)):
        raise where.fail(f"span {label} has bad offsets start={start!r} end={end!r} "
                         f"(text has {len(text)} characters)")
    if "text" in item and item["text"] != text[start:end]:
        raise where.fail(f"span {label} [{start}:{end}] is {text[start:end]!r} in the text "
                         f"but {item['text']!r} in the record")
    return text[start:end], start, end


def _optional(item: dict[str, Any], key: str, check, what: str, label: str, where: _Where, default=None):
    value = item.get(key, default)
    if value is not None and not check(value):
        raise where.fail(f"span {label}: '{key}' must be {what}, got {value!r}")
    return value


@dataclass(frozen=True)
class Entity:
    """A labelled span: a named entity (PER, LOC ...), or a casualty span as a model tags it (KILLED)."""

    label: str
    text: str
    start: int
    end: int
    score: float | None = None  # the mean probability of its word labels; None in gold

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label, "text": self.text, "start": self.start, "end": self.end}
        if self.score is not None:
            out["score"] = self.score
        return out

    @classmethod
    def from_json(cls, item: Any, text: str, path: str | None = None, line: int | None = None) -> "Entity":
        where = _Where(path, line)
        item = _object(item, "entities", where)
        label = item.get("label")
        if not isinstance(label, str) or not label:
            raise where.fail(f"a span in 'entities' has no valid label: {item}")
        span_text, start, end = _stretch(item, label, text, where)
        score = _optional(item, "score", _is_number, "a number", label, where)
        return cls(label, span_text, start, end, score)


@dataclass(frozen=True)
class _Stretch:
    """A stretch of the text with no label of its own: the shape of a place and of a time expression."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Place(_Stretch):
    """Where an event happened: a LOC entity, or a gazetteer place when there is no model."""

    @classmethod
    def from_json(cls, item: Any, text: str, path: str | None = None, line: int | None = None) -> "Place":
        where = _Where(path, line)
        return cls(*_stretch(_object(item, "locations", where), "location", text, where))


@dataclass(frozen=True)
class TimeExpression(_Stretch):
    """When an event happened, as the text says it (اليوم, الأربعاء الماضي, 3 آذار 2015)."""

    @classmethod
    def from_json(cls, item: Any, text: str, path: str | None = None, line: int | None = None) -> "TimeExpression":
        where = _Where(path, line)
        if not isinstance(item, dict):
            raise where.fail(f"'time' must be an object or null, got {item!r}")
        return cls(*_stretch(item, "time", text, where))


@dataclass(frozen=True)
class Subset:
    """A breakdown of an event (بينهم 28 عسكريا), never an event of its own; count None when vague."""

    count: int | None
    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, item: Any, text: str, path: str | None = None, line: int | None = None) -> "Subset":
        where = _Where(path, line)
        item = _object(item, "among", where)
        span_text, start, end = _stretch(item, "subset", text, where)
        count = _optional(item, "count", _is_int, "an integer or null", "subset", where)
        return cls(count, span_text, start, end)


@dataclass(frozen=True)
class CasualtyEvent:
    """People killed, injured ... in one mention: the count expression's span, what was read from it, and
    its context. ``same_as`` is the index (in the record's list) of the first mention of the same toll."""

    type: str
    count: int | None
    approximate: bool
    text: str
    start: int
    end: int
    among: tuple[Subset, ...] = ()
    locations: tuple[Place, ...] = ()
    time: TimeExpression | None = None
    same_as: int | None = None
    score: float | None = None  # the model's confidence, for events from the model's spans

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type, "count": self.count, "approximate": self.approximate, "text": self.text,
            "start": self.start, "end": self.end, "among": [a.to_json() for a in self.among],
            "locations": [p.to_json() for p in self.locations],
            "time": self.time.to_json() if self.time is not None else None, "same_as": self.same_as}
        if self.score is not None:
            out["score"] = self.score
        return out

    @classmethod
    def from_json(cls, item: Any, text: str, path: str | None = None, line: int | None = None,
                  event_types: Collection[str] | None = None) -> "CasualtyEvent":
        """An event of a record whose text is ``text``; with ``event_types``, its type must be one of them.
        Gold may leave out what it does not annotate (count, among, locations, time, same_as)."""
        where = _Where(path, line)
        item = _object(item, "casualties", where)
        typ = item.get("type")
        if not isinstance(typ, str) or not typ or (event_types is not None and typ not in event_types):
            known = f" ({' or '.join(event_types)})" if event_types is not None else ""
            raise where.fail(f"a span in 'casualties' has no valid type{known}: {item}")
        span_text, start, end = _stretch(item, typ, text, where)
        count = _optional(item, "count", _is_int, "an integer or null", typ, where)
        approximate = _optional(item, "approximate", lambda v: isinstance(v, bool), "true or false", typ, where,
                                default=False)
        same_as = _optional(item, "same_as", _is_int, "an integer or null", typ, where)
        score = _optional(item, "score", _is_number, "a number", typ, where)
        among = tuple(Subset.from_json(a, text, path, line) for a in _list(item.get("among"), "among", where))
        places = tuple(Place.from_json(p, text, path, line) for p in _list(item.get("locations"), "locations", where))
        time = TimeExpression.from_json(item["time"], text, path, line) if item.get("time") is not None else None
        return cls(typ, count, approximate, span_text, start, end, among, places, time, same_as, score)


@dataclass(frozen=True)
class Record:
    """One document with what was found in it. ``id`` None: not yet given (the Tagger's records; predict
    gives each the id of its document); ``totals`` None: not counted (gold that leaves it out);
    ``extra``: the input's other fields, unchanged and in their order."""

    text: str
    id: str | int | None = None
    entities: tuple[Entity, ...] = ()
    casualties: tuple[CasualtyEvent, ...] = ()
    totals: dict[str, int | None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {} if self.id is None else {"id": self.id}
        out.update({"text": self.text, "entities": [e.to_json() for e in self.entities],
                    "casualties": [c.to_json() for c in self.casualties]})
        if self.totals is not None:
            out["totals"] = dict(self.totals)
        out.update({k: v for k, v in self.extra.items() if k not in out})
        return out

    @classmethod
    def from_json(cls, obj: Any, path: str | None = None, line: int | None = None,
                  event_types: Collection[str] | None = None) -> "Record":
        """The one validator of a JSONL record: an object with a string ``text``, an id that is a string or
        an integer (missing: ``NAME:LINE`` when the file is known), spans inside the text that match it,
        and events whose type is one of ``event_types`` when given."""
        where = _Where(path, line)
        if not isinstance(obj, dict):
            raise where.fail("each line must be a JSON object")
        if "text" not in obj:
            raise where.fail("record has no 'text' field")
        text = obj["text"]
        if not isinstance(text, str):
            raise where.fail(f"'text' must be a string, got {type(text).__name__}")
        if "id" in obj:
            rid = obj["id"]
            if not (isinstance(rid, str) or _is_int(rid)):
                raise where.fail(f"'id' must be a string or an integer, got {type(rid).__name__}")
        else:
            rid = f"{Path(path).name}:{line}" if path is not None and line is not None else None
        entities = tuple(Entity.from_json(e, text, path, line) for e in _list(obj.get("entities"), "entities", where))
        casualties = tuple(CasualtyEvent.from_json(c, text, path, line, event_types)
                           for c in _list(obj.get("casualties"), "casualties", where))
        totals = obj.get("totals")
        if totals is not None and not (isinstance(totals, dict) and all(
                isinstance(k, str) and (v is None or _is_int(v)) for k, v in totals.items())):
            raise where.fail("'totals' must be an object of event type -> integer or null")
        extra = {k: v for k, v in obj.items() if k not in RECORD_FIELDS}
        return cls(text, rid, entities, casualties, totals, extra)


def claim_id(record_id: Any, seen: dict[str, int], path: str | None, line: int) -> None:
    """Ids are unique in one file (or one request): remember ``record_id``, or refuse it if seen."""
    rid = str(record_id)
    if rid in seen:
        raise DataError(f"duplicate id '{rid}' (first on line {seen[rid]})", path, line)
    seen[rid] = line
