"""Tagging: words to labels with a token-classification model, and raw text to spans with exact offsets.

Data flows one way: text -> normalised words with offsets -> sentences -> windows -> model -> word
labels -> spans ``(start, end, label)`` into the text exactly as given.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

from arabert_ner.model.alignment import SubwordEncoder, Window
from arabert_ner.model.backends import make_forward
from arabert_ner.casualties.choice import read_choice
from arabert_ner.casualties.engine import CasualtyExtractor, totals
from arabert_ner.casualties.lexicon import use_lexicons
from arabert_ner.config import RunConfig, build_config, load_run_config
from arabert_ner.errors import ConfigError, ModelError
from arabert_ner.corpus.bio import tags_to_spans
from arabert_ner.corpus.labels import split_tag
from arabert_ner.model.loading import load_trained_model, resolve_device
from arabert_ner.records import Entity, Record
from arabert_ner.text.normalize import Normalizer, Word
from arabert_ner.text.sentences import split_sentences

log = logging.getLogger(__name__)


class WordTagger:
    """Labels lists of (normalised) words; long sentences go through several windows."""

    def __init__(self, forward, tokenizer, labels: list[str], max_length: int, batch_size: int = 32,
                 overlap: int = 0):
        self.forward = forward  # a backends.TorchForward or OnnxForward
        self.labels = labels
        self.encoder = SubwordEncoder(tokenizer, max_length)
        self.batch_size = batch_size
        self.overlap = overlap
        self.pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0

    def tag(self, sentences: list[list[str]]) -> list[list[tuple[str, float]]]:
        """For each sentence, one ``(label, probability)`` per word, in input order."""
        import torch

        windows: list[Window] = []
        for i, words in enumerate(sentences):
            windows.extend(self.encoder.windows(i, words, self.overlap))
        results: list[list[tuple[str, float]]] = [[("O", 1.0)] * len(s) for s in sentences]
        # Where windows overlap, a word takes the label of the window in which it sits farthest from an
        # edge (most context on both sides); each word gets exactly one label, so nothing is doubled.
        context: list[list[int]] = [[-1] * len(s) for s in sentences]
        # Sorting by length keeps padding small; results are placed back by window, so order is free.
        order = sorted(range(len(windows)), key=lambda k: len(windows[k].input_ids))
        for b in range(0, len(order), self.batch_size):
            batch = [windows[k] for k in order[b:b + self.batch_size]]
            width = max(len(w.input_ids) for w in batch)
            ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for r, w in enumerate(batch):
                ids[r, :len(w.input_ids)] = torch.tensor(w.input_ids)
                mask[r, :len(w.input_ids)] = 1
            probs = self.forward(ids, mask).softmax(-1)
            for r, w in enumerate(batch):
                pos = torch.tensor(w.first_pieces, dtype=torch.long)
                best_p, best_i = probs[r, pos].max(-1)
                out, ctx = results[w.sentence], context[w.sentence]
                n = w.end - w.start
                for k, (p, i) in enumerate(zip(best_p.tolist(), best_i.tolist())):
                    room = min(k, n - 1 - k)
                    if room > ctx[w.start + k]:
                        out[w.start + k] = (self.labels[i], p)
                        ctx[w.start + k] = room
        return results


def decode_spans(text: str, words: list[Word], tags: list[tuple[str, float]]) -> list[Entity]:
    """BIO word labels to spans of ``text``, each scored with the mean probability of its words' labels."""
    spans: list[Entity] = []
    for first, end, typ in tags_to_spans([tag for tag, _ in tags]):
        scores = [p for _, p in tags[first:end]]
        start, stop = words[first].start, words[end - 1].end
        spans.append(Entity(typ, text[start:stop], start, stop, sum(scores) / len(scores)))
    return spans


class Tagger:
    """Tag Arabic text for entities and casualty spans; offsets point into the text as given.

    >>> tagger = Tagger.from_pretrained("models/quickstart")
    >>> tagger.predict(["قتل 3 أشخاص في بغداد أمس"])[0]["entities"]
    """

    def __init__(self, model, tokenizer, labels: list[str], config: RunConfig, source: str = ""):
        self.config = config
        self.labels = labels
        self.source = source
        self.normalizer = Normalizer(config.normalization)
        device = resolve_device(config.inference.device)
        lexicon = use_lexicons(config.casualties.lexicons)
        self.casualty_tags = frozenset(lexicon.tag_to_type)
        self.model_tags_casualties = any(l[2:] in self.casualty_tags for l in labels if l != "O")
        self.casualty_engine, why, threshold = resolve_casualty_engine(
            config.casualties.engine, labels, self.casualty_tags, read_choice(source) if source else None)
        log.info("casualty engine: %s (%s)", self.casualty_engine, why)
        self.casualties = CasualtyExtractor(self.normalizer, config.casualties.vague_lower_bound, lexicon,
                                            threshold if threshold is not None else config.casualties.hybrid_threshold)
        forward = make_forward(model, source, config.inference.backend, config.inference.precision, device)
        self.word_tagger = WordTagger(forward, tokenizer, labels, config.model.max_length,
                                      config.inference.batch_size, config.inference.window_overlap)

    @classmethod
    def from_pretrained(cls, model: str | Path, overrides: list[str] | None = None,
                        config: RunConfig | None = None) -> "Tagger":
        """Load a trained folder or hub id; its ``run_config.yaml`` (when present) sets normalisation etc."""
        model = str(model)
        cfg = config or (load_run_config(model, overrides) if Path(model).is_dir() else None)
        m, tok, labels = load_trained_model(model, *_loading_options(cfg, overrides))
        if cfg is None:
            # A model trained elsewhere: its config.json labels are the truth.
            types = list(dict.fromkeys(t for _, t in map(split_tag, labels) if t))
            cfg = build_config({"labels": {"types": types}}, overrides)
        check_labels_agree(labels, cfg, model)
        return cls(m, tok, labels, cfg, source=model)

    def spans(self, texts: list[str], docs: list[tuple[Word, ...]] | None = None) -> list[list[Entity]]:
        """Spans for each text (normalise, split sentences, tag, decode); ``docs`` are the normalised
        words of each text when the caller has them already."""
        if docs is None:
            docs = [self.normalizer.normalize(t).words for t in texts]
        sent_words: list[list[Word]] = []
        owners: list[int] = []
        for d, (text, words) in enumerate(zip(texts, docs)):
            # Sentences as punctuated, however long: the encoder's overlapping windows bound the model's input
            # linearly, and a hard pseudo-sentence cut would split an entity that the windows keep whole.
            for a, b in split_sentences(list(words), text, max_words=None):
                sent_words.append(list(words[a:b]))
                owners.append(d)
        tagged = self.word_tagger.tag([[w.text for w in s] for s in sent_words])
        out: list[list[Entity]] = [[] for _ in texts]
        for d, words, tags in zip(owners, sent_words, tagged):
            out[d].extend(decode_spans(texts[d], words, tags))
        return out

    def records(self, texts: Iterable[str]) -> list[Record]:
        """One :class:`Record` per text, without an id (predict gives each the id of its document)."""
        texts = list(texts)
        docs = [self.normalizer.normalize(t).words for t in texts]  # once, for the model and the rules
        records = []
        for text, words, spans in zip(texts, docs, self.spans(texts, docs)):
            entities = [s for s in spans if s.label not in self.casualty_tags]
            casualties = self.casualties.extract(
                text, entities=entities, model_spans=[s for s in spans if s.label in self.casualty_tags],
                engine=self.casualty_engine, words=words)
            records.append(Record(text, entities=tuple(replace(s, score=round(s.score, 4)) for s in entities),
                                  casualties=tuple(casualties), totals=totals(casualties)))
        return records

    def predict(self, texts: Iterable[str]) -> list[dict[str, Any]]:
        """One record per text: ``{"text", "entities", "casualties", "totals"}`` (predict.py's contract)."""
        return [r.to_json() for r in self.records(texts)]


def resolve_casualty_engine(engine: str, labels: list[str] | None, tags: frozenset[str],
                            choice: dict[str, Any] | None = None) -> tuple[str, str, float | None]:
    """The engine to run, why, and the hybrid threshold chosen with it. ``auto`` takes the engine that scored
    best on real news when the folder was trained (``choice``), else the rules; refuse impossible asks."""
    has_casualty_labels = labels is not None and any(l[2:] in tags for l in labels if l != "O")
    if engine == "auto":
        if not has_casualty_labels:
            return "rules", "the model does not tag casualty spans" if labels else "no model", None
        if choice is None:
            return "rules", "no casualty_engine.json: the model was not scored on real news", None
        if "scores" not in choice:
            return "rules", f"casualty_engine.json: {choice.get('reason', 'no scores')}", None
        s = choice["scores"]
        if choice["engine"] == "rules":
            best_h = max((v["f1"] for v in s["hybrid"].values()), default=0.0)
            return "rules", (f"the rules scored best on real-news dev: event F1 {s['rules']['f1']:.4f}, hybrid at "
                             f"best {best_h:.4f}, model {s['model']['f1']:.4f}"), None
        best = choice["engine"] if choice["engine"] != "hybrid" else f"hybrid at threshold {choice['threshold']}"
        detail = s["hybrid"][str(choice["threshold"])]["f1"] if choice["engine"] == "hybrid" else s[choice["engine"]]["f1"]
        return (choice["engine"], f"best on real-news dev: {best} event F1 {detail:.4f}, rules {s['rules']['f1']:.4f}",
                choice.get("threshold"))
    if engine in ("model", "hybrid") and not has_casualty_labels:
        what = "no model was given" if labels is None else f"the model has none of the labels {sorted(tags)}"
        raise ConfigError(f"casualty engine '{engine}' needs a model that tags casualty spans, but {what}; "
                          f"use --casualty-engine rules")
    return engine, "asked for", None


class RulesOnlyTagger:
    """Casualties from the rule engine alone, for use without any model (entities stay empty)."""

    def __init__(self, config: RunConfig):
        self.config = config
        self.source = "rules"
        self.casualty_engine = "rules"
        self.normalizer = Normalizer(config.normalization)
        self.casualties = CasualtyExtractor(self.normalizer, config.casualties.vague_lower_bound,
                                            use_lexicons(config.casualties.lexicons))

    def records(self, texts: Iterable[str]) -> list[Record]:
        records = []
        for text in texts:
            casualties = self.casualties.extract(text, engine="rules")
            records.append(Record(text, casualties=tuple(casualties), totals=totals(casualties)))
        return records

    def predict(self, texts: Iterable[str]) -> list[dict[str, Any]]:
        return [r.to_json() for r in self.records(texts)]


def load_tagger(model: str | None, overrides: list[str], config: RunConfig | None):
    """A :class:`Tagger` for a model, or the rule engine alone when no model is given."""
    if model is None:
        log.warning("no --model: casualties from the rule engine only; entities will be empty")
        return RulesOnlyTagger(config or build_config(overrides=overrides))
    tagger = Tagger.from_pretrained(model, overrides=overrides, config=config)
    log.info("model %s, casualty engine %s", model, tagger.casualty_engine)
    return tagger


def _loading_options(cfg: RunConfig | None, overrides: list[str] | None) -> tuple[str, bool, bool]:
    m = (cfg or build_config(overrides=overrides)).model
    return m.revision, m.trust_remote_code, m.allow_pickle


def check_labels_agree(model_labels: list[str], cfg: RunConfig, source: str) -> None:
    """The model's own labels must be the config's label list (else a mismatched folder)."""
    from arabert_ner.corpus.labels import label_list

    expected = label_list(cfg.labels.types)
    if set(model_labels) != set(expected):
        raise ModelError(f"{source}: the model's labels ({', '.join(model_labels)}) disagree with the config's "
                         f"labels.types ({', '.join(cfg.labels.types)})")
