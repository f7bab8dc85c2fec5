"""Data readers: CoNLL, JSONL with character spans, and Hugging Face ``datasets``.

Every reader returns :class:`Example` objects with word-level IOB2 tags already mapped to the model's
label list, and raises :class:`DataError` naming the file and line for input it cannot use.
"""
from __future__ import annotations

import json
import logging
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from arabert_ner.corpus.standoff import is_standoff, materialise
from arabert_ner.config import DataConfig
from arabert_ner.errors import DataError
from arabert_ner.corpus.bio import check_no_overlap, spans_to_tags
from arabert_ner.corpus.labels import TagChecker
from arabert_ner.records import Record, claim_id
from arabert_ner.text.normalize import Normalizer
from arabert_ner.text.sentences import split_sentences

log = logging.getLogger(__name__)

# Casualty records in the output contract use lower-case event types; tags use these names.


def _casualty_tags() -> dict[str, str]:
    """Casualty event type -> BIO tag, from the lexicon's registry (killed -> KILLED, ...)."""
    from arabert_ner.casualties.lexicon import default_lexicon

    return {t.name: t.tag for t in default_lexicon().types.values()}


@dataclass
class Example:
    """One sentence (CoNLL) or record (JSONL): surface tokens, their tags, where it came from."""

    id: str
    tokens: list[str]
    tags: list[str]
    source: str
    line: int
    norm: list[str] = field(default_factory=list)  # normalised model input, one entry per token


def read_text_file(path: Path, encoding: str) -> str:
    """A whole file as text (a UTF-8 BOM is dropped); errors name the file, line and byte."""
    if not path.exists():
        raise DataError("file not found", str(path))
    if path.is_dir():
        raise DataError("is a folder, expected a file", str(path))
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataError(f"cannot read ({e.strerror})", str(path)) from None
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return raw.decode(enc)
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise DataError(f"not valid {encoding} at byte {e.start} (set data.encoding or --encoding "
                        f"if the file uses another encoding)", str(path), line) from None
    except LookupError:
        raise DataError(f"unknown encoding '{encoding}'", str(path)) from None


def read_conll(path: str | Path, checker: TagChecker, token_column: int = 0, tag_column: int = -1,
               encoding: str = "utf-8", columns_chosen: bool = False) -> list[Example]:
    """Whitespace-separated columns, blank line between sentences, ``-DOCSTART-`` lines skipped.

    Without ``columns_chosen`` (``data.conll_tag_column`` / ``conll_token_column`` left at their defaults)
    a line must have exactly a token and a tag: with more columns, which one is the tag is a guess, and a
    wrong guess silently loses entities."""
    path = Path(path)
    text = read_text_file(path, encoding)
    examples: list[Example] = []
    tokens: list[str] = []
    tags: list[str] = []
    lines: list[int] = []
    needed = max(token_column if token_column >= 0 else -token_column - 1,
                 tag_column if tag_column >= 0 else -tag_column - 1) + 1

    def flush() -> None:
        if tokens:
            fixed = checker.check(tags, str(path), lines)
            examples.append(Example(f"{path.name}:{lines[0]}", list(tokens), fixed, str(path), lines[0]))
        tokens.clear(), tags.clear(), lines.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            flush()
            continue
        cols = line.split()
        if cols[0] == "-DOCSTART-":
            flush()
            continue
        if len(cols) < max(needed, 2):
            raise DataError(f"malformed CoNLL line {line[:40]!r}: expected a token and a tag "
                            f"separated by whitespace", str(path), number)
        if len(cols) > 2 and not columns_chosen:
            raise DataError(f"{len(cols)} columns where a token and a tag were expected ({line[:40]!r}); set "
                            f"data.conll_tag_column=N (and data.conll_token_column) to say which columns to read",
                            str(path), number)
        tokens.append(cols[token_column])
        tags.append(cols[tag_column])
        lines.append(number)
    flush()
    return examples


@dataclass
class SpanReport:
    snapped: int = 0   # spans whose edges fell inside a word and were widened to whole words
    empty: int = 0     # spans that cover no word (only marks or symbols the normaliser removes)


def _record_spans(rec: Record, path: str, line: int) -> list[tuple[int, int, str]]:
    """The record's entities and casualty events as ``(start, end, tag)``, sorted, none overlapping."""
    tags = _casualty_tags()
    spans = [(e.start, e.end, e.label) for e in rec.entities]
    spans += [(c.start, c.end, tags[c.type]) for c in rec.casualties]
    return check_no_overlap(spans, path, line)


def read_jsonl(path: str | Path, checker: TagChecker, normalizer: Normalizer,
               encoding: str = "utf-8") -> tuple[list[Example], SpanReport]:
    """``{"id", "text", "entities": [{"start","end","label"}], "casualties": [{"type","start","end"}]}``."""
    path = Path(path)
    content = read_text_file(path, encoding)
    examples = []
    report = SpanReport()
    seen: dict[str, int] = {}
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise DataError(f"malformed JSON ({e.msg} at column {e.colno})", str(path), number) from None
        if is_standoff(rec):
            rec = materialise(rec, str(path), number)  # real-news gold kept as offsets (corpus/standoff.py)
        record = Record.from_json(rec, str(path), number, event_types=_casualty_tags())
        rid = str(record.id)
        claim_id(rid, seen, str(path), number)
        spans = _record_spans(record, str(path), number)
        text = record.text
        norm = normalizer.normalize(text)
        words = list(norm.words)
        tags, snapped, empty = spans_to_tags(words, spans)
        report.snapped += snapped
        report.empty += empty
        if not words:
            continue
        tags = checker.check(tags, str(path), [number] * len(tags))
        # One example per sentence: whole articles would otherwise be cut into windows mid-sentence.
        ranges = split_sentences(words, text)
        for k, (a, b) in enumerate(ranges):
            if tags[a].startswith("I-") and a > 0:
                continue_entity = tags[a - 1] != "O"
                if continue_entity:  # a span across a sentence break stays whole: join the sentences
                    prev = examples[-1]
                    prev.tokens += [text[w.start:w.end] for w in words[a:b]]
                    prev.tags += tags[a:b]
                    prev.norm += [w.text for w in words[a:b]]
                    continue
            examples.append(Example(rid if len(ranges) == 1 else f"{rid}#{k}",
                                    [text[w.start:w.end] for w in words[a:b]], tags[a:b], str(path), number,
                                    norm=[w.text for w in words[a:b]]))
    return examples, report


def read_hf(spec: str, checker: TagChecker, cfg: DataConfig, default_split: str) -> list[Example]:
    """A ``datasets`` dataset: ``NAME_OR_PATH[:SPLIT]`` (hub id or local folder)."""
    import datasets

    name, _, split = spec.partition(":")
    split = split or default_split
    try:
        ds = datasets.load_dataset(name, cfg.hf_config_name, split=split)
    except Exception as e:  # datasets raises many types; the user needs the message, not the stack
        raise DataError(f"cannot load dataset split '{split}': {type(e).__name__}: {str(e).splitlines()[0]}",
                        name) from None
    for col in (cfg.hf_tokens_column, cfg.hf_tags_column):
        if col not in ds.column_names:
            raise DataError(f"no column '{col}' (columns: {', '.join(ds.column_names)}); "
                            f"set data.hf_tokens_column / data.hf_tags_column", name)
    feature = ds.features[cfg.hf_tags_column]
    names = getattr(getattr(feature, "feature", None), "names", None)
    examples = []
    for i, row in enumerate(ds):
        tags = [names[t] if names is not None else str(t) for t in row[cfg.hf_tags_column]]
        toks = [str(t) for t in row[cfg.hf_tokens_column]]
        if len(toks) != len(tags):
            raise DataError(f"row {i}: {len(toks)} tokens but {len(tags)} tags", name, i + 1)
        if not toks:
            continue
        tags = checker.check(tags, f"{name}[{split}] row", [i + 1] * len(tags))
        examples.append(Example(f"{name}:{split}:{i}", toks, tags, name, i + 1))
    return examples


def detect_format(spec: str, cfg: DataConfig) -> str:
    if cfg.format != "auto":
        return cfg.format
    suffix = Path(spec).suffix.lower()
    if suffix == ".jsonl":
        return "jsonl"
    if suffix in (".txt", ".conll", ".tsv", ".bio", ".iob", ".iob2"):
        return "conll"
    raise DataError("cannot tell the format from the extension; set data.format to conll, jsonl or hf", spec)


def read_examples(spec: str, cfg: DataConfig, checker: TagChecker, normalizer: Normalizer,
                  split: str = "train") -> list[Example]:
    """Read any supported source and fill the normalised model input of every example."""
    fmt = detect_format(spec, cfg)
    if fmt == "jsonl":
        examples, report = read_jsonl(spec, checker, normalizer, cfg.encoding)
        if report.snapped:
            log.warning("%s: %d span(s) started or ended inside a word and were widened to whole words",
                        spec, report.snapped)
        if report.empty:
            log.warning("%s: %d span(s) cover no word after normalisation and were dropped", spec, report.empty)
        return examples
    if fmt == "conll":
        examples = read_conll(spec, checker, cfg.conll_token_column, cfg.conll_tag_column, cfg.encoding,
                              columns_chosen=(cfg.conll_token_column, cfg.conll_tag_column) != (0, -1))
    else:
        examples = read_hf(spec, checker, cfg, split)
    for ex in examples:
        # A token may normalise to several words (الأمن1706 -> الأمن 1706): they stay one labelled word.
        ex.norm = [normalizer.normalize(tok).text for tok in ex.tokens]
    return examples


def split_dev(examples: list[Example], fraction: float, seed: int) -> tuple[list[Example], list[Example]]:
    """A fixed, seeded slice of train as dev (for corpora such as ANERcorp that have no dev split)."""
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    n_dev = max(1, round(len(examples) * fraction)) if len(examples) > 1 else 0
    dev_ids = set(order[:n_dev])
    train = [ex for i, ex in enumerate(examples) if i not in dev_ids]
    dev = [ex for i, ex in enumerate(examples) if i in dev_ids]
    return train, dev


def entity_counts(examples: list[Example]) -> Counter:
    counts: Counter = Counter()
    for ex in examples:
        for tag in ex.tags:
            if tag.startswith("B-"):
                counts[tag[2:]] += 1
    return counts
