#!/usr/bin/env python3
"""Turn an annotation folder (span strings + occurrence) into stand-off gold (character offsets).

    python data/real_casualties/build_gold.py ANNOTATION_DIR dev_passages.jsonl dev.jsonl [ARTICLES.jsonl]

ANNOTATION_DIR holds ``annotations.jsonl`` as described in ``data/real_casualties/README.md``. Offsets
are relative to the passage (``article text[start:end]``); no article text is written. Fails on a span
that does not occur, so a wrong annotation never becomes wrong gold.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared/data/saudinewsnet/casualty_candidates.jsonl"


def _find(text: str, span: str, occurrence: int) -> int:
    i = -1
    for _ in range(occurrence):
        i = text.find(span, i + 1)
        if i < 0:
            raise ValueError(f"span {span!r} (occurrence {occurrence}) is not in the passage")
    return i


def build(annotations: Path, passages: Path, output: Path, articles: Path = SHARED) -> int:
    texts = {}
    for line in open(articles, encoding="utf-8"):
        a = json.loads(line)
        texts[a["id"]] = a["text"]
    plist = [json.loads(l) for l in open(passages, encoding="utf-8")]
    ann = {}
    for n, line in enumerate(open(annotations, encoding="utf-8"), 1):
        a = json.loads(line)
        ann[a["id"]] = a
    missing = [p["id"] for p in plist if p["id"] not in ann]
    if missing:
        raise SystemExit(f"{annotations}: {len(missing)} passages not annotated, first {missing[0]}")
    out = []
    for p in plist:
        text = texts[p["article_id"]][p["start"]:p["end"]]
        events = []
        for ev in ann[p["id"]]["events"]:
            s = _find(text, ev["span"], ev.get("occurrence", 1))
            among = []
            for sub in ev.get("among") or []:
                ss = _find(text, sub["span"], sub.get("occurrence", 1))
                among.append({"count": sub["count"], "start": ss, "end": ss + len(sub["span"])})
            events.append({"type": ev["type"], "count": ev["count"], "approximate": ev["approximate"],
                           "start": s, "end": s + len(ev["span"]), "among": among,
                           "same_as": ev.get("same_as")})
        rec = {k: p[k] for k in ("id", "article_id", "source", "start", "end")}
        rec["casualties"] = events
        if ann[p["id"]].get("note"):
            rec["note"] = ann[p["id"]]["note"]
        out.append(rec)
    tmp = output.with_suffix(output.suffix + ".part")
    with open(tmp, "w", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    tmp.replace(output)
    return len(out)


if __name__ == "__main__":
    ann_dir, passages, output = sys.argv[1:4]
    articles = Path(sys.argv[4]) if len(sys.argv) > 4 else SHARED
    n = build(Path(ann_dir) / "annotations.jsonl", Path(passages), Path(output), articles)
    print(f"{output}: {n} passages")
