"""A stored item's period: written into queryable columns, read back, placed in a range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from typing import Any, Protocol

from bot.periods import DateSpan, Period, Precision, format_period, parse_period
from storage.models import ItemStatus

PERIOD_CHARS = 400


def period_columns(period: Period) -> dict[str, Any]:
    """The columns that store `period`: bounds to query by, and text that reads back exactly."""
    return {
        "precision": str(period.precision),
        # Text that could not be read is kept as written, as far as the column holds it.
        "period_text": period.text[:PERIOD_CHARS] if period.unparsed else format_period(period),
        "start_on": period.start,
        "end_on": period.end,
        "at_time": period.at,
    }


def status_for(period: Period) -> ItemStatus:
    """A period without a day yet ("sẽ thông báo sau", unreadable text) is to be announced."""
    if period.to_be_announced or period.precision is Precision.UNKNOWN:
        return ItemStatus.TO_BE_ANNOUNCED
    return ItemStatus.PLANNED


class Dated(Protocol):
    """What placing an item in time needs: a stored item, or a row of a calendar list."""

    @property
    def id(self) -> int: ...
    @property
    def precision(self) -> str: ...
    @property
    def period_text(self) -> str: ...
    @property
    def start_on(self) -> date | None: ...
    @property
    def end_on(self) -> date | None: ...
    @property
    def at_time(self) -> time | None: ...
    @property
    def recurring(self) -> bool: ...
    @property
    def month_day(self) -> int | None: ...


@lru_cache(maxsize=4096)
def _parse(text: str, year: int) -> Period:
    # A calendar repeats its few period texts ("tháng 5/2026") across many items and pages.
    return parse_period(text, default_year=year)


def period_of(item: Dated) -> Period:
    """The exact period of a stored item (its canonical text parses back to it)."""
    year = (item.start_on or item.end_on or date.today()).year
    return _parse(item.period_text, year)


def month_day(period: Period) -> int | None:
    """The key of a yearly item (519 for 19/5); only an exact day can repeat every year."""
    if period.precision not in (Precision.DATE, Precision.DATETIME) or period.start is None:
        return None
    return period.start.month * 100 + period.start.day


def _yearly(item: Dated, year: int) -> date | None:
    if item.month_day is None or item.start_on is None or year < item.start_on.year:
        return None
    try:
        return date(year, item.month_day // 100, item.month_day % 100)
    except ValueError:  # 29/2 in a common year
        return None


@dataclass(frozen=True, slots=True)
class Occurrence:
    """An item as it falls in an asked range: a yearly item once per year it comes round."""

    item: Dated
    day: date  # where the list puts it: the first day of the item within the range
    yearly: Period | None = None

    @property
    def period(self) -> Period:
        return self.yearly if self.yearly is not None else period_of(self.item)

    @property
    def sort_key(self) -> tuple[date, int, int]:
        at = self.item.at_time
        return self.day, at.hour * 60 + at.minute if at else -1, self.item.id


def occurrences(item: Dated, start: date, end: date) -> list[Occurrence]:
    """Where `item` falls within `start`..`end`: nothing, its period, or each yearly date.

    The stored bounds decide, except for months with gaps between them ("T3+4;T11+12"),
    whose text is read back to see which months they are.
    """
    if item.recurring:
        found = []
        for year in range(start.year, end.year + 1):
            day = _yearly(item, year)
            if day is not None and start <= day <= end:
                precision = Precision.DATE if item.at_time is None else Precision.DATETIME
                period = Period(precision, (DateSpan(day, day),), at=item.at_time)
                found.append(Occurrence(item, day, period))
        return found
    if item.end_on is None or item.end_on < start:
        return []
    if item.start_on is not None and item.start_on > end:
        return []
    if item.precision == Precision.MONTHS and not period_of(item).overlaps(start, end):
        return []
    return [Occurrence(item, max(item.start_on or start, start))]


def next_occurrence(item: Dated, today: date) -> date | None:
    """The next day a fixed-date item happens on or after `today` (a yearly one comes round)."""
    if item.recurring:
        for year in (today.year, today.year + 1, today.year + 2):
            day = _yearly(item, year)
            if day is not None and day >= today:
                return day
        return None
    return item.start_on if item.start_on and item.start_on >= today else None
