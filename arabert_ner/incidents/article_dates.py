"""The day an article was written, from the date it carries (ISO, a datetime, or a format ``dateparser``
reads): the reference day of every relative time word in it (أمس, الخميس الماضي)."""
from __future__ import annotations

import datetime as dt
from typing import Any


def parse_article_date(value: Any, previous_day_before_hour: int = 0) -> tuple[dt.date | None, str | None]:
    """The day the article was written, or (None, why not). ISO first; other formats through
    ``dateparser``. A timestamp before ``previous_day_before_hour`` o'clock counts as the day before:
    SaudiNewsNet's ``date`` is when the article was scraped, and what is scraped after midnight was
    written the evening before (its اليوم (الاثنين) names the previous day; docs/incidents.md)."""
    stamp, why = article_stamp(value)
    return _days(stamp, previous_day_before_hour)[0], why


def _days(stamp: dt.date | None, previous_day_before_hour: int) -> tuple[dt.date | None, dt.date | None]:
    """The day an article was written and the day it carries, from its parsed stamp (they differ only for
    a timestamp before ``previous_day_before_hour`` o'clock)."""
    if isinstance(stamp, dt.datetime):
        return _writing_day(stamp, previous_day_before_hour), stamp.date()
    return stamp, stamp


def article_stamp(value: Any) -> tuple[dt.date | None, str | None]:
    """The article's date as given: a datetime when it has an hour, a date when it has none (a date alone,
    or a format only dateparser reads), or (None, why not)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "the article has no date"
    if isinstance(value, dt.date):  # a datetime too
        return value, None
    text = str(value).strip()
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return (stamp.date() if len(text) <= 10 else stamp), None  # a date alone says nothing about the hour
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text[:10]), None
    except ValueError:
        pass
    import dateparser

    # STRICT_PARSING: "July" alone must not become "July <today's day>"; no relative-time parser: "last week"
    # would be read against the clock of the machine, not the article.
    parsed = dateparser.parse(text, languages=["en", "ar", "fr"],
                              settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first",
                                        "PARSERS": ["timestamp", "custom-formats", "absolute-time"]})
    if parsed is None:
        return None, f"unknown date format {text[:40]!r}"
    return parsed.date(), None


def _writing_day(stamp: dt.datetime, previous_day_before_hour: int) -> dt.date:
    if stamp.hour < previous_day_before_hour:
        return stamp.date() - dt.timedelta(days=1)
    return stamp.date()
