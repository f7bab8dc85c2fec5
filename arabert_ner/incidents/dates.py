"""When an incident happened: a casualty event's time expression resolved against its article's date.

``أمس`` in an article of 21 July is 20 July; ``اليوم (الاثنين)`` is the Monday on or before the article
date; ``الخميس الماضي`` the Thursday before it; ``26 يونيو الماضي`` the latest 26 June not after it;
``منتصف الشهر الماضي`` the 15th of the month before, within a week; ``5 شوال 1436`` goes through
``hijridate``. Every result carries a precision code:

* ``day``, ``week``, ``month``: the text places the event that closely;
* ``unknown``: the text names a time coarser than a month (العام الماضي); the date is the article's;
* ``report``: the text names no time; the date is the article's;
* ``unresolved``: the article has no date, or one in a format nobody could read; ``date`` is None.

The words are data (``data/dates.yaml``). ``dateparser`` reads article dates that are not ISO
("21 July 2015", "Tue, 21 Jul 2015 02:51:37 GMT"); on Arabic relative words it was checked and does not
help (see docs/incidents.md), so those are read here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..text.arabic import fold, strip_clitics
from .ago import ago_at
from .article_dates import article_stamp, _days, parse_article_date  # noqa: F401  (parse_article_date: API)
from .date_words import PRECISIONS, DateWords, tables  # noqa: F401  (PRECISIONS, tables: API)
from .day_arithmetic import _gregorian, _hijri_to_gregorian, _hijri_year_of, _month_shift, _weekday_on_or_before
from .resources import load_data

_TOKEN = re.compile(r"[^\W_]+(?:[/.\-][^\W_]+)*")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")


@dataclass(frozen=True)
class ResolvedDate:
    date: str | None  # ISO yyyy-mm-dd
    precision: str
    text: str | None = None  # the expression read, as folded words
    reason: str | None = None  # why the date is unresolved
    statement: bool = False  # the time of a statement or follow-up about the event (see _statement_time)

    def record(self) -> dict[str, Any]:
        return {"date": self.date, "date_precision": self.precision, "date_text": self.text,
                "date_reason": self.reason}


def days_apart(a: ResolvedDate, b: ResolvedDate) -> bool:
    """Both dated to the day, ``b`` by the event's own words (not a statement's), two days or more apart:
    a figure ``b`` repeating toll ``a`` is another event's (قال مسعفون أمس إن خمسة أشخاص قتلوا ...
    هاجموا الجمعة الماضي نقطة تفتيش فقتلوا خمسة جنود), whatever the casualty engine linked."""
    if a.precision != "day" or b.precision != "day" or b.statement or not a.date or not b.date:
        return False
    return abs((dt.date.fromisoformat(a.date) - dt.date.fromisoformat(b.date)).days) >= 2


def _words(text: str) -> list[str]:
    """Folded words, without اليوم where it names a newspaper («اليوم», صحيفة اليوم)."""
    out = []
    for w in _TOKEN.findall(tables().today_names.sub(" ", fold(text))):
        # 20/7/2015 stays one word; تموز/يوليو (two names of one month) is two
        out.extend([w] if _NUMERIC.match(w) or w.replace("/", "").replace("-", "").replace(".", "").isdigit()
                   else re.split(r"[/.\-]", w))
    return [w for w in out if w]


def _match_phrase(words: list[str], i: int, table: dict[tuple[str, ...], Any]) -> tuple[int, Any] | None:
    """The longest phrase of ``table`` at word ``i`` (clitics allowed on its first word)."""
    best = None
    for key, value in table.items():
        n = len(key)
        if i + n > len(words):
            continue
        if key[0] in strip_clitics(words[i]) and tuple(words[i + 1:i + n]) == key[1:]:
            if best is None or n > best[0]:
                best = (n, value)
    return best


def _forms(word: str) -> tuple[str, ...]:
    return strip_clitics(word)


def _weekday(word: str, t: DateWords, after_yawm: bool = False) -> int | None:
    """A weekday name with its article (الأحد, والاثنين): bare أحد and اثنين are "one" and "two"
    (أحد عشر قتيلا, اثنين آخرين); after يوم the article may be missing."""
    for f in _forms(word):
        if f in t.weekdays and f.startswith("ال"):
            return t.weekdays[f]
        if after_yawm and ("ال" + f) in t.weekdays:
            return t.weekdays["ال" + f]
    return None


def _is(word: str | None, group: frozenset[str]) -> bool:
    return word is not None and any(f in group for f in _forms(word))


def _year(word: str | None) -> int | None:
    if word is None:
        return None
    m = re.match(r"^(\d{4})(?:ه|هـ|م)?$", word)
    return int(m.group(1)) if m else None



def _at(words: list[str], i: int, ref: dt.date, t: DateWords, published: dt.date
        ) -> tuple[dt.date, str, int] | None:
    """A date expression starting at word ``i``: (date, precision, words used), or None. Each reader
    below tries one form, in this order. ``ref`` is the day the article was written, ``published`` the
    day of its timestamp (the same but for articles scraped in the small hours: see resolve_date)."""
    for read in _READERS:
        found = read(words, i, ref, t, published)
        if found is not None:
            return found
    return None


def _numeric_at(words: list[str], i: int, ref: dt.date, t: DateWords, published: dt.date
                ) -> tuple[dt.date, str, int] | None:
    w = words[i]
    # 20/7/2015, 2015-07-20
    m = _NUMERIC.match(w)
    if m:
        a, b, c = (int(x) for x in m.groups())
        d = _gregorian(a, b, c) if a > 31 else _gregorian(c, b, a) if c > 31 else None
        if d is not None:
            return d, "day", 1
    return None


def _day_month_at(words: list[str], i: int, ref: dt.date, t: DateWords, published: dt.date
                  ) -> tuple[dt.date, str, int] | None:
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else None
    # 26 [من] يونيو [2015] [الماضي], 5 شوال [1436هـ]
    if w.isdigit() and 1 <= int(w) <= 31 and nxt is not None:
        day = int(w)
        of = 1 if nxt == fold("من") else 0  # 20 من يوليو
        for table, hijri in ((t.gregorian, False), (t.hijri, True)):
            hit = _match_phrase(words, i + 1 + of, table)
            if hit is None:
                continue
            n, month = hit
            used = 1 + of + n
            year = _year(words[i + used]) if i + used < len(words) else None
            if year is not None:
                used += 1
            if hijri:
                y = year or _hijri_year_of(ref)
                d = _hijri_to_gregorian(y, month, day)
                if d is not None and year is None and d > ref + dt.timedelta(days=1):
                    d = _hijri_to_gregorian(y - 1, month, day)
            else:
                y = year or ref.year
                d = _gregorian(y, month, day)
                if d is not None and year is None and d > ref + dt.timedelta(days=1):
                    d = _gregorian(y - 1, month, day)
            if d is None:
                return None
            if i + used < len(words) and _is(words[i + used], t.past):
                used += 1
            return d, "day", used
    return None


def _month_part_at(words: list[str], i: int, ref: dt.date, t: DateWords, published: dt.date
                   ) -> tuple[dt.date, str, int] | None:
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else None
    # منتصف الشهر الماضي, أواخر يونيو, مطلع الأسبوع (the week form is read as the period below)
    part = next((t.month_parts[f] for f in _forms(w) if f in t.month_parts), None)
    if part is not None and nxt is not None:
        day, precision = part
        if _is(nxt, frozenset({fold("الشهر")})):
            after = words[i + 2] if i + 2 < len(words) else None
            shift = -1 if _is(after, t.past) else 0
            y, mo = _month_shift(ref, shift)
            return dt.date(y, mo, day), precision, 3 if after is not None and shift or _is(after, t.current) else 2
        hit = _match_phrase(words, i + 1, t.gregorian)
        if hit is not None:
            n, mo = hit
            y = ref.year if mo <= ref.month else ref.year - 1
            return dt.date(y, mo, day), precision, 1 + n
    return None


def _month_name_at(words: list[str], i: int, ref: dt.date, t: DateWords, published: dt.date
                   ) -> tuple[dt.date, str, int] | None:
    w = words[i]
    # يونيو الماضي, شهر يونيو: a month name alone names a month only with such a word (مارس, صفر and
    # رجب are also words and names).
    shahr = fold("شهر")
    start = i + 1 if _is(w, frozenset({shahr})) else i
    hit = _match_phrase(words, start, t.gregorian) if start < len(words) else None
    if hit is not None:
        n, mo = hit
        after = words[start + n] if start + n < len(words) else None
        year = _year(after)
        if start > i or _is(after, t.past) or _is(after, t.current) or year:
            y = year or (ref.year if mo <= ref.month else ref.year - 1)
            if _is(after, t.past) and mo == ref.month and not year:
                y -= 1
            return dt.date(y, mo, 1), "month", (start - i) + n + (1 if after is not None and (
                year or _is(after, t.past) or _is(after, t.current)) else 0)
    return None


def _weekday_at(words: list[str], i: int, ref: dt.date, t: DateWords, published: dt.date
                ) -> tuple[dt.date, str, int] | None:
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else None
    # [فجر|يوم] الثلاثاء [الماضي]
    weekday = _weekday(w, t, after_yawm=i > 0 and words[i - 1] == fold("يوم"))
    if weekday is not None:
        past = _is(nxt, t.past)
        return _weekday_on_or_before(ref, weekday, strictly_before=past), "day", 2 if past else 1
    return None


def _relative_at(words: list[str], i: int, ref: dt.date, t: DateWords, published: dt.date
                 ) -> tuple[dt.date, str, int] | None:
    # اليوم (الاثنين), أمس, أول أمس. اليوم counts from the day the article was written, أمس from the day
    # it carries: a morning paper's أمس is the day before its date, even when its wire copy (اليوم) was
    # written the evening before (see resolve_date).
    hit = _match_phrase(words, i, t.relative)
    if hit is not None:
        n, offset = hit
        base = published if offset < 0 else ref
        after = words[i + n] if i + n < len(words) else None
        weekday = _weekday(after, t) if after is not None else None
        if weekday is not None:  # اليوم (الاثنين): the weekday is more exact than the extraction date
            for day in (base + dt.timedelta(days=offset), ref + dt.timedelta(days=offset)):
                if day.weekday() == weekday:  # أمس الاثنين: the Monday the word counts to, from either day
                    return day, "day", n + 1
            return _weekday_on_or_before(base, weekday, strictly_before=offset < 0), "day", n + 1
        return base + dt.timedelta(days=offset), "day", n
    return None


def _period_at(words: list[str], i: int, ref: dt.date, t: DateWords, published: dt.date
               ) -> tuple[dt.date, str, int] | None:
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else None
    # الشهر الماضي, الأسبوع الماضي, العام الماضي
    period = next((t.periods[f] for f in _forms(w) if f in t.periods), None)
    if period is not None and (_is(nxt, t.past) or _is(nxt, t.current)):
        past = _is(nxt, t.past)
        if period == "month":
            y, mo = _month_shift(ref, -1 if past else 0)
            return dt.date(y, mo, 1), "month", 2
        if period == "week":
            monday = ref - dt.timedelta(days=ref.weekday())
            return monday - dt.timedelta(days=7 if past else 0), "week", 2
        return ref, "unknown", 2
    return None


_READERS = (_numeric_at, _day_month_at, _month_part_at, _month_name_at, _weekday_at, _relative_at, _period_at, ago_at)


def is_explicit(expression: str | None) -> bool:
    """The expression names its day (الخميس, أمس الخميس, 20 يوليو, 5 شوال, 20/7/2015) rather than
    counting from the article's date (أمس, اليوم): it does not depend on when the article was written or
    copied, so it outweighs a relative word when reports disagree."""
    if not expression:
        return False
    t = tables()
    words = _words(expression)
    return any(any(c.isdigit() for c in w) or _weekday(w, t, after_yawm=True) is not None for w in words)


def _scan(words: list[str], start: int, ref: dt.date, t: DateWords, published: dt.date,
          before: list[str] | None = None) -> tuple[tuple[dt.date, str, str] | None, tuple[dt.date, str, str] | None]:
    """The first date expression of ``words`` from word ``start`` on that is not a statement's time,
    and the first that is, each (date, precision, expression) or None. A same-day phrase (في اليوم
    نفسه) takes the last date named before it (``words``, then ``before``: the sentences before) and
    is skipped where none is."""
    statement = None
    i = start
    while i < len(words):
        same = _match_phrase(words, i, t.same_day)
        if same is not None:
            anchor = _last(words[:i], ref, t, published) or (_last(before, ref, t, published) if before else None)
            if anchor is not None:
                d, precision, expr = anchor
                return (d, precision, " ".join(words[i:i + same[0]]) + f" ({expr})"), statement
            i += same[0]
            continue
        hit = _at(words, i, ref, t, published)
        if hit is not None:
            d, precision, used = hit
            found = d, precision, " ".join(words[i:i + max(1, used)])
            if not _statement_time(words, i, t):
                return found, statement
            statement = statement or found
            i += max(1, used)
            continue
        i += 1
    return None, statement


def _statement_time(words: list[str], i: int, t: DateWords) -> bool:
    """The time word at ``i`` dates a statement or a follow-up (أعلنت السلطات أمس أن ..., شيع أمس): a
    statement verb at most ``statement_time.window`` words before it, no complementiser (أن, إن) between."""
    for j in range(i - 1, max(-1, i - 1 - t.statement_window), -1):
        forms = strip_clitics(words[j])
        if words[j] in t.statement_breaks:
            return False
        if any(f in t.statement_verbs for f in forms):
            return True
    return False


def _last(words: list[str], ref: dt.date, t: DateWords, published: dt.date) -> tuple[dt.date, str, str] | None:
    """The last date expression of ``words`` (same-day phrases left out)."""
    last, i = None, 0
    while i < len(words):
        same = _match_phrase(words, i, t.same_day)
        if same is not None:
            i += same[0]
            continue
        hit = _at(words, i, ref, t, published)
        if hit is not None:
            d, precision, used = hit
            last = (d, precision, " ".join(words[i:i + max(1, used)]))
            i += max(1, used)
        else:
            i += 1
    return last


def find_date(text: str, ref: dt.date, published: dt.date | None = None, before: str = "", lead: str = ""
              ) -> tuple[dt.date, str, str] | None:
    """The first date expression in ``text``: (date, precision, expression), or None. ``ref`` is the day
    the article was written; ``published`` the day it carries, when that differs (أمس counts from it);
    ``lead`` the words of its sentence before ``text``, ``before`` the sentences before that (what في
    اليوم نفسه refers to)."""
    event, statement = _find(text, ref, published, before, lead)
    return event or statement


def _find(text: str, ref: dt.date, published: dt.date | None = None, before: str = "", lead: str = ""):
    t = tables()
    head = _words(lead) if lead else []
    return _scan(head + _words(text), len(head), ref, t, published or ref, _words(before) if before else None)


def resolve_date(article_date: Any, time_text: str | None = None, sentence: str | None = None,
                 previous_day_before_hour: int = 0, before: str = "") -> ResolvedDate:
    """The event's date: its time expression, else the first one in its sentence, else the article's date
    (the day it was written: see :func:`parse_article_date`).

    An article stamped before ``previous_day_before_hour`` o'clock has two days: the one it was written
    (the evening before: its اليوم (الخميس) names that day) and the one it carries, a morning paper's
    date, from which its أمس counts (أمس الخميس in a Friday 04:00 article is that Thursday, not the one
    a week before). On the incident gold's dev half, أمس in such articles named the day before the
    carried date in 10 of 13 mentions. ``before`` is the article's text before the sentence: في اليوم
    نفسه (the same day) is the last date named before it there when its sentence names none."""
    stamp, why = article_stamp(article_date)  # parsed once: dateparser is slow, and this runs per mention
    ref, published = _days(stamp, previous_day_before_hour)
    if ref is None:
        return ResolvedDate(None, "unresolved", time_text, why)
    # the sentence's words before the time text (the time text is the rest of the sentence from near the
    # casualty engine's time span): context for في اليوم نفسه
    lead = ""
    if sentence and time_text and sentence.endswith(time_text):
        cut = len(sentence) - len(time_text)
        while cut > 0 and not sentence[cut - 1].isspace():  # whole words on both sides
            cut -= 1
        lead, time_text = sentence[:cut], sentence[cut:]
    fallback = None
    for text, head in ((time_text, lead), (sentence, "")):
        if text:
            hit, statement = _find(text, ref, published, before, head)
            if hit is not None:
                d, precision, expr = hit
                return ResolvedDate(d.isoformat(), precision, expr)
            fallback = fallback or statement
    if fallback is not None:  # only a statement's time: the event was most often that day too
        d, precision, expr = fallback
        return ResolvedDate(d.isoformat(), precision, expr, statement=True)
    return ResolvedDate(ref.isoformat(), "report")


def event_time(sentence: str, article_date: Any, previous_day_before_hour: int = 0) -> ResolvedDate | None:
    """The day a sentence such as ووقع الهجوم الاثنين gives the event told just before it (``event_time``
    in dates.yaml), or None: the sentence must have the verb with the event noun at most two words after
    it, and a day or week date that is not a statement's."""
    spec = event_time_spec()
    words = _words(sentence)
    hit = False
    for i, w in enumerate(words):
        if any(f in spec[0] for f in strip_clitics(w)):
            if any(words[j] in spec[1] or any(f in spec[1] for f in strip_clitics(words[j]))
                   for j in range(i + 1, min(len(words), i + 3))):
                hit = True
                break
    if not hit:
        return None
    stamp, _ = article_stamp(article_date)
    ref, published = _days(stamp, previous_day_before_hour)
    if ref is None:
        return None
    event, _ = _find(sentence, ref, published)
    if event is None or event[1] not in ("day", "week"):
        return None
    d, precision, expr = event
    return ResolvedDate(d.isoformat(), precision, expr)


@lru_cache(maxsize=1)
def event_time_spec() -> tuple[frozenset[str], frozenset[str], int]:
    data = load_data("dates.yaml").get("event_time") or {}
    return (frozenset(fold(w) for w in data.get("verbs") or ()), frozenset(fold(w.split()[0]) for w in data.get("nouns") or ()),
            int(data.get("back", 0)))
