"""An incident: the reports of one event from one or more articles, and the one row analysts read.

Its date is the most precise any report gives (among day dates the one most articles resolve to, an
explicit day outweighing أمس), its place the region most of its articles name and that region's most
named city, and each figure the UCDP triple over its reports but for parts (a smaller figure later in an
article already in the incident) and, when it has others, round-ups (a total over several attacks:
``data/dedup.yaml`` ``round_up_cues``, or في هجمات right after a toll: ``round_up_after``): best is the median reported best (the lower middle one, so always a
figure some newspaper printed), low the smallest low, high the largest high (open when a report gave
only a floor: أكثر من 20). Every reported figure is kept (``killed_reported``) so the spread stays visible.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .article_dates import article_stamp
from .counts import Figure
from .cues import is_round_up
from .dates import is_explicit
from .reports import DATE_RANK, PLACE_RANK, Report, place_key
from .victims import CATEGORIES

EXPLICIT_WEIGHT = 3.0  # an explicit day's vote against a relative word's (see Incident._date)


@dataclass
class Incident:
    reports: list[Report] = field(default_factory=list)
    incident_id: str = ""
    _cache: dict = field(default_factory=dict, repr=False)
    parts: set = field(default_factory=set, repr=False)  # id() of reports that joined as a part of the toll

    def add(self, report: Report, part: bool = False) -> None:
        self.reports.append(report)
        if part:
            self.parts.add(id(report))
        self._cache.clear()

    def _cached(self, key: str, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    @property
    def cumulative(self) -> str | None:
        return self.reports[0].cumulative

    @property
    def date(self):
        return self._cached("date", self._date)

    def _date(self):
        """The most precise date its reports give, none after the day its earliest article carries;
        among day dates, the one most articles resolve to, an explicit day (الخميس, 20 يوليو) counting
        three times a relative one (أمس), each article once per date; ties go to the earliest (reports
        follow events)."""
        latest = self.latest_possible()
        possible = [r for r in self.reports if latest is None or r.date.date is None or r.date.date <= latest]
        reports = possible or self.reports
        best_rank = min(DATE_RANK[r.date.precision] for r in reports)
        tied = [(r.article_id, r.date) for r in reports if DATE_RANK[r.date.precision] == best_rank]
        votes: dict[tuple[str, str | None], float] = {}
        for article, d in tied:
            w = EXPLICIT_WEIGHT if d.precision == "day" and is_explicit(d.text) else 1.0
            votes[(article, d.date)] = max(votes.get((article, d.date), 0.0), w)
        total: Counter = Counter()
        for (_, day), w in votes.items():
            total[day] += w
        top = max(total.values())
        return min((d for _, d in tied if total[d.date] == top), key=lambda d: (d.date or "", not is_explicit(d.text)))

    def latest_possible(self) -> str | None:
        """The day of its earliest article (the day that article carries): no report can be of an event
        after it, so a later day one of its reports gives (a later article's أول من أمس, copied from
        an older release) is not the incident's."""
        days = [d for d in (_carried_day(r.article_date) for r in self.reports) if d is not None]
        return min(days) if days else None

    @property
    def place(self) -> dict[str, Any]:
        return self._cached("place", self._place)

    def _place(self) -> dict[str, Any]:
        """The most specific place most of its articles agree on, within the country most reports name:
        first the region (admin1) its articles name most, counting each article once (its cities in
        that region or the region itself; a sentence's second place half), then the city of that region
        they name most; a country-level place only when no city or region of the country is named."""
        countries = Counter(r.place["country"] for r in self.reports if r.place["country"])
        main = countries.most_common(1)[0][0] if countries else None
        named: dict[str, dict[Any, float]] = {}
        places: dict[Any, dict[str, Any]] = {}
        for r in self.reports:
            seen = named.setdefault(r.article_id, {})
            for n, p in enumerate(r.places()):
                if p["country"] == main and p["place_precision"] in ("city", "region"):
                    key = place_key(p)
                    places.setdefault(key, p)
                    seen[key] = max(seen.get(key, 0.0), 1.0 if n == 0 else 0.5)
        if not places:
            return min((r.place for r in self.reports), key=lambda p: (p["country"] != main,
                                                                       PLACE_RANK[p["place_precision"]]))

        def area(key) -> Any:
            return places[key]["admin1"] or key
        by_area: Counter = Counter()
        by_place: Counter = Counter()
        for seen in named.values():
            best_in: dict[Any, float] = {}
            for key, w in seen.items():
                by_place[key] += w
                best_in[area(key)] = max(best_in.get(area(key), 0.0), w)
            by_area.update(best_in)
        top = max(by_area, key=lambda a: by_area[a])  # ties: the first named
        inside = [k for k in places if area(k) == top]
        return places[max(inside, key=lambda k: (places[k]["place_precision"] == "city", by_place[k]))]

    def places(self) -> list[dict[str, Any]]:
        """The distinct places its reports give, each report's own first (at most twelve: enough to
        recognise a later report)."""
        def distinct():
            out, seen = [], set()
            for p in [r.place for r in self.reports] + [p for r in self.reports for p in r.places()[1:]]:
                key = place_key(p)
                if key not in seen:
                    seen.add(key)
                    out.append(p)
            return out[:12]
        return self._cached("places", distinct)

    def figures(self, typ: str) -> list[Figure]:
        """Every report's figure of that type, but for parts: a further report of an article already in
        the incident that joined with a smaller figure (the four in critical condition)."""
        return [f for f in (r.figure(typ) for r in self.reports if id(r) not in self.parts) if f is not None]

    def own_figures(self, typ: str) -> list[Figure]:
        """:meth:`figures` without a round-up's totals (30 killed in a series of bombings, 23 in two
        attacks: no one attack's figure) when the incident has figures of its own: its triple and what a
        part is measured against come from these."""
        def compute():
            rs = [r for r in self.reports if id(r) not in self.parts and r.figure(typ) is not None]
            own = [r for r in rs if not is_round_up(r)]
            return [r.figure(typ) for r in (own or rs)]
        return self._cached("own:" + typ, compute)

    def reported(self, typ: str) -> list[int]:
        """Every best figure of that type any of its reports gave, parts included (distinct)."""
        return self._cached("reported:" + typ, lambda: sorted({f.best for f in (r.figure(typ) for r in self.reports)
                                                               if f is not None and f.best is not None}))

    def figure(self, typ: str) -> dict[str, Any] | None:
        return self._cached("figure:" + typ, lambda: self._figure(typ))

    def types(self) -> set[str]:
        return self._cached("types", lambda: {t for r in self.reports for t in r.types()})

    def _figure(self, typ: str) -> dict[str, Any] | None:
        figs = self.own_figures(typ)
        if not figs:
            return None
        bests = [f.best for f in figs if f.best is not None]
        lows = [f.low for f in figs if f.low is not None]
        highs = [f.high for f in figs]
        return {"best": statistics.median_low(bests) if bests else None,
                "low": min(lows) if lows else None,
                "high": None if any(h is None for h in highs) else max(highs),
                "approximate": any(f.approximate for f in figs)}

    def victims(self) -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        for r in self.reports:
            for k, v in r.victims().items():
                if k not in out or (v is not None and (out[k] is None or v > out[k])):
                    out[k] = v
        return {k: out[k] for k in CATEGORIES if k in out}

    def record(self) -> dict[str, Any]:
        """The incident as one JSON object (incidents.jsonl); the flat table is derived from it."""
        d = self.date
        p = self.place
        articles = {}
        for r in self.reports:
            articles.setdefault(r.article_id, {"article_id": r.article_id, "newspaper": r.newspaper,
                                               "date": r.article_date, "title": r.title})
        return {
            "incident_id": self.incident_id,
            "date": d.date, "date_precision": d.precision, "date_text": d.text, "date_reason": d.reason,
            "country": p["country"], "admin1": p["admin1"], "region": p["region"], "city": p["city"],
            "place_text": p["place_text"], "place_precision": p["place_precision"],
            "latitude": p["latitude"], "longitude": p["longitude"],
            "killed": self.figure("killed"), "injured": self.figure("injured"),
            "killed_reported": [f.best for f in self.figures("killed")],
            "injured_reported": [f.best for f in self.figures("injured")],
            "victims": self.victims(),
            "cumulative": self.cumulative is not None, "cumulative_kind": self.cumulative,
            "n_articles": len(articles), "n_mentions": sum(len(r.mentions) for r in self.reports),
            "sources": list(articles.values()),
            "mentions": [m for r in self.reports for m in r.mention_records],
        }


@lru_cache(maxsize=1 << 14)
def _carried_day(article_date: str | None) -> str | None:
    """The ISO day an article's date carries (its timestamp's day), or None when it has none."""
    stamp, _ = article_stamp(article_date)
    return None if stamp is None else (stamp.date() if hasattr(stamp, "date") else stamp).isoformat()
