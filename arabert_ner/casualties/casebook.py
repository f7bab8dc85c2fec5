"""The casebook: every worked example of the casualty scheme as data, run by the tests, shown in the docs.

``casebook.yaml`` beside this module holds each case (a sentence and the events the scheme gives it);
``tests/casualties/test_casebook.py`` runs the rule engine on every case, and ``docs/annotation.md``
shows the table :func:`render_markdown` makes from it, so the scheme, the engine and the docs cannot
drift apart. A case the engine does not yet get right says so in ``known_gap`` (the test then expects
the failure, strictly, and says when it is fixed).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from arabert_ner.errors import DataError
from arabert_ner.records import CasualtyEvent


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    events: list[dict[str, Any]]
    why: str
    known_gap: str | None = None
    lexicons: tuple[str, ...] = field(default_factory=tuple)


def _find(text: str, span: str, occurrence: int, where: str) -> int:
    i = -1
    for _ in range(occurrence):
        i = text.find(span, i + 1)
        if i < 0:
            raise DataError(f"span {span!r} (occurrence {occurrence}) is not in the case text", where)
    return i


def load_cases(text: str | None = None, where: str = "casebook.yaml") -> list[Case]:
    """The cases of the shipped casebook (or of ``text``), with every span checked against its sentence."""
    if text is None:
        text = resources.files(__package__).joinpath("casebook.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text) or []
    cases, seen = [], set()
    for item in raw:
        cid = str(item.get("id"))
        if cid in seen:
            raise DataError(f"duplicate case id {cid!r}", where)
        seen.add(cid)
        for ev in item.get("events", []):
            _find(item["text"], ev["span"], ev.get("occurrence", 1), f"{where}: {cid}")
            for sub in ev.get("among", []):
                _find(item["text"], sub["span"], sub.get("occurrence", 1), f"{where}: {cid}")
        cases.append(Case(cid, item["text"], item.get("events", []), item.get("why", ""), item.get("known_gap"),
                          tuple(item.get("lexicons", ()))))
    return cases


def expected(case: Case) -> list[tuple]:
    """What the engine must produce for a case, in the shape :func:`observed` gives."""
    return [(e["type"], e["count"], e["approximate"], e["span"], [a["count"] for a in e.get("among", [])],
             e.get("same_as")) for e in case.events]


def observed(events: list[CasualtyEvent]) -> list[tuple]:
    return [(e.type, e.count, e.approximate, e.text, [a.count for a in e.among], e.same_as) for e in events]


def _describe(ev: dict[str, Any]) -> str:
    count = "null" if ev["count"] is None else str(ev["count"])
    out = f"`[{ev['span']}]` {ev['type']} {count}"
    if ev["approximate"]:
        out += ", approximate"
    for sub in ev.get("among", []):
        out += f", among `[{sub['span']}]` {'null' if sub['count'] is None else sub['count']}"
    if ev.get("same_as") is not None:
        out += f", same_as {ev['same_as']}"
    return out


def render_markdown(cases: list[Case]) -> str:
    """The worked-examples table of ``docs/annotation.md``."""
    lines = ["| # | sentence | annotation | why |", "|---|---|---|---|"]
    for c in cases:
        ann = "; ".join(_describe(e) for e in c.events) or "none"
        why = c.why + (f" *(engine: {c.known_gap})*" if c.known_gap else "")
        lines.append(f"| {c.id} | {c.text} | {ann} | {why} |")
    return "\n".join(lines) + "\n"


START, END = "<!-- casebook:start -->", "<!-- casebook:end -->"


def update_doc(path: str, cases: list[Case] | None = None) -> None:
    """Rewrite the table between the casebook markers of a Markdown file (``make docs``)."""
    from pathlib import Path

    doc = Path(path).read_text(encoding="utf-8")
    if START not in doc or END not in doc:
        raise DataError(f"no {START} ... {END} markers", path)
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    table = render_markdown(cases if cases is not None else load_cases())
    Path(path).write_text(f"{head}{START}\n{table}{END}{tail}", encoding="utf-8")
