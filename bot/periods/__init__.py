"""Periods in Vietnamese schedules: parse "Quý I/2024", "T3+4;T11+12/2024", "trước 15/12" …

Pure functions, no I/O: `parse_period` turns one period's text into a `Period` that knows how
precisely it was stated; `parse_periods` splits a table cell holding several; `format_period`
writes a period back as canonical Vietnamese (which parses to the same period) or English.
"""

from __future__ import annotations

from bot.periods.model import DateSpan, Period, Precision
from bot.periods.parse import parse_period, parse_periods
from bot.periods.render import format_period

__all__ = [
    "DateSpan",
    "Period",
    "Precision",
    "format_period",
    "parse_period",
    "parse_periods",
]
