"""Output formats besides JSONL: CoNLL (one tag column for both layers), a right-to-left HTML page, and a
plain text table for terminals."""
from __future__ import annotations

import html
from typing import Any

from arabert_ner.casualties.lexicon import default_lexicon
from arabert_ner.corpus.bio import spans_to_tags
from arabert_ner.text.normalize import Normalizer

ENTITY_COLORS = {"PER": "#ffd8a8", "ORG": "#a5d8ff", "LOC": "#b2f2bb", "MISC": "#e5dbff"}
ENTITY_NAMES = {"PER": "شخص PER", "ORG": "منظمة ORG", "LOC": "مكان LOC", "MISC": "متفرقات MISC"}


def casualty_tags() -> dict[str, str]:
    """Casualty event type -> its tag, from the lexicon's registry (killed -> KILLED)."""
    return {t.name: t.tag for t in default_lexicon().types.values()}


def colors() -> dict[str, str]:
    """Highlight colour per label: the entity types, then every casualty type of the lexicon."""
    return {**ENTITY_COLORS, **{t.tag: t.colour for t in default_lexicon().types.values()}}


def names() -> dict[str, str]:
    return {**ENTITY_NAMES, **{t.tag: f"{t.label} {t.tag}" for t in default_lexicon().types.values()}}


def _totals_line(totals: dict[str, Any]) -> str:
    return ", ".join(f"{typ} {totals.get(typ)}" for typ in totals) or "nothing counted"


def _spans(record: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """(start, end, label, tooltip) of entities and casualty events, sorted, overlaps dropped."""
    items = [(e["start"], e["end"], e["label"], f"{e['label']} {e.get('score', '')}".strip())
             for e in record["entities"]]
    for c in record["casualties"]:
        count = "?" if c["count"] is None else str(c["count"])
        tip = f"{c['type']} count={('~' if c['approximate'] else '') + count}"
        if c["among"]:
            tip += " among=" + ",".join(str(a["count"]) for a in c["among"])
        if c["same_as"] is not None:
            tip += f" same_as={c['same_as']}"
        items.append((c["start"], c["end"], casualty_tags().get(c["type"], c["type"].upper()), tip))
    items.sort()
    out: list[tuple[int, int, str, str]] = []
    for item in items:
        if out and item[0] < out[-1][1]:
            continue
        out.append(item)
    return out


def to_conll(record: dict[str, Any], normalizer: Normalizer) -> str:
    """``-DOCSTART- id`` then ``word tag`` per line (the words the model saw), blank line at the end."""
    from arabert_ner.text.sentences import split_sentences

    words = list(normalizer.normalize(record["text"]).words)
    tags, _, _ = spans_to_tags(words, [(start, end, label) for start, end, label, _ in _spans(record)])
    lines = [f"-DOCSTART- {record.get('id')}", ""]
    for a, b in split_sentences(words, record["text"]):
        lines += [f"{words[i].text} {tags[i]}" for i in range(a, b)]
        lines.append("")
    return "\n".join(lines) + "\n"


HTML_CSS = """body { font-family: "Noto Naskh Arabic", "Amiri", "Segoe UI", Tahoma, sans-serif; max-width: 56em;
       margin: 2em auto; line-height: 2.1; color: #212529; background: #fff; }
h2 { font-size: 1em; color: #495057; border-bottom: 1px solid #dee2e6; direction: ltr; text-align: left; }
mark { padding: 0.1em 0.3em; border-radius: 0.3em; }
mark sub { font-size: 0.6em; font-family: monospace; direction: ltr; unicode-bidi: isolate; margin-inline-start: 0.3em; }
.legend { position: sticky; top: 0; background: #f8f9fa; padding: 0.4em; border-radius: 0.4em; }
.legend mark { margin: 0 0.2em; }
.totals { direction: ltr; text-align: left; font-size: 0.85em; color: #495057; }
.doc p { margin: 0.3em 0; white-space: pre-wrap; }
"""

HTML_HEAD = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>arabert-ner</title>
<style>
{css}</style></head><body>
<div class="legend">{legend}</div>
"""


def render_css() -> str:
    """The page's CSS: layout, and one background colour per label (shared with the web page of the server)."""
    return HTML_CSS + "\n".join(f"mark.{k} {{ background: {v}; }}" for k, v in colors().items()) + "\n"


def legend_html() -> str:
    labels = names()
    return " ".join(f'<mark class="{k}">{labels[k]}</mark>' for k in colors())


def html_head() -> str:
    return HTML_HEAD.format(css=render_css(), legend=legend_html())


def to_html(record: dict[str, Any]) -> str:
    """One document as a highlighted ``<section>``; labels and counts sit in small tags after each span."""
    text = record["text"]
    parts = []
    pos = 0
    for start, end, label, tip in _spans(record):
        parts.append(html.escape(text[pos:start]))
        badge = label
        if label in casualty_tags().values():
            ev = next(c for c in record["casualties"] if c["start"] == start and c["end"] == end)
            badge += " " + (("~" if ev["approximate"] else "") + ("?" if ev["count"] is None else str(ev["count"])))
        parts.append(f'<mark class="{label}" title="{html.escape(tip)}">{html.escape(text[start:end])}'
                     f'<sub>{html.escape(badge)}</sub></mark>')
        pos = end
    parts.append(html.escape(text[pos:]))
    body = "".join(parts) or "<em>(empty document)</em>"
    totals = record.get("totals") or {}
    return (f'<section class="doc"><h2>{html.escape(str(record.get("id")))}</h2><p>{body}</p>'
            f'<div class="totals">{html.escape(_totals_line(totals))}</div></section>\n')


HTML_TAIL = "</body></html>\n"


def render_text(record: dict[str, Any]) -> str:
    """A plain table of what was found, with offsets, for people reading a terminal."""
    lines = [f"== {record['id']} ({len(record['text'])} characters)"]
    rows = []
    for e in record["entities"]:
        rows.append((e["start"], f"  {e['label']:<8} {e['start']:>6}:{e['end']:<6} score {e['score']:.3f}  {e['text']}"))
    for c in record["casualties"]:
        count = c.get("count")
        shown = ("~" if c.get("approximate") else "") + ("?" if count is None else str(count))
        among = f"  among {[a['count'] for a in c['among']]}" if c["among"] else ""
        again = f"  (same as event {c['same_as']})" if c["same_as"] is not None else ""
        rows.append((c["start"], f"  {c['type'].upper():<8} {c['start']:>6}:{c['end']:<6} count {shown:<6} "
                                 f"{c['text']}{among}{again}"))
    lines += [row for _, row in sorted(rows, key=lambda r: r[0])]
    totals = record.get("totals") or {}
    lines.append(f"  totals: {_totals_line(totals)}")
    if not record["entities"] and not record["casualties"]:
        lines.append("  (nothing found)")
    return "\n".join(lines) + "\n"
