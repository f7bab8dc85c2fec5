"""The casualty lexicon: every word list, table and window of the rule engine, read from data files.

``lexicons/msa.yaml`` is the base (Modern Standard Arabic); ``levantine.yaml``, ``gulf.yaml`` and
``maghrebi.yaml`` are overlays that add the month names and verb forms of those varieties' news, and any
other YAML file of the same shape can be named too (``casualties.lexicons`` in the run config). A file is
validated when it is read: an unknown key, a list that is not words, or an event type without its tag
stops with one line naming the file and the key. The event types (killed, injured, and any type an
overlay adds) form the registry that the engine, the readers, the renderers and the metrics read.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from arabert_ner.errors import ConfigError
from arabert_ner.text.arabic import fold, strip_clitics

VARIETIES = ("msa", "levantine", "gulf", "maghrebi")
DEFAULT = ("msa",)

_TYPE_LISTS = ("report_before", "report_after", "passive_after", "nouns", "toll_nouns", "case_words",
               "single_nouns", "adjectives", "dual_bases", "infection_words", "wound_nouns", "excluded_by", "infection_excluded_by")
_TYPE_NAMES = ("excluded_by", "infection_excluded_by")  # names of exclusions lists, not words
_TYPE_TEXT = ("tag", "name", "colour", "description")
_TOP_LISTS = ("gap_words", "report_gap_pronouns", "lead_verbs", "long_reach_after", "toll_links", "toll_prepositions", "victim_descriptions", "passive_fillers", "mixed_partners",
              "case_nouns", "case_singular", "case_duals", "case_blockers", "speech_verbs", "clause_openers", "alternative_markers", "additive_links", "aggregate_events", "separate_event_cues", "subset_markers", "subset_after", "among_after", "negations", "update_cues", "per_words",
              "unit_nouns", "units_before", "fall_verbs", "intent_words", "place_heads",
              "vague_casualty_only", "subjunctive_particles", "complementizers", "present_report_verbs", "factual_before_subjunctive",
              "size_adjectives", "list_markers", "share_words", "alternative_fates", "continuity_verbs",
              "compound_tens", "ordinals", "age_words", "nisba_endings", "mourning_words", "met_verbs", "met_objects", "count_nouns", "companion_words", "relative_pronouns", "event_verbs", "state_words",
              "rescue_words", "disease_phrases", "transitive_verbs", "agent_breaks", "opener_adverbs")
_SECTIONS = {
    "victims": ("singular", "plural", "sound_plurals", "group_nouns", "group_complements",
                "construct_complements", "another", "another_duals", "whole", "one_of", "one_of_them", "one_of_them_duals", "possessive_suffixes", "rank_qualifiers",
                "five_nouns", "not_duals", "dual_only_bases", "country_names", "other_fates"),
    "exclusions": None,  # any name: a list of words an event type may name in excluded_by
    "qualifiers": ("leading", "trailing"),
    "time": ("day_parts", "days", "periods", "past", "months"),
}
_WINDOWS = ("negation", "report_reach", "report_reach_noun", "report_after", "report_near", "report_far", "lead_reach", "toll_noun", "update_cue",
            "update_reach", "disease",
            "coordination", "subset_list", "breakdown_sentences", "aside_words", "among_reach", "rescue", "passive_reach", "agent_object",
            "sum_reach", "sum_gap")
_KEYS = {"version", "variety", "event_types", "vague", "windows", *_TOP_LISTS, *_SECTIONS}


def _words(items: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in items)


def _phrases(items: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(w) for w in p.split()) for p in items)


def in_words(word: str, words: frozenset[str]) -> bool:
    """The word, or one of its forms without proclitics, is in the folded set."""
    return any(s in words for s in strip_clitics(word))


@dataclass(frozen=True)
class EventType:
    """One kind of casualty event and the words that report it."""

    name: str
    tag: str
    label: str
    colour: str
    description: str
    report_before: frozenset[str]
    report_after: frozenset[str]
    passive_after: frozenset[str]
    nouns: frozenset[str]
    toll_nouns: frozenset[str]
    case_words: frozenset[str]
    single_nouns: frozenset[str]
    adjectives: frozenset[str]
    dual_bases: frozenset[str]
    infection_words: frozenset[str]
    wound_nouns: frozenset[str]
    excluded_by: tuple[str, ...]
    infection_excluded_by: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """The merged lexicon of one or more files, words folded once."""

    sources: tuple[str, ...]
    types: dict[str, EventType]
    lists: dict[str, frozenset[str]]
    subset_markers: tuple[tuple[str, ...], ...]
    alternative_markers: tuple[tuple[str, ...], ...]
    additive_links: tuple[tuple[str, ...], ...]
    victim_descriptions: tuple[tuple[str, ...], ...]
    separate_event_cues: tuple[tuple[str, ...], ...]
    disease_phrases: tuple[tuple[str, ...], ...]
    leading_qualifiers: tuple[tuple[str, ...], ...]
    trailing_qualifiers: tuple[tuple[str, ...], ...]
    exclusions: dict[str, frozenset[str]]
    vague: dict[str, int]
    windows: dict[str, int]
    tag_to_type: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> frozenset[str]:
        # victims_singular, time_months, gap_words ...: one attribute per word list
        lists = object.__getattribute__(self, "lists")
        if name in lists:
            return lists[name]
        raise AttributeError(name)

    def type_by(self, part: str, word: str, strict: bool = False) -> str | None:
        """The first event type whose ``part`` list holds the word (``strict``: the folded word itself)."""
        f = fold(word)
        for t in self.types.values():
            words = getattr(t, part)
            if f in words if strict else in_words(word, words):
                return t.name
        return None

    def any_type(self, part: str, word: str) -> bool:
        return self.type_by(part, word) is not None


def _fail(path: str, message: str) -> ConfigError:
    return ConfigError(f"{path}: {message}")


_PHRASE_LISTS = ("disease_phrases", "victim_descriptions", "subset_markers", "alternative_markers", "additive_links", "separate_event_cues", "qualifiers.leading", "qualifiers.trailing")


def _check_words(value: Any, path: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise _fail(path, f"'{key}' must be a list of words")
    if key not in _PHRASE_LISTS:
        phrases = [w for w in value if len(w.split()) > 1]
        if phrases:
            raise _fail(path, f"'{key}' holds single words; '{phrases[0]}' has a space (phrases go in "
                              f"subset_markers or qualifiers)")
    return value


def _unknown(path: str, key: str, allowed: Iterable[str]) -> ConfigError:
    close = difflib.get_close_matches(key, list(allowed), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return _fail(path, f"unknown key '{key}'{hint}")


def _read(source: str) -> tuple[str, dict[str, Any]]:
    if source in VARIETIES:
        ref = resources.files(__package__).joinpath(f"lexicons/{source}.yaml")
        where, text = f"lexicons/{source}.yaml", ref.read_text(encoding="utf-8")
    else:
        path = Path(source)
        if not path.is_file():
            raise ConfigError(f"casualty lexicon '{source}' is neither a shipped variety "
                              f"({', '.join(VARIETIES)}) nor a YAML file")
        where, text = str(path), path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        raise _fail(where, f"not valid YAML ({str(e).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise _fail(where, "must be a mapping of lexicon keys")
    return where, data


def _merge(into: dict[str, Any], data: dict[str, Any], where: str) -> None:
    """Lists add to lists, tables update tables, event types add or extend (an overlay never removes)."""
    for key, value in data.items():
        if key not in _KEYS:
            raise _unknown(where, key, _KEYS)
        if key in ("version", "variety"):
            continue
        if key in _TOP_LISTS:
            into.setdefault(key, []).extend(_check_words(value, where, key))
        elif key in ("vague", "windows"):
            if not isinstance(value, dict) or not all(isinstance(v, int) and not isinstance(v, bool)
                                                      for v in value.values()):
                raise _fail(where, f"'{key}' must map words to whole numbers")
            if key == "windows":
                for name in value:
                    if name not in _WINDOWS:
                        raise _unknown(where, f"windows.{name}", [f"windows.{w}" for w in _WINDOWS])
            into.setdefault(key, {}).update(value)
        elif key == "event_types":
            _merge_types(into.setdefault(key, {}), value, where)
        else:
            allowed = _SECTIONS[key]
            if not isinstance(value, dict):
                raise _fail(where, f"'{key}' must be a mapping")
            for name, words in value.items():
                if allowed is not None and name not in allowed:
                    raise _unknown(where, f"{key}.{name}", [f"{key}.{a}" for a in allowed])
                into.setdefault(key, {}).setdefault(name, []).extend(_check_words(words, where, f"{key}.{name}"))


def _merge_types(into: dict[str, Any], value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise _fail(where, "'event_types' must map type names to their words")
    for name, spec in value.items():
        if not isinstance(spec, dict):
            raise _fail(where, f"event type '{name}' must be a mapping")
        entry = into.setdefault(name, {})
        for key, v in spec.items():
            if key in _TYPE_TEXT:
                if not isinstance(v, str):
                    raise _fail(where, f"'event_types.{name}.{key}' must be text")
                entry[key] = v
            elif key in _TYPE_LISTS:
                entry.setdefault(key, []).extend(_check_words(v, where, f"event_types.{name}.{key}"))
            else:
                raise _unknown(where, f"event_types.{name}.{key}",
                               [f"event_types.{name}.{k}" for k in (*_TYPE_TEXT, *_TYPE_LISTS)])


@lru_cache(maxsize=16)
def load_lexicon(sources: Sequence[str] = DEFAULT) -> Lexicon:
    """The merged lexicon of shipped varieties and/or YAML files, in order (the first is the base)."""
    sources = tuple(sources)
    if not sources:
        raise ConfigError("casualties.lexicons is empty: name at least the base lexicon, msa")
    merged: dict[str, Any] = {}
    where = ""
    for source in sources:
        where, data = _read(source)
        _merge(merged, data, where)
    missing = [w for w in _WINDOWS if w not in merged.get("windows", {})]
    if missing or not merged.get("event_types"):
        raise _fail(where, f"the lexicons {list(sources)} define no event types or miss windows {missing}: "
                           "the first one must be a complete base such as msa")
    types = {}
    for name, spec in merged["event_types"].items():
        if not spec.get("tag", "").isupper():
            raise _fail(where, f"event type '{name}' needs a 'tag' in capitals (its BIO label, e.g. KILLED)")
        lists = {k: _words(spec.get(k, [])) for k in _TYPE_LISTS if k not in _TYPE_NAMES}
        names = {k: tuple(spec.get(k, [])) for k in _TYPE_NAMES}
        unknown = [e for v in names.values() for e in v if e not in merged.get("exclusions", {})]
        if unknown:
            raise _fail(where, f"event type '{name}' names exclusions {unknown}, which no 'exclusions' list defines")
        types[name] = EventType(name=name, tag=spec["tag"], label=spec.get("name", name),
                                colour=spec.get("colour", "#dee2e6"), description=spec.get("description", name),
                                **names, **lists)
    lists = {k: _words(merged.get(k, [])) for k in _TOP_LISTS if k not in _PHRASE_LISTS}
    for section in ("victims", "time"):
        for name in _SECTIONS[section]:
            lists[f"{section}_{name}"] = _words(merged.get(section, {}).get(name, []))
    # derived once here, not per word: the engine and the dual reader look these up for every word
    lists["single_casualty_nouns"] = frozenset().union(*(t.single_nouns for t in types.values()))
    lists["type_adjectives"] = frozenset().union(*(t.adjectives for t in types.values()))
    lists["dual_bases"] = lists["victims_singular"] | frozenset().union(*(t.dual_bases for t in types.values()))
    lists["group_complements"] = lists["victims_construct_complements"] | lists["victims_group_complements"]
    qualifiers = merged.get("qualifiers", {})
    return Lexicon(
        sources=sources, types=types, lists=lists,
        subset_markers=_phrases(merged.get("subset_markers", [])),
        alternative_markers=_phrases(merged.get("alternative_markers", [])),
        additive_links=_phrases(merged.get("additive_links", [])),
        victim_descriptions=_phrases(merged.get("victim_descriptions", [])),
        separate_event_cues=_phrases(merged.get("separate_event_cues", [])),
        disease_phrases=_phrases(merged.get("disease_phrases", [])),
        leading_qualifiers=_phrases(qualifiers.get("leading", [])),
        trailing_qualifiers=_phrases(qualifiers.get("trailing", [])),
        exclusions={k: _words(v) for k, v in merged.get("exclusions", {}).items()},
        vague={fold(k): v for k, v in merged.get("vague", {}).items()},
        windows=dict(merged["windows"]),
        tag_to_type={t.tag: t.name for t in types.values()})


def default_lexicon() -> Lexicon:
    """The lexicon of this process: MSA unless :func:`use_lexicons` chose others (the run config does)."""
    return load_lexicon(_ACTIVE[0])


_ACTIVE: list[tuple[str, ...]] = [DEFAULT]


def use_lexicons(sources: Sequence[str]) -> Lexicon:
    """Make ``sources`` the process-wide lexicon (called once from the run config); returns it."""
    lexicon = load_lexicon(tuple(sources))
    _ACTIVE[0] = tuple(sources)
    return lexicon
