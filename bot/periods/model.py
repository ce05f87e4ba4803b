"""The period model: when a schedule item happens, and how precisely that was said.

A "Thời gian" cell may name a day, a month, several months, a quarter, a deadline, or only
promise that the date will be announced. Keeping the precision next to the dates lets the
calendar show a fuzzy item in every range it may fall in, instead of pinning it to a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum


class Precision(StrEnum):
    """How precisely a period was stated; the values are stable strings, safe to store."""

    DATETIME = "datetime"
    DATE = "date"
    DAY_RANGE = "day_range"
    MONTH = "month"
    MONTHS = "months"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    DEADLINE = "deadline"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A closed interval of days: both `start` and `end` are included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"a span cannot end before it starts: {self.start} > {self.end}")

    def overlaps(self, start: date, end: date) -> bool:
        return self.start <= end and start <= self.end


@dataclass(frozen=True, slots=True)
class Period:
    """A parsed period.

    Invariants kept by the parser (and expected by `format_period`):
    - DATE / DATETIME: one one-day span; `at` is set exactly for DATETIME.
    - DAY_RANGE: one span of two days or more.
    - MONTH, QUARTER, HALF_YEAR, YEAR: one span covering exactly that calendar unit.
    - MONTHS: whole-month spans within one year, sorted, never adjacent (touching months are
      merged), two months or more in total.
    - DEADLINE: no spans; `deadline` is the day (and `at` the optional hour) it is due.
    - UNKNOWN: no spans; either `unparsed` (the text was not understood) or
      `to_be_announced` (the text only says the date will come later).
    - `part_of_day` ("sang", "chieu", "toi": morning, afternoon, evening) only on a DATE,
      when the text gives the part of the day without an hour ("chiều 10/11").
    - `phase` ("dau", "giua", "cuoi": early, mid, late) only on a MONTH, a QUARTER or a
      YEAR, whose one span then covers that part: days 1-10, 11-20, 21-end of a month; the
      first, second or third month of a quarter; the first quarter, the two middle ones,
      the last quarter of a year. On a MONTH it may also be "tuan_dau" / "tuan_cuoi": the
      first or last seven days.
    - `occasion` ("truoc_tet", "dip_tet", "sau_tet") only on an UNKNOWN to be announced:
      a time such as "trước Tết" that no calendar day pins down, kept in its words.
    `text` is what was parsed, kept so an unparsed cell can still be shown as written.
    """

    precision: Precision
    spans: tuple[DateSpan, ...] = ()
    at: time | None = None
    deadline: date | None = None
    tentative: bool = False
    to_be_announced: bool = False
    text: str = ""
    unparsed: bool = False
    part_of_day: str | None = None
    phase: str | None = None
    occasion: str | None = None

    @property
    def start(self) -> date | None:
        """The first day, or None when the period has no lower bound (deadline, unknown)."""
        return self.spans[0].start if self.spans else None

    @property
    def end(self) -> date | None:
        """The last day (a deadline's due day), or None when unknown."""
        return self.spans[-1].end if self.spans else self.deadline

    @property
    def is_fixed(self) -> bool:
        """An exact day (with or without an hour) that is not still to be announced."""
        return (
            self.precision in (Precision.DATE, Precision.DATETIME)
            and not self.to_be_announced
            and not self.unparsed
        )

    def overlaps(self, start: date, end: date) -> bool:
        """Whether the period may fall within `start`..`end` (both included).

        A deadline counts for every range that begins on or before its due day, because the
        work it asks for can happen any time until then.
        """
        if start > end:
            raise ValueError(f"the asked range ends before it starts: {start} > {end}")
        if self.spans:
            return any(span.overlaps(start, end) for span in self.spans)
        return self.deadline is not None and start <= self.deadline
