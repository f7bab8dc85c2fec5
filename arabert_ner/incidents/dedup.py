"""Which reports are one incident: deduplication across articles, blocked so it stays linear.

Reports are processed in date order; a report is compared only with the incidents indexed under a
country its places name and an ISO week its date window reaches (the blocks). It joins the most similar
compatible incident, else starts one. Compatible means all of:

* not cumulative (period, aggregate and oversized tolls stay rows of their own); a report may join an incident its
  own article already reported (the lead, then a later paragraph with the hospital's figure) unless its
  sentence has a cue of a separate event (``data/dedup.yaml``: وفي هجوم آخر, إلى ذلك) and neither refers
  back to known victims (إلى ذلك، غادر المصابون السبعة) nor tells what remains (ما زالوا يتلقون العلاج);
* dates at most ``incidents.date_window_days`` apart, widened by the coarser precision (a week: 3 days
  each side, a month: 15, unknown: 30), narrowed to ``DedupRule.day_window_days`` when both are dated
  to the day (a day named five days from another's is another attack; an undated follow-up keeps the
  wide window), or an undated recall of an older incident's figures (up to
  ``DedupRule.recall_days``; only of an incident dated by its own words, not by its article's date alone);
  an unresolved date never merges; a report dated to the day more than
  ``DedupRule.settled_day_window`` (3) days from an incident whose day reports of two articles or more
  already give its day is another attack of that place and week (:func:`_settled_apart`), and so is
  one dated more than a day after the incident's earliest article that is no update (:func:`_later_event`);
* one of the report's places (or the other cities and regions of its sentence) the same as one of the
  incident's, or one containing the other: the same city (or
  two cities at most ``incidents.max_distance_km`` apart), a city inside the other's region, or anything inside the
  other's country-level place;
* a figure type in common, with best figures at most ``incidents.count_slack`` apart or in a ratio of
  at least ``incidents.count_ratio`` (any smaller one from an article already in the incident, or from
  a sentence that tells what remains of a toll, ``data/dedup.yaml``'s ما زالوا يتلقون العلاج, or
  that refers back to known victims, الشهيد, المصابين السبعة, أحد شهداء التفجير: a part of its toll;
  an incident whose figures it agrees with is preferred to one it would only be a part of);
* when the two are not in the same city: context similarity (``rapidfuzz`` token-set ratio of their
  sentences) of at least ``incidents.min_similarity``; places that disagree, unless both are cities
  (another region of the country, a place the gazetteer does not know), are overruled by a similarity
  of at least ``incidents.place_override_similarity``.

Last, incidents placed in one city on one day whose figures agree are merged (:func:`merge_twins`): the
order reports are taken in can otherwise leave one event as two.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz

from ..text.arabic import fold
from .cues import announces_separate_event, is_round_up as is_round_up, names_another_event, refers_back, \
    tells_follow_up, tells_remaining
from .incident import Incident
from .reports import Report

_PRECISION_SLACK = {"day": 0, "report": 0, "week": 3, "month": 15, "unknown": 30}


@dataclass(frozen=True)
class DedupRule:
    date_window_days: int = 5
    max_distance_km: float = 30.0
    count_ratio: float = 0.2
    count_slack: int = 3
    min_similarity: float = 0.2
    place_override_similarity: float = 0.6
    day_window_days: int | None = 4  # both dated to the day: at most this far apart (see _window); not a config key
    recall_days: int = 14  # an undated recall may join an incident this much older (see _recalled); not a config key
    settled_day_window: int | None = 3  # a day report vs an incident whose day is settled (see _settled_apart)
    settled_articles: int = 2  # ... by day reports of at least this many articles; not config keys
    later_event_days: int | None = 1  # a day report this far after the incident's first article (see _later_event)
    told_apart_share: float = 0.5  # share of shared articles cueing a separate event (see _told_apart)

    @classmethod
    def from_config(cls, cfg) -> "DedupRule":
        return cls(cfg.date_window_days, cfg.max_distance_km, cfg.count_ratio, cfg.count_slack, cfg.min_similarity,
                   cfg.place_override_similarity)


def same_figures(a: Report, b: Incident) -> bool:
    """Every figure type both give has the same best value."""
    for typ in a.types() & b.types():
        fa, fb = a.figure(typ), b.figure(typ)
        if fa is not None and fb is not None and fa.best != fb["best"]:
            return False
    return True


def _date(report: Report) -> dt.date | None:
    d = report.date
    return dt.date.fromisoformat(d.date) if d.date else None


def _km(a: dict, b: dict) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def places_compatible(a: dict, b: dict, max_km: float) -> tuple[bool, bool]:
    """(compatible, same city): same or contained place."""
    if a["place_precision"] == "unresolved" or b["place_precision"] == "unresolved":
        same_text = a["place_text"] is not None and a["place_text"] == b["place_text"]
        return same_text or (a["place_precision"] == b["place_precision"] == "unresolved"), False
    if a["country"] != b["country"]:
        return False, False
    ca, cb = a["city"], b["city"]
    if ca and cb:
        if ca["geonameid"] == cb["geonameid"]:
            return True, True
        return _km(a, b) <= max_km, False
    if a["place_precision"] == "country" or b["place_precision"] == "country":
        return True, False
    return a["admin1"] == b["admin1"], False  # region with region, or a city with its region


def is_part(a: Report, b: Incident) -> bool:
    """Every figure ``a`` gives is at most the incident's largest of that type, and one is smaller."""
    smaller = False
    for typ in a.types() & b.types():
        fa = a.figure(typ)
        known = [g.best for g in b.own_figures(typ) if g.best is not None]
        if fa is None or fa.best is None or not known:
            continue
        if fa.best > max(known):
            return False
        smaller = smaller or fa.best < max(known)
    return smaller


def counts_compatible(a: Report, b: Incident, rule: DedupRule, same_article: bool = False) -> bool:
    """A figure type in common, the best figures close (``count_slack``) or in proportion
    (``count_ratio``); for a further report of an article already in the incident, any figure up to the
    largest it was given (أربعة منهم في حالة خطرة: a part of the toll). Checking against every figure
    the incident was given instead of its best merged more on the gold's articles alone but grew
    incidents holding several attacks over the whole corpus (docs/results.md)."""
    shared = a.types() & b.types()
    if not shared:
        return False
    for typ in shared:
        fa, fb = a.figure(typ), b.figure(typ)
        if fa is None or fb is None or fa.best is None or fb["best"] is None:
            continue
        x, y = fa.best, fb["best"]
        if same_article and x <= max(b.reported(typ), default=y):
            continue
        if not _figures_close(x, y, rule):
            return False
    return True


def _figures_close(x: int, y: int, rule: DedupRule) -> bool:
    """Two best figures at most ``count_slack`` apart or in a ratio of at least ``count_ratio``."""
    return abs(x - y) <= rule.count_slack or min(x, y) / max(x, y) >= rule.count_ratio


def similarity(a: Report, b: Incident) -> float:
    """Context similarity (0-1): the best rapidfuzz token-set ratio against the incident's first reports."""
    ctx = fold(a.context)
    return max(fuzz.token_set_ratio(ctx, fold(r.context)) for r in b.reports[:5]) / 100.0


def _window(report: Report, incident: Incident, rule: DedupRule) -> int:
    if report.date.precision == incident.date.precision == "day" and rule.day_window_days is not None:
        return min(rule.day_window_days, rule.date_window_days)
    return rule.date_window_days + _PRECISION_SLACK.get(report.date.precision, 0) \
        + _PRECISION_SLACK.get(incident.date.precision, 0)


def _settled_apart(report: Report, inc: Incident, days: int, rule: DedupRule) -> bool:
    """A report dated to the day, more than ``settled_day_window`` days from the day of an incident that
    day reports of ``settled_articles`` articles or more give (its settled day), is another attack of
    the same place and week (Kabul, 6 and 10 August), unless it comes after that day and repeats the
    incident's figures: a recall whose sentence is dated by a later event (the Suruç bombing's 32 dead
    in a sentence on the Friday of Turkey's first air strikes)."""
    if rule.settled_day_window is None or report.date.precision != "day" or inc.date.precision != "day":
        return False
    if abs(days) <= rule.settled_day_window:
        return False
    if days < 0 and _repeats_figures(report, inc):
        return False  # a later sentence that repeats the toll, dated by another event it tells of
    on_day = {r.article_id for r in inc.reports if r.date.precision == "day" and r.date.date == inc.date.date}
    return len(on_day) >= rule.settled_articles


def _later_event(report: Report, d: dt.date, inc: Incident, rule: DedupRule) -> bool:
    """A day report more than ``later_event_days`` after the day the incident's earliest article carries
    tells of a later event (Incident.latest_possible): Khanabad on the 9th is not the Kabul attack an
    article of the 6th reported. Slack of a day for late-night events; an update (``follow_up_cues``) and
    a recall repeating the incident's figures may join (a small figure repeated by chance lets one in)."""
    if rule.later_event_days is None or report.date.precision != "day":
        return False
    latest = inc.latest_possible()
    return latest is not None and (d - dt.date.fromisoformat(latest)).days > rule.later_event_days \
        and not (tells_follow_up(report) or _repeats_figures(report, inc))


def _repeats_figures(report: Report, inc: Incident) -> bool:
    """Every figure the report gives is one the incident's reports gave (32 killed, 100 injured)."""
    figures = [(t, report.figure(t)) for t in report.types()]
    figures = [(t, f.best) for t, f in figures if f is not None and f.best is not None]
    return bool(figures) and all(any(g.best == best for g in inc.figures(t)) for t, best in figures)


def _recalled(report: Report, inc: Incident, days_before: int, rule: DedupRule) -> bool:
    """A later article recalls the incident without a date of its own (الهجوم الذي أودى بحياة 32
    شخصا): an article-dated report may join an incident up to ``recall_days`` before it when every
    figure it gives is one the incident's reports gave. The incident must have a date of its own: one
    known only by its article's date is no event a recall can name (three Emirati soldiers announced
    killed on 8 August are not a Marib round-up's three of 22 July)."""
    if report.date.precision != "report" or not 0 < days_before <= rule.date_window_days + rule.recall_days:
        return False
    if inc.date.precision == "report":
        return False
    return _repeats_figures(report, inc)


def _lenient(report: Report) -> bool:
    """The report may be a part of a larger toll from another article: it tells what remains of one
    (ما زالوا يتلقون العلاج) or refers back to known victims (الشهيد, المصابين السبعة)."""
    return tells_remaining(report) or refers_back(report)


def _iso_week(d: dt.date) -> tuple[int, int]:
    y, w, _ = d.isocalendar()
    return y, w


def _blocks(report: Report, d: dt.date, rule: DedupRule) -> tuple[set, set]:
    """The ISO weeks and the months a report's date window reaches (for incidents dated to the day or
    week, and to the month or coarser)."""
    reach = rule.date_window_days + _PRECISION_SLACK.get(report.date.precision, 0) + 3
    if report.date.precision == "report":
        reach += rule.recall_days
    days = [d + dt.timedelta(days=k) for k in range(-reach, reach + 1, 7)] + [d + dt.timedelta(days=reach)]
    far = reach + max(_PRECISION_SLACK.values())
    months = {(x.year, x.month) for x in (d + dt.timedelta(days=k) for k in range(-far, far + 1, 14))}
    months.add(((d + dt.timedelta(days=far)).year, (d + dt.timedelta(days=far)).month))
    return {_iso_week(x) for x in days}, months


def deduplicate(reports: Iterable[Report], rule: DedupRule | None = None) -> list[Incident]:
    """All reports -> incidents, numbered in date order. Reports are taken in date order; each is compared
    only with the incidents indexed under a country one of its places names and a week (or, for
    incidents dated to the month, a month) its date window reaches: the work stays linear."""
    rule = rule or DedupRule()
    reports = list(reports)
    incidents: list[Incident] = []
    index: dict[tuple, list[int]] = defaultdict(list)  # (country, "w"/"m", block) -> incident indices
    indexed: set[tuple] = set()

    def add_to_index(idx: int) -> None:
        inc = incidents[idx]
        d = dt.date.fromisoformat(inc.date.date)
        block = ("m", (d.year, d.month)) if inc.date.precision in ("month", "unknown") else ("w", _iso_week(d))
        for country in {p["country"] for p in inc.places()}:
            key = (country,) + block
            if (idx, key) not in indexed:  # its date or places grew: findable under the new ones too
                indexed.add((idx, key))
                index[key].append(idx)

    for report in sorted((r for r in reports if _date(r) is not None), key=lambda r: (_date(r), r.article_id)):
        d = _date(report)
        best, best_score = None, -math.inf
        if report.cumulative is None:
            weeks, months = _blocks(report, d, rule)
            countries = {p["country"] for p in report.places()}
            candidates = {i for c in countries for w in weeks for i in index.get((c, "w", w), ())}
            candidates |= {i for c in countries for m in months for i in index.get((c, "m", m), ())}
            for idx in sorted(candidates):
                score = _match(report, d, incidents[idx], rule)
                if score is not None and score > best_score:
                    best, best_score = idx, score
        if best is None:
            incidents.append(Incident([report]))
            best = len(incidents) - 1
        else:
            inc = incidents[best]
            same_article = any(r.article_id == report.article_id for r in inc.reports)
            inc.add(report, part=(same_article or _lenient(report)) and is_part(report, inc))
        add_to_index(best)
    incidents = merge_twins(incidents, rule)
    incidents.extend(Incident([r]) for r in reports if _date(r) is None)  # unresolved dates never merge
    incidents.sort(key=lambda i: (i.date.date or "9999", i.place["country"] or "~",
                                  i.reports[0].article_id, i.reports[0].mentions[0].start))
    width = max(5, len(str(len(incidents))))
    for n, inc in enumerate(incidents, 1):
        inc.incident_id = f"inc-{n:0{width}d}"
    return incidents


def _twin_key(inc: Incident) -> tuple | None:
    p, d = inc.place, inc.date
    if inc.cumulative is not None or p["city"] is None or d.precision != "day":
        return None
    return p["city"]["geonameid"], d.date


def _figures_agree(a: Incident, b: Incident, rule: DedupRule) -> bool:
    """A figure type in common, the best figures close or in proportion (:func:`_figures_close`, as in
    :func:`counts_compatible`)."""
    compared = 0
    for typ in a.types() & b.types():
        fa, fb = a.figure(typ), b.figure(typ)
        if fa is None or fb is None or fa["best"] is None or fb["best"] is None:
            continue
        if not _figures_close(fa["best"], fb["best"], rule):
            return False
        compared += 1
    return compared > 0  # at least one figure compared: two incidents with no best figure do not agree


def _told_apart(a: Incident, b: Incident, rule: DedupRule) -> bool:
    """Articles that report both tell them apart: at least ``told_apart_share`` of the articles they
    share have a report in a sentence with a cue of a separate event (one of 156 does not)."""
    common = {r.article_id for r in a.reports} & {r.article_id for r in b.reports}
    cued = {r.article_id for r in a.reports + b.reports if r.article_id in common and announces_separate_event(r)}
    return bool(cued) and len(cued) >= rule.told_apart_share * len(common)


def merge_twins(incidents: list[Incident], rule: DedupRule) -> list[Incident]:
    """Incidents placed in one city on one day (both dated to the day) whose figures agree are one.
    Reports join in date order, each the most similar incident it may join, so an event whose first
    report was placed elsewhere (a Suruç bombing report written from Ankara) can start a second
    incident that then grows beside the first, later reports splitting between the two by a hair of
    similarity; once both have settled on the same city and day they are merged (into the earliest
    whose figures agree), unless the articles that report both tell them apart (:func:`_told_apart`).
    Then region-level incidents join their city twins (:func:`_merge_region_twins`)."""
    hosts: dict = defaultdict(list)  # (city, day) -> the incidents kept under it, earliest first
    out: list[Incident] = []
    for inc in incidents:
        key = _twin_key(inc)
        # every earlier incident of the city and day, not only the first: a small one that took another
        # figure (one man killed in Suruç that day) must not keep two reports of the bombing apart
        host = next((h for h in hosts.get(key, ()) if _twin_key(h) == key  # its place or day may have moved
                     and _figures_agree(inc, h, rule) and not _told_apart(inc, h, rule)), None) if key else None
        if host is not None:
            for r in inc.reports:
                host.add(r, part=id(r) in inc.parts)
            continue
        if key is not None:
            hosts[key].append(inc)
        out.append(inc)
    return _merge_region_twins(out, rule)


def _region_key(inc: Incident) -> tuple | None:
    p, d = inc.place, inc.date
    if inc.cumulative is not None or d.precision != "day" or not p["country"] or not p["admin1"]:
        return None
    return p["country"], p["admin1"], d.date


def _merge_region_twins(incidents: list[Incident], rule: DedupRule) -> list[Incident]:
    """An incident placed only in a region (بمنطقة عسير) on a day joins the one incident placed in a
    city of that region on that day whose figures agree (the Abha bombing, told by some papers as
    Asir's): the region's reports could not be compared with the city's, and split the event. With two
    or more such cities the region incident stays as it is (which city it belongs to is not known)."""
    cities: dict = defaultdict(list)
    for inc in incidents:
        if _twin_key(inc) is not None and (key := _region_key(inc)) is not None:
            cities[key].append(inc)
    merged: set[int] = set()
    for inc in incidents:
        if inc.place["city"] is not None or inc.place["place_precision"] != "region" \
                or (key := _region_key(inc)) is None:
            continue
        if len(cities.get(key, ())) != 1:
            continue  # no city incident of the region that day, or several: which one is not known
        (host,) = cities[key]
        if _figures_agree(inc, host, rule) and not _told_apart(inc, host, rule):
            for r in inc.reports:
                host.add(r, part=id(r) in inc.parts)
            merged.add(id(inc))
    return [inc for inc in incidents if id(inc) not in merged]


def _match(report: Report, d: dt.date, inc: Incident, rule: DedupRule) -> float | None:
    """Score (same city first, then similarity) when ``report`` can join ``inc``, else None."""
    if inc.cumulative is not None:
        return None
    same_article = any(r.article_id == report.article_id for r in inc.reports)
    if same_article and announces_separate_event(report) and (
            names_another_event(report) or not _lenient(report)):
        return None  # a back-reference or what remains may pass a topic shift (إلى ذلك), never وفي هجوم آخر
    if inc.date.precision == "unresolved":
        return None
    other = inc.date
    if other.date is None:
        return None
    days = (dt.date.fromisoformat(other.date) - d).days
    if _settled_apart(report, inc, days, rule) or _later_event(report, d, inc, rule):
        return None
    recall = abs(days) > _window(report, inc, rule)
    if recall and not _recalled(report, inc, -days, rule):
        return None
    agrees = counts_compatible(report, inc, rule)  # the lenient check below passes whenever this one does
    if not agrees and not ((same_article or _lenient(report)) and counts_compatible(report, inc, rule, True)):
        return None
    # a report that agrees with an incident's figures goes there before one it would only be a part of
    # (the 5 killed at the airport road, not the 15 of the truck bomb the same week)
    only_part = not same_article and not agrees
    # any place the incident's reports give (the attack's city in one, the province in another); once it
    # has a city, a city report must agree with its cities or regions, not merely with its country
    # (and the other cities and regions named beside them: Suruç with Kobani, a dateline's region)
    places = inc.places()
    if report.place["city"] is not None and any(p["city"] for p in places):
        places = [p for p in places if p["place_precision"] in ("city", "region")]
    ok = same_city = False
    for mine in report.places():
        for place in places:
            o, s = places_compatible(mine, place, rule.max_distance_km)
            ok, same_city = ok or o, same_city or s
    sim = similarity(report, inc)
    two_cities = report.place["city"] is not None and inc.place["city"] is not None
    if not ok and (two_cities or sim < rule.place_override_similarity):
        return None  # a region or an unknown place told in the same words as the incident may be overruled
    if not same_city and sim < rule.min_similarity:
        return None
    # an incident within the window first, then one whose figures the report agrees with, the same city
    return (1.0 if same_city else 0.0) + sim - (2.0 if recall else 0.0) - (1.0 if only_part else 0.0)


