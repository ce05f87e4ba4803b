"""How items and periods read in a message: "trong tháng 10–11/2020, ngày sẽ báo sau"."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date
from typing import Protocol

from babel.dates import format_date

from bot.periods import Period, Precision, format_period
from bot.periods.render import EN_PART_OF_DAY, VI_PART_OF_DAY
from bot.schedule.ranges import DayRange, RangeKind, quarter_number
from bot.text.i18n import _, current_locale
from storage.models import ItemStatus

_FUZZY = (Precision.MONTH, Precision.MONTHS, Precision.QUARTER, Precision.HALF_YEAR, Precision.YEAR)
_ROMAN = ("", "I", "II", "III", "IV")
TITLE_CHARS = 220
FIELD_CHARS = 160


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _english(locale: str | None) -> bool:
    return (locale or current_locale()) == "en"


def weekday_day(day: date, locale: str | None = None) -> str:
    """ "Thứ Ba 19/5/2026" or "Tue 19 May 2026"."""
    if _english(locale):
        return format_date(day, "EEE d MMM y", locale="en_US")
    return f"{format_date(day, 'EEEE', locale='vi_VN')} {day.day}/{day.month}/{day.year}"


def _vi_months(period: Period) -> str:
    runs = []
    for span in period.spans:
        first, last = span.start.month, span.end.month
        runs.append(str(first) if first == last else f"{first}–{last}")
    return f"tháng {', '.join(runs)}/{period.spans[0].start.year}"


def describe_period(period: Period, locale: str | None = None) -> str:
    """A period as a member reads it, with the weekday of an exact day."""
    if period.unparsed:
        return period.text
    english = _english(locale)
    bare = replace(period, tentative=False, to_be_announced=False, text="")
    exact = period.precision in (Precision.DATE, Precision.DATETIME) and period.start
    if exact and period.start is not None:
        core = weekday_day(period.start, locale)
        if period.part_of_day is not None:
            part = period.part_of_day
            if english:
                core = f"{core}, {EN_PART_OF_DAY[part]}"
            else:
                core = f"{VI_PART_OF_DAY[part]} {core}"
        if period.at is not None:
            core += f", {period.at:%H:%M}" if english else f", {period.at.hour}h{period.at:%M}"
    elif english or period.phase is not None:
        # "đầu tháng 5/2024" says when by itself; "trong" before it would not read.
        core = format_period(bare, "en" if english else "vi")
    elif period.precision is Precision.MONTHS:
        core = "trong " + _vi_months(bare)
    elif period.precision in _FUZZY:
        core = "trong " + format_period(bare)
    else:
        core = format_period(bare).replace("-", "–")
    if english:
        later = "time to be announced" if exact else "date to be announced"
        text = ", ".join(p for p in (core, later if period.to_be_announced else "") if p)
        return f"{text} (tentative)" if period.tentative else text
    later = "giờ sẽ báo sau" if exact else "ngày sẽ báo sau"
    text = ", ".join(p for p in (core, later if period.to_be_announced else "") if p)
    return f"dự kiến {text}" if period.tentative else text


def range_title(days: DayRange) -> str:
    """The heading of a list: "this week (18/5–24/5/2026)", "May 2026", "Q2 2026"…"""
    start, end = days.start, days.end
    span = _("{start} – {end}").format(start=_short(start), end=_short(end, year=True))
    if days.kind is RangeKind.UPCOMING:
        return _("from today")
    if days.kind is RangeKind.WEEK:
        return _("week {days}").format(days=span)
    if days.kind is RangeKind.MONTH:
        return _("month {month}/{year}").format(month=start.month, year=start.year)
    if days.kind is RangeKind.QUARTER:
        quarter = quarter_number(start)
        return _("quarter {quarter}/{year}").format(quarter=_ROMAN[quarter], year=start.year)
    if start == end:
        return weekday_day(start)
    return span


def _short(day: date, year: bool = False) -> str:
    return f"{day.day}/{day.month}/{day.year}" if year else f"{day.day}/{day.month}"


class Shown(Protocol):
    """What a list line shows of an item: a stored item or a row of a calendar list."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def place(self) -> str | None: ...
    @property
    def responsible(self) -> str | None: ...
    @property
    def recurring(self) -> bool: ...
    @property
    def status(self) -> ItemStatus: ...


def status_mark(item: Shown) -> str:
    if item.status is ItemStatus.DONE:
        return " ✅ " + _("done")
    if item.status is ItemStatus.CANCELLED:
        return " 🚫 " + _("cancelled")
    return ""


def item_line(number: int, item: Shown, when: str, show_id: bool) -> str:
    """One entry of a list: number, when, title, then place and who is responsible.

    Leads and admins also see the item's id, which /lichsua and /lichhuy take.
    """
    yearly = " 🔁" if item.recurring else ""
    ident = f" · <code>#{item.id}</code>" if show_id else ""
    lines = [
        f"<b>{number}.</b> <b>{html.escape(when)}</b>{yearly}{status_mark(item)}{ident}\n"
        f"    {html.escape(shorten(item.title, TITLE_CHARS))}"
    ]
    extra = []
    if item.place:
        extra.append("📍 " + html.escape(shorten(item.place, FIELD_CHARS)))
    if item.responsible:
        extra.append(
            _("In charge: {who}").format(who=html.escape(shorten(item.responsible, FIELD_CHARS)))
        )
    if extra:
        lines.append("    " + " · ".join(extra))
    return "\n".join(lines)
