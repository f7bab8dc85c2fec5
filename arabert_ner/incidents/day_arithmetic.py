"""Calendar arithmetic for time words: the weekday on or before a day, a month some months back, Gregorian
and Hijri days checked (Hijri through ``hijridate``)."""
from __future__ import annotations

import datetime as dt


def _weekday_on_or_before(ref: dt.date, weekday: int, strictly_before: bool) -> dt.date:
    back = (ref.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return ref - dt.timedelta(days=back)


def _month_shift(ref: dt.date, months: int) -> tuple[int, int]:
    m = ref.month - 1 + months
    return ref.year + m // 12, m % 12 + 1


def _gregorian(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    from hijridate import Hijri

    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _hijri_year_of(ref: dt.date) -> int:
    from hijridate import Gregorian

    return Gregorian(ref.year, ref.month, ref.day).to_hijri().year
