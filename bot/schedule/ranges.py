"""The stretches of days a member asks about: this week, a month, a quarter, "19/5".

Pure: today comes in as an argument. Weeks start on Monday, as Vietnamese calendars do.
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date, timedelta

from bot.periods import Precision, parse_period
from bot.periods.text import normalize

# The default view looks this far ahead: this week, this month, and what comes after.
UPCOMING_DAYS = 92


class RangeKind(enum.StrEnum):
    """Short stable codes, used in buttons' callback data."""

    UPCOMING = "u"
    WEEK = "w"
    MONTH = "m"
    QUARTER = "q"
    DAYS = "d"


@dataclass(frozen=True, slots=True)
class DayRange:
    start: date
    end: date
    kind: RangeKind = RangeKind.DAYS


def week_of(day: date) -> DayRange:
    monday = day - timedelta(days=day.weekday())
    return DayRange(monday, monday + timedelta(days=6), RangeKind.WEEK)


def month_of(year: int, month: int) -> DayRange:
    last = calendar.monthrange(year, month)[1]
    return DayRange(date(year, month, 1), date(year, month, last), RangeKind.MONTH)


def quarter_of(year: int, quarter: int) -> DayRange:
    first = 3 * quarter - 2
    return DayRange(date(year, first, 1), month_of(year, first + 2).end, RangeKind.QUARTER)


def quarter_number(day: date) -> int:
    return (day.month - 1) // 3 + 1


def this_quarter(today: date) -> DayRange:
    return quarter_of(today.year, quarter_number(today))


def next_quarter(today: date) -> DayRange:
    quarter = quarter_number(today)
    return quarter_of(today.year + quarter // 4, quarter % 4 + 1)


def upcoming(today: date) -> DayRange:
    return DayRange(today, today + timedelta(days=UPCOMING_DAYS), RangeKind.UPCOMING)


def _next_month(today: date) -> DayRange:
    return month_of(today.year + today.month // 12, today.month % 12 + 1)


_WORDS = {
    ("hom nay", "today"): lambda t: DayRange(t, t),
    ("ngay mai", "mai", "tomorrow"): lambda t: DayRange(t + timedelta(1), t + timedelta(1)),
    ("tuan nay", "this week", "week"): week_of,
    ("tuan sau", "tuan toi", "next week"): lambda t: week_of(t + timedelta(days=7)),
    ("thang nay", "this month", "month"): lambda t: month_of(t.year, t.month),
    ("thang sau", "thang toi", "next month"): _next_month,
    ("quy nay", "this quarter", "quarter"): this_quarter,
    ("quy sau", "quy toi", "next quarter"): next_quarter,
    ("nam nay", "this year", "year"): lambda t: DayRange(date(t.year, 1, 1), date(t.year, 12, 31)),
    ("sap toi", "upcoming", ""): upcoming,
}
_KIND_OF = {
    Precision.MONTH: RangeKind.MONTH,
    Precision.QUARTER: RangeKind.QUARTER,
}


def parse_range(text: str, today: date) -> DayRange | None:
    """The days `text` names ("tuần này", "tháng 5", "quý 2", "19/5", "6/2026"), or None.

    A period without a year is in the current one; a deadline ("trước 15/12") asks for the
    days from today until then.
    """
    words = " ".join(normalize(text).split())
    for names, make in _WORDS.items():
        if words in names:
            return make(today)
    period = parse_period(text, default_year=today.year)
    if period.unparsed or period.end is None:
        return None
    start = period.start or min(today, period.end)
    return DayRange(start, period.end, _KIND_OF.get(period.precision, RangeKind.DAYS))
