"""Silver training data: label raw news with rule casualty spans (and model entities), for one model
that learns both layers; round-trip through Label Studio for human correction.

    # raw articles (JSONL with "text") -> silver JSONL in the output contract, entities from a model
    python -m arabert_ner.silver label --input ../shared/data/saudinewsnet/casualty_candidates.jsonl \\
        --model models/quickstart --output silver.jsonl --limit 200 --license "CC-BY-NC-SA-4.0"
    # an entity-only CoNLL corpus keeps its gold entities and gains rule casualty spans
    python -m arabert_ner.silver label --input ../shared/data/anercorp/train.txt --label-map anercorp \\
        --output anercorp_silver.jsonl --license "CC-BY-SA-4.0"
    # to Label Studio and back
    python -m arabert_ner.silver export-labelstudio --input silver.jsonl --output tasks.json
    python -m arabert_ner.silver import-labelstudio --input export.json --output corrected.jsonl

Without this, an entity corpus teaches the combined model that every casualty phrase is ``O``.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any, Iterator

from arabert_ner.casualties.engine import CasualtyExtractor, drop_events, totals
from .cli import run_main
from .documents import RecordWriter, iter_documents
from .errors import DataError
from .io_utils import atomic_write_json, atomic_write_text
from .labels import TagChecker, load_label_map, split_tag
from arabert_ner.casualties.numbers import read_count
from .readers import read_conll

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
        for i, tag in enumerate(ex.tags):
            prefix, typ = split_tag(tag)
            if prefix == "B":
                j = i
                while j + 1 < len(ex.tags) and ex.tags[j + 1] == f"I-{typ}":
                    j += 1
                s, e = starts[i], starts[j] + len(ex.tokens[j])
                entities.append({"label": typ, "text": text[s:e], "start": s, "end": e})
        yield {"id": ex.id, "text": text, "entities": entities}


def label_documents(docs: Iterator[dict[str, Any]], tagger=None) -> Iterator[dict[str, Any]]:
    """Add rule casualty spans (and model entities when a tagger is given and the record has none)."""
    extractor = CasualtyExtractor()
    for doc in docs:
        entities = doc.get("entities")
        if entities is None and tagger is not None:
            entities = [e for e in tagger.predict([doc["text"]])[0]["entities"] if e["label"] in ENTITY_LABELS]
        entities = entities or []
        spans = [(e["start"], e["end"], e["label"]) for e in entities]
        found = extractor.extract(doc["text"], entities=spans if entities else None)
        # One flat tag set: a casualty span may not overlap an entity span.
        casualties = drop_events(found, [not any(s < c["end"] and c["start"] < e for s, e, _ in spans)
                                         for c in found])
        yield {**doc, "entities": [{k: e[k] for k in ("label", "text", "start", "end")} for e in entities],
               "casualties": casualties, "totals": totals(casualties)}


def to_labelstudio(records: list[dict[str, Any]], model_version: str = "arabert-ner-silver") -> list[dict]:
    """Label Studio tasks with the silver spans as pre-annotations (a Labels control named 'label')."""
    tasks = []
    for r in records:
        result = []
        for e in r.get("entities", []):
            result.append({"from_name": LS_FROM, "to_name": LS_TO, "type": "labels",
                           "value": {"start": e["start"], "end": e["end"], "text": e["text"], "labels": [e["label"]]}})
        for c in r.get("casualties", []):
            result.append({"from_name": LS_FROM, "to_name": LS_TO, "type": "labels",
                           "value": {"start": c["start"], "end": c["end"], "text": c["text"],
                                     "labels": [c["type"].upper()]}})
        data = {"text": r["text"], "id": r.get("id")}
        tasks.append({"data": data, "predictions": [{"model_version": model_version, "result": result}]})
    return tasks


LABEL_STUDIO_CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="PER"/><Label value="ORG"/><Label value="LOC"/><Label value="MISC"/>
    <Label value="KILLED"/><Label value="INJURED"/>
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
            if label in ("KILLED", "INJURED"):
                count = read_count(text[start:end])
                casualties.append({"type": label.lower(), "count": count.value if count else None,
                                   "approximate": count.approximate if count else False,
                                   "text": text[start:end], "start": start, "end": end, "among": [],
                                   "locations": [], "time": None, "same_as": None})
            else:
                entities.append({"label": label, "text": text[start:end], "start": start, "end": end})
        entities.sort(key=lambda e: e["start"])
        casualties.sort(key=lambda e: e["start"])
        records.append({"id": task["data"].get("id") or task.get("id") or f"task-{n}", "text": text,
                        "entities": entities, "casualties": casualties, "totals": totals(casualties)})
    return records


def _read_json(path: str) -> Any:
    p = Path(path)
    if not p.is_file():
        raise DataError("file not found", path)
    try:
        return json.loads(p.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as e:
        raise DataError(f"malformed JSON ({e.msg})", path, e.lineno) from None


def _read_jsonl(path: str) -> list[dict[str, Any]]:
    return list(iter_documents(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m arabert_ner.silver", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    lab = sub.add_parser("label", help="Label raw text (JSONL/.txt) or a CoNLL entity corpus with silver spans.")
    lab.add_argument("--input", required=True, help="JSONL with 'text', a .txt file/folder, or CoNLL (.txt with --conll).")
    lab.add_argument("--conll", action="store_true", help="The input is a CoNLL entity corpus (keeps its gold entities).")
    lab.add_argument("--label-map", help="Label map for a CoNLL input (anercorp, aqmar, newsfane).")
    lab.add_argument("--model", help="Entity model for raw text (its casualty labels are not used).")
    lab.add_argument("--output", required=True, help="Silver JSONL to write.")
    lab.add_argument("--limit", type=int, help="Stop after this many documents.")
    lab.add_argument("--license", required=True, help="Licence of the input text, recorded beside the output "
                     "(e.g. CC-BY-NC-SA-4.0 for SaudiNewsNet); copy it into data.licenses when training.")
    exp = sub.add_parser("export-labelstudio", help="Silver JSONL -> Label Studio tasks with pre-annotations.")
    exp.add_argument("--input", required=True)
    exp.add_argument("--output", required=True)
    imp = sub.add_parser("import-labelstudio", help="Label Studio export (JSON) -> training JSONL.")
    imp.add_argument("--input", required=True)
    imp.add_argument("--output", required=True)
    for p in (lab, exp, imp):
        p.add_argument("--debug", action="store_true", help="Show tracebacks.")
    args = parser.parse_args(argv)

    def body() -> int:
        if args.command == "label":
            tagger = None
            if args.model:
                from .inference import Tagger

                tagger = Tagger.from_pretrained(args.model)
            docs = conll_documents(args.input, args.label_map) if args.conll else iter_documents(args.input)
            n = with_casualties = 0
            with RecordWriter(args.output) as writer:
                for rec in label_documents(docs, tagger):
                    writer.write(rec)
                    n += 1
                    with_casualties += bool(rec["casualties"])
                    if args.limit and n >= args.limit:
                        break
            atomic_write_json(Path(f"{args.output}.meta.json"), {
                "source": args.input, "license": args.license, "documents": n, "with_casualties": with_casualties,
                "entity_source": "gold (CoNLL)" if args.conll else (args.model or "none"),
                "casualty_source": "arabert_ner rule engine"})
            log.info("%d documents (%d with casualty spans) written to %s; licence %s", n, with_casualties,
                     args.output, args.license)
        elif args.command == "export-labelstudio":
            tasks = to_labelstudio(_read_jsonl(args.input))
            atomic_write_json(Path(args.output), tasks)
            atomic_write_text(Path(args.output).with_suffix(".labeling.xml"), LABEL_STUDIO_CONFIG)
            log.info("%d tasks written to %s (labeling config beside it)", len(tasks), args.output)
        else:
            tasks = _read_json(args.input)
            if not isinstance(tasks, list):
                raise DataError("a Label Studio export is a JSON list of tasks", args.input)
            records = from_labelstudio(tasks, args.input)
            atomic_write_text(Path(args.output), "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
            log.info("%d corrected tasks written to %s", len(records), args.output)
        return 0

    return run_main(body, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
