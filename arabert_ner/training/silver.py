"""Silver training data: label raw news with rule casualty spans (and model entities), for one model
that learns both layers; round-trip through Label Studio for human correction.

    # raw articles (JSONL with "text") -> silver JSONL in the output contract, entities from a model
    arabert-ner silver label --input ../shared/data/saudinewsnet/casualty_candidates.jsonl \\
        --model models/quickstart --output silver.jsonl --limit 200 --license "CC-BY-NC-SA-4.0"
    # an entity-only CoNLL corpus keeps its gold entities and gains rule casualty spans
    arabert-ner silver label --conll --input ../shared/data/anercorp/train.txt --label-map anercorp \\
        --output anercorp_silver.jsonl --license "CC-BY-SA-4.0"
    # to Label Studio and back
    arabert-ner silver export-labelstudio --input silver.jsonl --output tasks.json
    arabert-ner silver import-labelstudio --input export.json --output corrected.jsonl

Without this, an entity corpus teaches the combined model that every casualty phrase is ``O``.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from arabert_ner.casualties.engine import CasualtyExtractor, drop_events, totals
from arabert_ner.tagging.documents import iter_documents
from arabert_ner.errors import DataError
from arabert_ner.corpus.bio import tags_to_spans
from arabert_ner.corpus.labels import TagChecker, load_label_map
from arabert_ner.casualties.lexicon import default_lexicon
from arabert_ner.casualties.numbers import read_count
from arabert_ner.corpus.readers import read_conll
from arabert_ner.records import CasualtyEvent, Entity, Record

log = logging.getLogger(__name__)

ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC")
LS_FROM, LS_TO = "label", "text"


def conll_documents(path: str, label_map: str | None) -> Iterator[dict[str, Any]]:
    """CoNLL sentences as records: tokens joined by spaces, gold entities as character spans."""
    checker = TagChecker(list(ENTITY_LABELS), load_label_map(label_map))
    for ex in read_conll(path, checker):
        text, starts = "", []
        for tok in ex.tokens:
            starts.append(len(text) + (1 if text else 0))
            text = f"{text} {tok}" if text else tok
        entities = []
        for first, end, typ in tags_to_spans(ex.tags):
            s, e = starts[first], starts[end - 1] + len(ex.tokens[end - 1])
            entities.append(Entity(typ, text[s:e], s, e).to_json())
        yield {"id": ex.id, "text": text, "entities": entities}


_TAG = re.compile(r"^(O|[BIES]-[A-Za-z_]+|[BIES]_[A-Za-z_]+)$")


def looks_like_conll(path: str, sample: int = 50) -> bool:
    """A .txt/.conll file whose first non-blank lines are mostly ``token TAG`` (tags O, B-X, I-X)."""
    p = Path(path)
    if not p.is_file() or p.suffix.lower() not in (".txt", ".conll", ".tsv", ".bio", ".iob"):
        return False
    lines = []
    with open(p, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.strip() and not line.startswith("-DOCSTART-"):
                lines.append(line.split())
            if len(lines) >= sample:
                break
    tagged = sum(1 for cols in lines if len(cols) >= 2 and _TAG.match(cols[-1]))
    return bool(lines) and tagged >= 0.8 * len(lines)


def label_documents(docs: Iterator[dict[str, Any]], tagger=None) -> Iterator[dict[str, Any]]:
    """Add rule casualty spans (and model entities when a tagger is given and the record has none)."""
    extractor = CasualtyExtractor()
    for doc in docs:
        record = Record.from_json(doc)
        entities = list(record.entities)
        if doc.get("entities") is None and tagger is not None:
            entities = [e for e in tagger.records([record.text])[0].entities if e.label in ENTITY_LABELS]
        found = extractor.extract(record.text, entities=entities if entities else None)
        # One flat tag set: a casualty span may not overlap an entity span.
        casualties = drop_events(found, [not any(e.start < c.end and c.start < e.end for e in entities) for c in found])
        yield replace(record, entities=tuple(replace(e, score=None) for e in entities), casualties=tuple(casualties),
                      totals=totals(casualties)).to_json()


def to_labelstudio(records: list[dict[str, Any]], model_version: str = "arabert-ner-silver") -> list[dict]:
    """Label Studio tasks with the silver spans as pre-annotations (a Labels control named 'label')."""
    tasks = []
    types = default_lexicon().types
    for r in map(Record.from_json, records):
        result = []
        for e in r.entities:
            result.append({"from_name": LS_FROM, "to_name": LS_TO, "type": "labels",
                           "value": {"start": e.start, "end": e.end, "text": e.text, "labels": [e.label]}})
        for c in r.casualties:
            result.append({"from_name": LS_FROM, "to_name": LS_TO, "type": "labels",
                           "value": {"start": c.start, "end": c.end, "text": c.text,
                                     "labels": [types[c.type].tag if c.type in types else c.type.upper()]}})
        data = {"text": r.text, "id": r.id}
        tasks.append({"data": data, "predictions": [{"model_version": model_version, "result": result}]})
    return tasks


def paragraphs_with_numbers(records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each record cut into its paragraphs (line breaks), keeping those with a casualty event or a digit:
    the positives and the number distractors of raw news, without thousands of sentences that would only
    teach "no entity here" (raw news carries no entity labels)."""
    import re

    digit = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
    for rec in map(Record.from_json, records):
        for k, m in enumerate(re.finditer(r"[^\n]+", rec.text)):
            a, b = m.start(), m.end()
            events = [c for c in rec.casualties if a <= c.start and c.end <= b]
            if not events and not digit.search(m.group()):
                continue
            if any(c.start < b and a < c.end and not (a <= c.start and c.end <= b) for c in rec.casualties):
                continue  # an event across a line break: keep the whole record out rather than cut it

            def shift(item):
                return replace(item, start=item.start - a, end=item.end - a)

            def inside(item) -> bool:
                return item is not None and a <= item.start and item.end <= b

            kept = [replace(shift(c), among=tuple(map(shift, c.among)),
                            locations=tuple(shift(x) for x in c.locations if inside(x)),
                            time=shift(c.time) if inside(c.time) else None, same_as=None) for c in events]
            ents = tuple(shift(e) for e in rec.entities if inside(e))
            yield Record(m.group(), id=f"{rec.id}#p{k}", entities=ents, casualties=tuple(kept), totals=totals(kept),
                         extra=rec.extra).to_json()


def excluded_ids(paths: list[str]) -> set[str]:
    """The article ids named by gold files (stand-off ``article_id``, or ``id``), to keep out of silver data."""
    ids: set[str] = set()
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    raise DataError(f"malformed JSON ({e.msg})", path, number) from None
                ids.add(str(rec.get("article_id", rec.get("id"))))
    return ids


def label_studio_config() -> str:
    """The labelling interface: the entity types and every casualty type of the lexicon."""
    tags = ["PER", "ORG", "LOC", "MISC", *(t.tag for t in default_lexicon().types.values())]
    labels = "".join(f'<Label value="{t}"/>' for t in tags)
    return f"""<View>
  <Labels name="label" toName="text">
    {labels}
  </Labels>
  <Text name="text" value="$text"/>
</View>
"""


def from_labelstudio(tasks: list[dict], source: str) -> list[dict[str, Any]]:
    """Corrected tasks back to training records; each task's latest annotation wins, counts are re-read."""
    records = []
    for n, task in enumerate(tasks, start=1):
        if not isinstance(task, dict) or not isinstance(task.get("data", {}).get("text"), str):
            raise DataError("a task has no data.text", source, n)
        text = task["data"]["text"]
        annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not annotations:
            continue  # not corrected by a person: leave it out of the training data
        result = annotations[-1].get("result") or []
        entities, casualties = [], []
        for item in result:
            value = item.get("value") or {}
            labels = value.get("labels") or []
            start, end = value.get("start"), value.get("end")
            if not labels or not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
                raise DataError(f"task {task.get('id', n)}: a span without a label or with bad offsets", source, n)
            label = labels[0]
            tag_to_type = default_lexicon().tag_to_type
            if label in tag_to_type:
                count = read_count(text[start:end])
                casualties.append(CasualtyEvent(tag_to_type[label], count.value if count else None,
                                                count.approximate if count else False, text[start:end], start, end))
            else:
                entities.append(Entity(label, text[start:end], start, end))
        entities.sort(key=lambda e: e.start)
        casualties.sort(key=lambda e: e.start)
        records.append(Record(text, id=task["data"].get("id") or task.get("id") or f"task-{n}",
                              entities=tuple(entities), casualties=tuple(casualties),
                              totals=totals(casualties)).to_json())
    return records


def read_json(path: str) -> Any:
    p = Path(path)
    if not p.is_file():
        raise DataError("file not found", path)
    try:
        return json.loads(p.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as e:
        raise DataError(f"malformed JSON ({e.msg})", path, e.lineno) from None


def read_jsonl(path: str) -> list[dict[str, Any]]:
    return list(iter_documents(path))
