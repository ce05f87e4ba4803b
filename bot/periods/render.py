"""Canonical text for a period: Vietnamese that `parse_period` reads back, or English.

The Vietnamese form is the one the association writes ("tháng 3, 4/2024", "quý I/2024"), and
parsing it returns the same period, so it is also safe to store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from babel.dates import format_date

from bot.periods.model import DateSpan, Period, Precision

_ROMAN = ("", "I", "II", "III", "IV")
VI_PART_OF_DAY = {"sang": "sáng", "chieu": "chiều", "toi": "tối"}
EN_PART_OF_DAY = {"sang": "morning", "chieu": "afternoon", "toi": "evening"}
_VI_PHASE = {
    "dau": "đầu",
    "giua": "giữa",
    "cuoi": "cuối",
    "tuan_dau": "tuần đầu",
    "tuan_cuoi": "tuần cuối",
}
_EN_PHASE = {
    "dau": "early",
    "giua": "mid",
    "cuoi": "late",
    "tuan_dau": "first week of",
    "tuan_cuoi": "last week of",
}
_VI_OCCASION = {
    "truoc_tet": "trước Tết Nguyên đán",
    "dip_tet": "dịp Tết Nguyên đán",
    "sau_tet": "sau Tết Nguyên đán",
}
_EN_OCCASION = {
    "truoc_tet": "before Tết (Lunar New Year)",
    "dip_tet": "at Tết (Lunar New Year)",
    "sau_tet": "after Tết (Lunar New Year)",
}


def _vi_day(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def _vi_time(at: time) -> str:
    return f"{at.hour}h{at.minute:02d}"


def _vi_range(span: DateSpan) -> str:
    start, end = span.start, span.end
    if start.year != end.year:
        return f"{_vi_day(start)}-{_vi_day(end)}"
    if start.month != end.month:
        return f"{start.day}/{start.month}-{end.day}/{end.month}/{end.year}"
    return f"{start.day}-{end.day}/{end.month}/{end.year}"


def _runs(period: Period, name: Callable[[date], str], pair: str, dash: str) -> list[str]:
    """Each span of whole months as "3", "3, 4" or "1-12" (with month names in English)."""
    runs = []
    for span in period.spans:
        first, last = name(span.start), name(span.end)
        gap = span.end.month - span.start.month
        runs.append(
            first if gap == 0 else f"{first}{pair}{last}" if gap == 1 else first + dash + last
        )
    return runs


def _bounds(period: Period) -> tuple[date, date]:
    if not period.spans:
        raise ValueError(f"a {period.precision} period needs spans")
    return period.spans[0].start, period.spans[-1].end


def _join(items: list[str], last: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def _quarter(period: Period) -> int:
    return (period.spans[0].start.month + 2) // 3


def _vi_core(period: Period) -> str:
    if period.precision is Precision.DEADLINE:
        if period.deadline is None:
            raise ValueError("a deadline period needs its day")
        hour = f"{_vi_time(period.at)} " if period.at is not None else ""
        return f"trước {hour}ngày {_vi_day(period.deadline)}"
    if period.precision is Precision.UNKNOWN:
        return _VI_OCCASION.get(period.occasion or "", "")
    first = _bounds(period)[0]
    if period.phase is not None:
        what = {
            Precision.MONTH: f"tháng {first.month}/{first.year}",
            Precision.QUARTER: f"quý {_ROMAN[_quarter(period)]}/{first.year}",
        }.get(period.precision, f"năm {first.year}")
        return f"{_VI_PHASE[period.phase]} {what}"
    match period.precision:
        case Precision.DATE | Precision.DATETIME:
            if period.part_of_day is not None:
                return f"{VI_PART_OF_DAY[period.part_of_day]} {_vi_day(first)}"
            return (f"{_vi_time(period.at)} ngày " if period.at is not None else "") + _vi_day(
                first
            )
        case Precision.DAY_RANGE:
            return _vi_range(period.spans[0])
        case Precision.MONTH:
            return f"tháng {first.month}/{first.year}"
        case Precision.MONTHS:
            runs = _runs(period, lambda day: str(day.month), ", ", "-")
            return f"tháng {_join(runs, 'và')}/{first.year}"
        case Precision.QUARTER:
            return f"quý {_ROMAN[_quarter(period)]}/{first.year}"
        case Precision.HALF_YEAR:
            return f"6 tháng {'đầu' if first.month == 1 else 'cuối'} năm {first.year}"
    return f"năm {first.year}"


def _en_day(day: date) -> str:
    return format_date(day, "d MMM y", locale="en")


def _en_month(day: date) -> str:
    return format_date(day, "MMMM", locale="en")


def _en_core(period: Period) -> str:
    if period.precision is Precision.DEADLINE:
        if period.deadline is None:
            raise ValueError("a deadline period needs its day")
        hour = f"{period.at:%H:%M}, " if period.at is not None else ""
        return f"by {hour}{_en_day(period.deadline)}"
    if period.precision is Precision.UNKNOWN:
        return _EN_OCCASION.get(period.occasion or "", "")
    first, last = _bounds(period)
    if period.phase is not None:
        if period.precision is Precision.MONTH:
            return f"{_EN_PHASE[period.phase]} {format_date(first, 'MMMM y', locale='en')}"
        if period.precision is Precision.QUARTER:
            return f"{_EN_PHASE[period.phase]} Q{_quarter(period)} {first.year}"
        return f"{_EN_PHASE[period.phase]} {first.year}"
    match period.precision:
        case Precision.DATE | Precision.DATETIME:
            if period.part_of_day is not None:
                return f"{_en_day(first)}, {EN_PART_OF_DAY[period.part_of_day]}"
            return _en_day(first) + (f", {period.at:%H:%M}" if period.at is not None else "")
        case Precision.DAY_RANGE:
            if first.year != last.year:
                return f"{_en_day(first)} – {_en_day(last)}"
            if first.month != last.month:
                return f"{format_date(first, 'd MMM', locale='en')} – {_en_day(last)}"
            return f"{first.day}–{_en_day(last)}"
        case Precision.MONTH:
            return format_date(first, "MMMM y", locale="en")
        case Precision.MONTHS:
            return f"{_join(_runs(period, _en_month, '–', '–'), 'and')} {first.year}"
        case Precision.QUARTER:
            return f"Q{_quarter(period)} {first.year}"
        case Precision.HALF_YEAR:
            return f"{'first' if first.month == 1 else 'second'} half of {first.year}"
    return str(first.year)


def format_period(period: Period, locale: str = "vi") -> str:
    """Render `period` in Vietnamese ("vi", the default) or English ("en", "en_US" …).

    An unparsed period is shown exactly as it was written.
    """
    if period.unparsed:
        return period.text
    english = locale.split("_")[0].split("-")[0].lower() == "en"
    core = (_en_core if english else _vi_core)(period)
    exact_day = period.precision in (Precision.DATE, Precision.DATETIME)
    if english:
        later = "time to be announced" if exact_day else "date to be announced"
        text = ", ".join(part for part in (core, later if period.to_be_announced else "") if part)
        return f"{text} (tentative)" if period.tentative else text
    later = "giờ sẽ báo sau" if exact_day else "ngày sẽ báo sau"
    text = ", ".join(part for part in (core, later if period.to_be_announced else "") if part)
    if not period.tentative:
        return text
    return f"dự kiến {text}" if core else f"dự kiến, {text}"
