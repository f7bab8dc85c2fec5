"""One article's casualty events (predict.py's records) grouped into the incidents that article reports.

A *report* is what one article says about one incident: its mentions (casualty spans), date, place,
killed and injured figures, victims and sentences. Within an article, mentions join one report when the
casualty engine linked them (``same_as``: a repeated or updated toll), when a killed and an injured
figure share a sentence (قتل 5 وأصيب 10), or when the injured of the next sentence follow the killed
of this one (أصيب ثمانية آخرون). Period and aggregate tolls are reports of their own, flagged
cumulative; so is a country-level figure that holds two or more local figures of the same article, and
a figure larger than ``incidents.max_incident_figure`` (kind ``oversized``).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..casualties.document import CLAUSE_MARKS
from ..casualties.lexicon import default_lexicon
from ..text.arabic import fold, strip_clitics
from .counts import CountTable, Figure, add_figures, count_table, read_figure
from .cumulative import cumulative_kind, round_up_after
from .dates import ResolvedDate, days_apart, event_time_spec, event_time, resolve_date
from .places import Gazetteer, article_countries, event_place, gazetteer
from .victims import category_of, victim_counts

DATE_RANK = {"day": 0, "week": 1, "month": 2, "unknown": 3, "report": 4, "unresolved": 5}
PLACE_RANK = {"city": 0, "region": 1, "country": 2, "unresolved": 3}
_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.!?؟\n]+(?=\s|$)|\n")


@dataclass
class Mention:
    article_id: str
    newspaper: str | None
    type: str
    start: int
    end: int
    text: str
    count: int | None
    figure: Figure
    sentence: tuple[int, int]
    date: ResolvedDate
    place: dict[str, Any]
    victims: dict[str, int | None]
    cumulative: str | None
    same_as: int | None
    alternatives: list[dict[str, Any]] = field(default_factory=list)  # other cities and regions of the sentence
    part: bool = False  # a further victim group of the figure before it (وجندي after أربعة مدنيين)
    round_up: bool = False  # a total over several attacks, told right after the toll (cumulative.round_up_after)

    def record(self, article_text: str) -> dict[str, Any]:
        s, e = self.sentence
        return {"article_id": self.article_id, "newspaper": self.newspaper, "type": self.type,
                "start": self.start, "end": self.end, "text": self.text, "count": self.count,
                "low": self.figure.low, "best": self.figure.best, "high": self.figure.high,
                "approximate": self.figure.approximate, "cumulative": self.cumulative,
                "sentence": article_text[s:e].strip(), "sentence_start": s, "sentence_end": e,
                "date_text": self.date.text}


@dataclass
class Report:
    """What one article says about one incident."""

    article_id: str
    newspaper: str | None
    article_date: str | None
    title: str | None
    mentions: list[Mention] = field(default_factory=list)
    cumulative: str | None = None  # period or aggregate
    mention_records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def date(self) -> ResolvedDate:
        return min((m.date for m in self.mentions), key=lambda d: DATE_RANK[d.precision])

    @property
    def place(self) -> dict[str, Any]:
        """The most precise place of its mentions within the country most of them name."""
        places = [m.place for m in self.mentions]
        countries = Counter(p["country"] for p in places if p["country"])
        main = countries.most_common(1)[0][0] if countries else None
        return min(places, key=lambda p: (p["country"] != main, PLACE_RANK[p["place_precision"]]))

    def places(self) -> list[dict[str, Any]]:
        """Its place first, then the other cities and regions its sentences name (distinct)."""
        out, seen = [], set()
        for p in [self.place] + [a for m in self.mentions for a in m.alternatives]:
            key = place_key(p)
            if key not in seen:
                seen.add(key)
                out.append(p)
        return out

    def figure(self, typ: str) -> Figure | None:
        """The latest figure of that type in the article (an update supersedes the first toll); a list
        of victim groups (أربعة مدنيين وجندي) is one figure, their sum."""
        figures: list[Figure] = []
        for m in self.mentions:
            if m.type != typ:
                continue
            if m.part and figures and m.figure.best is not None:
                figures[-1] = add_figures(figures[-1], m.figure)
            elif m.figure.best is not None:
                figures.append(m.figure)
        return figures[-1] if figures else None

    def types(self) -> set[str]:
        return {m.type for m in self.mentions}

    @property
    def context(self) -> str:
        return " ".join(r["sentence"] for r in self.mention_records)

    def victims(self) -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        for m in self.mentions:
            for k, v in m.victims.items():
                if out.get(k) is None or (v is not None and v > out[k]):
                    out[k] = v
        return out


def place_key(p: dict[str, Any]) -> tuple:
    """One key per place: the city, else the region, else the country (else the unknown name)."""
    if p["city"]:
        return "city", p["city"]["geonameid"]
    if p["admin1"]:
        return "region", p["country"], p["admin1"]
    return "other", p["country"], None if p["country"] else p["place_text"]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets: a light split at . ! ? ؟ and line ends, enough to find context."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start:
            out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out or [(0, len(text))]


def _sentence_of(bounds: list[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(bounds) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if bounds[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def article_reports(record: dict[str, Any], gaz: Gazetteer | None = None,
                    table: CountTable | None = None, previous_day_before_hour: int = 0,
                    max_figure: int | None = None) -> list[Report]:
    """The reports of one predicted article record (``id``, ``text``, ``date``, ``source``, ``title``,
    ``casualties``). No casualty is dropped: each lands in exactly one report."""
    gaz = gaz or gazetteer()
    table = table or count_table()
    text = record.get("text") or ""
    title = record.get("title") or ""
    events = record.get("casualties") or []
    if not events:
        return []
    bounds = sentence_bounds(text)
    found_by_sentence: dict[int, list] = {}
    support = article_countries(gaz.find(title) + gaz.find(text))

    events, round_ups = _with_round_up_parts(events, text, bounds)
    sentence = [_sentence_of(bounds, int(ev["start"])) for ev in events]
    of_type: dict[tuple[int, str], list[int]] = {}  # (sentence, type) -> its events
    rank = []  # each event's place in its list
    for i, ev in enumerate(events):
        group = of_type.setdefault((sentence[i], ev["type"]), [])
        rank.append(len(group))
        group.append(i)
    # one of several events of its type in the sentence: the place of its own clause first, and none from
    # the clauses of the events of the type before and after it (two at most: a sentence may be the
    # whole of a long article without punctuation)
    clauses = [_clause(text, *bounds[sentence[i]], int(ev["start"]), int(ev["end"]))
               if len(of_type[(sentence[i], ev["type"])]) > 1 else None for i, ev in enumerate(events)]
    mentions = []
    for i, ev in enumerate(events):
        group, at = of_type[(sentence[i], ev["type"])], rank[i]
        foreign = tuple({clauses[j] for j in group[max(0, at - 1):at + 2] if clauses[j] != clauses[i]})
        mentions.append(_mention(ev, record, text, title, bounds, gaz, table, support, found_by_sentence,
                                 previous_day_before_hour, clauses[i], foreign))
    _flag_round_ups(mentions, round_ups)
    _date_by_event_sentences(mentions, text, bounds, record.get("date"), previous_day_before_hour)
    reports = _group(mentions, record, bounds)
    _flag_containing_totals(reports)
    if max_figure is not None:
        for r in reports:
            if r.cumulative is None and any((r.figure(t) and r.figure(t).best or 0) > max_figure for t in r.types()):
                r.cumulative = "oversized"  # a population, a budget or a war's toll, not one incident's
    for r in reports:
        r.mention_records = [m.record(text) for m in r.mentions]
    return reports


def _mention(ev: dict[str, Any], record: dict[str, Any], text: str, title: str, bounds: list[tuple[int, int]],
             gaz: Gazetteer, table: CountTable, support: Counter, found_by_sentence: dict[int, list],
             previous_day_before_hour: int, clause: tuple[int, int] | None = None,
             foreign: tuple[tuple[int, int], ...] = ()) -> Mention:
    """One casualty event of the record as a mention: its sentence, date, place, figure and victims."""
    start, end = int(ev["start"]), int(ev["end"])
    k = _sentence_of(bounds, start)
    s, e = bounds[k]
    time = ev.get("time")
    # from a word before the engine's time span: it stops at الشهر الماضي, without منتصف before it
    time_text = text[max(s, time["start"] - 12):e] if time and isinstance(time.get("start"), int) else None
    # the three sentences before: what في اليوم نفسه (the same day) refers to
    date = resolve_date(record.get("date"), time_text, text[s:e], previous_day_before_hour,
                        before=text[bounds[max(0, k - 3)][0]:s])
    place, others = event_place(text, title, bounds, k, ev, gaz, support, found_by_sentence, clause, foreign)
    figure = read_figure(ev.get("count"), bool(ev.get("approximate")), text[start:end], text[end:e], table)
    # the victim noun is in the span (14 جنديا) or the word after it (5 من جنود الجيش)
    nxt = re.match(r"\s*\S+", text[end:e])
    noun = text[start:end] if category_of(text[start:end]) else text[start:end + (nxt.end() if nxt else 0)]
    return Mention(str(record.get("id")), record.get("source"), ev["type"], start, end, text[start:end],
                   ev.get("count"), figure, (s, e), date, place, victim_counts(ev, noun),
                   cumulative_kind(text[s:start], text[end:e]), ev.get("same_as"), others,
                   round_up=round_up_after(text[end:e]))


def _names_several_attacks(sentence: str) -> bool:
    """The sentence names several attacks (تفجيرات, في هجمات, الانفجارين: the casualty lexicon's
    ``aggregate_events``, with proclitics: بتفجيرات)."""
    several = default_lexicon().aggregate_events
    return any(form in several for w in _WORD.findall(sentence) for form in strip_clitics(w))


_CLAUSE_MARK = re.compile("[" + re.escape("".join(sorted(CLAUSE_MARKS))) + "]")  # the casualty engine's


def _clause(text: str, s: int, e: int, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text[start:end]`` inside its sentence ``[s, e)``: from after the last clause mark
    (، ; :), clause opener (the casualty lexicon's ``clause_openers``: فيما, بينما, حيث) or report verb
    joined by و before it to the first one after it."""
    lex = default_lexicon()
    lo, hi = s, e
    for m in _CLAUSE_MARK.finditer(text, s, e):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = min(hi, m.start())
            break
    for m in _WORD.finditer(text, s, e):
        word = m.group()
        # an opener, or a report verb joined by و (قتل 5 في بغداد وقتل 3 آخرون في الموصل)
        if fold(word) in lex.clause_openers or (word.startswith("و") and len(word) > 2 and lex.any_type("report_before", word[1:])):
            if m.end() <= start:
                lo = max(lo, m.start())
            elif m.start() >= end:
                hi = min(hi, m.start())
                break
    return lo, hi


def _flag_round_ups(mentions: list[Mention], parent_of: dict[int, int]) -> None:
    """Round-up tolls (``parent_of``: part index -> toll index) are ``aggregate``, and so are the other
    figures of the toll's sentence (قتل 30 وأصيب 70 آخرون في سلسلة تفجيرات: the series' injured) and
    the later figures the engine linked to it (وارتفعت حصيلة قتلى التفجيرات إلى 35). A part keeps its own
    date: given the toll's day (قتل 30 ... أمس. ... مقتل 19), parts joined other countries' incidents on
    the gold's dev half (killed 0.846 -> 0.795, country 0.976 -> 0.952)."""
    tolls = set(parent_of.values())
    parts = set(parent_of)
    sentences = {mentions[t].sentence for t in tolls}
    for i, m in enumerate(mentions):
        if i in tolls or (i not in parts and (m.sentence in sentences or m.same_as in tolls)):
            m.cumulative = "aggregate"


def _with_round_up_parts(events: list[dict[str, Any]], text: str, bounds: list[tuple[int, int]]
                         ) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """A toll of several attacks whose parts the casualty engine found in the sentences after it (قتل 30
    شخصا في سلسلة تفجيرات ... حيث أدى تفجير سيارة مفخخة إلى مقتل 19 شخصا) is a round-up total: each part
    becomes an event of its own, an incident's figure (the 19, with the 43 injured of its sentence), and
    the toll is returned to be flagged ``aggregate``. Parts in the toll's own sentence (بينهم 28 عسكريا)
    stay its victims, and so do parts that add up to the toll exactly (قتل ثلاثة أشخاص ... إن امرأتين وطفلا
    قتلوا: one event told victim by victim). Returns the events in text order (copies; ``same_as``
    renumbered) and, for each new part, the index of its toll."""
    extra: list[tuple[int, dict[str, Any]]] = []
    for i, ev in enumerate(events):
        k = _sentence_of(bounds, int(ev["start"]))
        s, e = bounds[k]
        parts = [sub for sub in ev.get("among") or [] if isinstance(sub.get("start"), int)
                 and isinstance(sub.get("end"), int) and _sentence_of(bounds, sub["start"]) > k]
        counts = [sub.get("count") for sub in parts]
        if not parts or not _names_several_attacks(text[s:e]) \
                or (None not in counts and sum(counts) == ev.get("count")) \
                or cumulative_kind(text[s:int(ev["start"])], text[int(ev["end"]):e]) is not None:
            continue
        extra += [(i, {"type": ev["type"], "count": sub.get("count"), "start": sub["start"], "end": sub["end"]})
                  for sub in parts]
    if not extra:
        return events, {}
    everything = [dict(ev) for ev in events] + [part for _, part in extra]
    order = sorted(range(len(everything)), key=lambda i: int(everything[i]["start"]))
    new_index = {old: new for new, old in enumerate(order)}
    out = [everything[i] for i in order]
    for ev in out:
        if isinstance(ev.get("same_as"), int) and 0 <= ev["same_as"] < len(events):
            ev["same_as"] = new_index[ev["same_as"]]
    return out, {new_index[len(events) + j]: new_index[toll] for j, (toll, _) in enumerate(extra)}


def _date_by_event_sentences(mentions: list[Mention], text: str, bounds: list[tuple[int, int]], article_date: Any,
                             previous_day_before_hour: int) -> None:
    """ووقع الهجوم الاثنين (dates.event_time) dates the mentions dated only by a statement's time
    (أعلنت السلطات أمس أن ...) in the ``back`` sentences before it and in the next one. Mentions with no
    time words at all keep the article's date: giving them a day narrowed their deduplication window and
    cost recall on the dev half."""
    back = event_time_spec()[2]
    found: dict[int, ResolvedDate | None] = {}

    def at(j: int) -> ResolvedDate | None:
        if j not in found:
            s, e = bounds[j]
            found[j] = event_time(text[s:e], article_date, previous_day_before_hour)
        return found[j]

    for m in mentions:
        if not m.date.statement or back <= 0:
            continue
        k = _sentence_of(bounds, m.start)
        for j in [*range(k, min(len(bounds), k + back + 1)), k - 1]:
            if 0 <= j and at(j) is not None:
                m.date = found[j]
                break


def _group(mentions: list[Mention], record: dict[str, Any], bounds: list[tuple[int, int]]) -> list[Report]:
    owner: list[int] = []  # mention index -> report index
    reports: list[Report] = []

    def new(m: Mention) -> int:
        rep = Report(m.article_id, m.newspaper, record.get("date") and str(record.get("date")),
                     record.get("title"), [m], m.cumulative if m.cumulative in ("period", "aggregate") else None)
        reports.append(rep)
        return len(reports) - 1

    text = record.get("text") or ""
    for i, m in enumerate(mentions):
        own_total = m.cumulative in ("period", "aggregate")
        target = None
        if i > 0 and m.type == mentions[i - 1].type and _is_part(text, mentions[i - 1], m):
            # مقتل أربعة مدنيين وجندي: one toll of 5, whatever cue the list's later words stand near (its
            # last noun is nearer a period cue after it: وجندي بعد أسبوع من أعنف قتال وقع منذ شهر)
            target, m.part = owner[i - 1], True
        elif m.same_as is not None and 0 <= m.same_as < i and not own_total \
                and not days_apart(mentions[m.same_as].date, m.date):
            target = owner[m.same_as]
            if reports[target].cumulative:
                target = None
        elif i > 0 and not own_total:
            prev = mentions[i - 1]
            j = owner[i - 1]
            rep = reports[j]
            gap = _sentence_of(bounds, m.start) - _sentence_of(bounds, prev.start)
            complementary = m.type not in rep.types()
            if not rep.cumulative and complementary and gap <= 1 and _places_agree(m.place, rep.place):
                target = j  # قتل 5 وأصيب 10 / ... وأصيب ثمانية آخرون
        owner.append(new(m) if target is None else target)
        if target is not None:
            reports[target].mentions.append(m)
    return reports


_PART_GAP = re.compile(r"^[\s،,]*(?:و\s*)?$")


def _is_part(text: str, prev: Mention, m: Mention) -> bool:
    """``m`` continues ``prev``'s victim list (أربعة مدنيين وجندي, ضابط وثلاثة جنود): same sentence, only
    و or a comma between them, and the casualty engine did not link them as one toll."""
    return prev.sentence == m.sentence and m.same_as is None and bool(_PART_GAP.match(text[prev.end:m.start]))


def _places_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["place_precision"] == "unresolved" or b["place_precision"] == "unresolved":
        return True
    if a["country"] != b["country"]:
        return False
    ca, cb = a.get("city"), b.get("city")
    return not (ca and cb and ca["geonameid"] != cb["geonameid"])


def _flag_containing_totals(reports: list[Report]) -> None:
    """A country-level (or placeless) figure at least the sum of two or more local figures of the same
    type in the same article holds them: a national toll, not an incident of its own. Local figures of
    one victim do not count: the article's details of its own toll (أربعة مدنيين وجندي in eastern
    Ukraine, then a man killed in Donetsk, a soldier in Luhansk)."""
    for r in reports:
        if r.cumulative or r.place["place_precision"] not in ("country", "unresolved"):
            continue
        for typ in r.types():
            fig = r.figure(typ)
            if fig is None or fig.best is None:
                continue
            local = [o.figure(typ) for o in reports if o is not r and not o.cumulative
                     and o.place["place_precision"] in ("city", "region")
                     and (r.place["country"] is None or o.place["country"] == r.place["country"])]
            # a single victim told beside the toll (the body of a man found in Donetsk) is a detail of it
            local = [f.best for f in local if f is not None and f.best is not None and f.best > 1]
            if len(local) >= 2 and sum(local) <= fig.best:
                r.cumulative = "aggregate"
                break
