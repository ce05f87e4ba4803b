"""Reporting periods: a month, quarter, half-year or year, named as people write them.

`reporting_period("Quý I/2020")` gives the stored code `2020-Q1` and its days; the code is
also accepted back (`2020-Q1`, `2020-03`, `2020-H1`, `2020`), so the CLI and buttons agree.
A report is on time when first sent by the end of the deadline plus the grace days, in the
association's time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.periods import DateSpan, Period, Precision, format_period, parse_period
from bot.text.i18n import current_locale

REPORTING = (Precision.MONTH, Precision.QUARTER, Precision.HALF_YEAR, Precision.YEAR)
DEFAULT_DEADLINE_DAYS = 10  # after the period ends, as the association's plans usually ask
DEFAULT_GRACE_DAYS = 3
_CODE = re.compile(r"(\d{4})(?:-(?:Q([1-4])|H([12])|(0[1-9]|1[0-2])))?")


@dataclass(frozen=True, slots=True)
class PeriodSpan:
    code: str
    precision: Precision
    starts_on: date
    ends_on: date

    def label(self) -> str:
        return period_label(self.precision, self.starts_on, self.ends_on, current_locale())


def as_period(precision: str, starts_on: date, ends_on: date) -> Period:
    return Period(Precision(precision), (DateSpan(starts_on, ends_on),))


def period_label(precision: str, starts_on: date, ends_on: date, locale: str = "vi") -> str:
    """`quý I/2020`, `tháng 3/2020`, `6 tháng đầu năm 2020`, `năm 2020` (or English)."""
    return format_period(as_period(precision, starts_on, ends_on), locale)


def _code(precision: Precision, start: date) -> str:
    match precision:
        case Precision.MONTH:
            return f"{start.year}-{start.month:02d}"
        case Precision.QUARTER:
            return f"{start.year}-Q{(start.month + 2) // 3}"
        case Precision.HALF_YEAR:
            return f"{start.year}-H{1 if start.month == 1 else 2}"
    return str(start.year)


def _from_code(text: str) -> PeriodSpan | None:
    match = _CODE.fullmatch(text.strip().upper())
    if match is None:
        return None
    year = int(match[1])
    if match[2]:
        first, months, precision = 3 * int(match[2]) - 2, 3, Precision.QUARTER
    elif match[3]:
        first, months, precision = 6 * int(match[3]) - 5, 6, Precision.HALF_YEAR
    elif match[4]:
        first, months, precision = int(match[4]), 1, Precision.MONTH
    else:
        first, months, precision = 1, 12, Precision.YEAR
    return span_of(precision, date(year, first, 1), months)


def span_of(precision: Precision, start: date, months: int) -> PeriodSpan:
    after = start.month - 1 + months
    end = date(start.year + after // 12, after % 12 + 1, 1) - timedelta(days=1)
    return PeriodSpan(_code(precision, start), precision, start, end)


def reporting_period(text: str, today: date) -> PeriodSpan | None:
    """The reporting period `text` names, or None if it names no month/quarter/half/year."""
    found = _from_code(text)
    if found is not None:
        return found
    parsed = parse_period(text, default_year=today.year)
    if parsed.unparsed or parsed.precision not in REPORTING or parsed.start is None:
        return None
    assert parsed.end is not None
    return PeriodSpan(
        _code(parsed.precision, parsed.start), parsed.precision, parsed.start, parsed.end
    )


def split_period(words: list[str], today: date) -> tuple[PeriodSpan | None, list[str]]:
    """The period at the start of `words` (up to 5 words: "6 tháng đầu năm 2020"), and the rest."""
    for size in range(min(5, len(words)), 0, -1):
        found = reporting_period(" ".join(words[:size]), today)
        if found is not None:
            return found, words[size:]
    return None, words


def recent_periods(today: date) -> list[PeriodSpan]:
    """What an admin most likely opens: last and this quarter, month, half-year, last year."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_quarter = (quarter_start - timedelta(days=1)).replace(day=1)
    last_quarter = last_quarter.replace(month=3 * ((last_quarter.month - 1) // 3) + 1)
    month_start = today.replace(day=1)
    last_month = (month_start - timedelta(days=1)).replace(day=1)
    half_start = date(today.year, 1 if today.month <= 6 else 7, 1)
    return [
        span_of(Precision.QUARTER, last_quarter, 3),
        span_of(Precision.QUARTER, quarter_start, 3),
        span_of(Precision.MONTH, last_month, 1),
        span_of(Precision.MONTH, month_start, 1),
        span_of(Precision.HALF_YEAR, half_start, 6),
        span_of(Precision.YEAR, date(today.year - 1, 1, 1), 12),
    ]


def default_deadline(ends_on: date) -> date:
    return ends_on + timedelta(days=DEFAULT_DEADLINE_DAYS)


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The last instant of `day` in the association's time zone, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=tz).astimezone(UTC)


def timely_until(deadline: date, grace_days: int, tz: ZoneInfo) -> datetime:
    """Reports first sent before this instant count as on time."""
    return end_of_day(deadline + timedelta(days=grace_days), tz)


def parse_day(text: str, today: date) -> date | None:
    """`2020-04-10`, `10/4/2020` or `10/4` (this year)."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?", text)
    if match is None:
        return None
    try:
        return date(int(match[3] or today.year), int(match[2]), int(match[1]))
    except ValueError:
        return None
