"""An incident: the reports of one event from one or more articles, and the one row analysts read.

Its date is the most precise any report gives (the most reported one among equals), its place the most
precise within the country most reports name, and each figure the UCDP triple over all reports: best is
the median reported best (the lower middle one, so always a figure some newspaper printed), low the
smallest low, high the largest high (open when a report gave only a floor: أكثر من 20). Every reported
figure is kept (``killed_reported``) so the spread stays visible.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .counts import Figure
from .reports import DATE_RANK, PLACE_RANK, Report
from .victims import CATEGORIES


@dataclass
class Incident:
    reports: list[Report] = field(default_factory=list)
    incident_id: str = ""
    _cache: dict = field(default_factory=dict, repr=False)

    def add(self, report: Report) -> None:
        self.reports.append(report)
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
        dates = [r.date for r in self.reports]
        best_rank = min(DATE_RANK[d.precision] for d in dates)
        tied = [d for d in dates if DATE_RANK[d.precision] == best_rank]
        counts = Counter(d.date for d in tied)
        top = max(counts.values())
        return min((d for d in tied if counts[d.date] == top), key=lambda d: d.date or "")

    @property
    def place(self) -> dict[str, Any]:
        return self._cached("place", self._place)

    def _place(self) -> dict[str, Any]:
        places = [r.place for r in self.reports]
        countries = Counter(p["country"] for p in places if p["country"])
        main = countries.most_common(1)[0][0] if countries else None
        keyed = Counter(_place_key(p) for p in places)
        return min(places, key=lambda p: (p["country"] != main, PLACE_RANK[p["place_precision"]],
                                          -keyed[_place_key(p)]))

    def places(self) -> list[dict[str, Any]]:
        """The distinct places its reports give (at most eight: enough to recognise a later report)."""
        def distinct():
            out, seen = [], set()
            for r in self.reports:
                key = _place_key(r.place)
                if key not in seen:
                    seen.add(key)
                    out.append(r.place)
            return out[:8]
        return self._cached("places", distinct)

    def figures(self, typ: str) -> list[Figure]:
        return [f for f in (r.figure(typ) for r in self.reports) if f is not None]

    def figure(self, typ: str) -> dict[str, Any] | None:
        return self._cached("figure:" + typ, lambda: self._figure(typ))

    def types(self) -> set[str]:
        return self._cached("types", lambda: {t for r in self.reports for t in r.types()})

    def _figure(self, typ: str) -> dict[str, Any] | None:
        figs = self.figures(typ)
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


def _place_key(p: dict[str, Any]) -> Any:
    return (p["city"] or {}).get("geonameid") or p["admin1"] or p["country"] or p["place_text"]
