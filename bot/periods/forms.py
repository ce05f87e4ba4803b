"""The grammar of each period form, matched against normalised text (see `text.normalize`).

Every form is a full match of what is left once the "dự kiến" / "sẽ thông báo sau" markers are
removed: a number inside a longer sentence ("842 suất quà") is never mistaken for a date.
A form that matches but names an impossible day, month or quarter yields None, so the caller
flags the text instead of guessing.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, time, timedelta

from bot.periods.model import DateSpan, Period, Precision

MIN_YEAR, MAX_YEAR = 1900, 2100
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_YEAR = r"[0-9]{4}(?![0-9])"
_NUM = r"[0-9]{1,2}(?![0-9])"
# "quý II/2022", "quý II năm 2022", and as reports write it, "Quý II. 2022".
_YEAR_SUFFIX = rf"(?:(?:\s*[/.]\s*|\s*,?\s*nam\s+)(?P<year>{_YEAR}))?"
_DATE = rf"{_NUM}(?:\s*/\s*{_NUM}(?:\s*/\s*{_YEAR})?|\s+thang\s+{_NUM}(?:\s*,?\s*nam\s+{_YEAR})?)"
# The first end of a day range may leave out what it shares with the second: "10-15/5/2024".
_PARTIAL = (
    rf"{_NUM}(?:\s*/\s*{_NUM}(?:\s*/\s*{_YEAR})?|\s+thang\s+{_NUM}(?:\s*,?\s*nam\s+{_YEAR})?)?"
)
_TIME = (
    r"(?P<hour>[0-9]{1,2})\s*(?:(?:gio|h|g)\s*(?P<minute>[0-9]{1,2})?(?:\s*(?:phut|'))?"
    r"|:(?P<minute2>[0-9]{2}))(?:\s*(?P<part>sang|chieu|toi))?"
)
_DATE_ONLY = re.compile(rf"(?:ngay\s+)?(?P<date>{_DATE})")
_TIME_FIRST = re.compile(rf"{_TIME}(?:\s*,\s*|\s+)(?:ngay\s+)?(?P<date>{_DATE})")
_DATE_FIRST = re.compile(rf"(?:ngay\s+)?(?P<date>{_DATE})(?:\s*,\s*|\s+)(?:luc\s+)?{_TIME}")
_DAY_RANGE = re.compile(
    rf"(?:tu\s+)?(?:ngay\s+)?(?P<a>{_PARTIAL})(?:\s*-\s*|\s+(?:den|toi)\s+)(?:ngay\s+)?(?P<b>{_DATE})"
)
_MONTH_ITEM = rf"(?:thang\s*|t)?{_NUM}(?:\s*-\s*(?:thang\s*|t)?{_NUM})?"
_MONTH_SEP = r"(?:\s*[,+;&]\s*(?:va\s+)?|\s+va\s+)"
_MONTHS = re.compile(rf"(?P<list>{_MONTH_ITEM}(?:{_MONTH_SEP}{_MONTH_ITEM})*){_YEAR_SUFFIX}")
_MONTH_GROUP = re.compile(
    r"(?P<p1>thang\s*|t)?(?P<m1>[0-9]+)(?:\s*-\s*(?P<p2>thang\s*|t)?(?P<m2>[0-9]+))?"
)
_QUARTER = re.compile(rf"(?:quy\s*|q)(?P<q>iv|i{{1,3}}|[1-4](?![0-9])){_YEAR_SUFFIX}")
_HALF_YEAR = re.compile(
    rf"(?:6\s+thang|nua)\s+(?P<half>dau|cuoi)\s+nam(?:\s*/?\s*(?P<year>{_YEAR}))?"
)
_YEAR_ONLY = re.compile(rf"(?:ca\s+)?nam\s+(?P<year>{_YEAR})")
_PART_OF_DAY = re.compile(r"(?P<part>sang|chieu|toi)\s+(?:ngay\s+)?(?P<rest>.+)")
_PHASE = re.compile(
    r"(?P<phase>dau|giua|cuoi|thuong tuan|trung tuan|ha tuan)\s+(?P<rest>(?:thang|nam|quy)\b.*)"
)
# The written words for the parts of a month: "thượng tuần" is days 1-10, as "đầu" is.
_TUAN = {"thuong tuan": "dau", "trung tuan": "giua", "ha tuan": "cuoi"}
_WEEK = re.compile(r"tuan\s+(?P<which>dau|cuoi)\s+(?P<rest>thang\b.*)")
# "trước Tết", "dịp Tết Nguyên đán", "sau Tết": a time the calendar cannot pin to a day.
_TET = re.compile(r"(?:(?P<when>truoc|sau|dip|ve|don)\s+)?tet(?:\s+nguyen\s+dan)?")
PARTS_OF_DAY = ("sang", "chieu", "toi")
PHASES = ("dau", "giua", "cuoi")
WEEKS = ("tuan_dau", "tuan_cuoi")
# The canonical occasions: what the words of a fuzzy period come back as.
OCCASIONS = ("truoc_tet", "dip_tet", "sau_tet")
_DEADLINE = re.compile(
    r"(?:(?:xong|hoan thanh)\s+)?truoc\s+|(?:cham nhat|han chot)(?:\s+(?:la|vao)|\s*:)?\s+"
)


def year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def month_span(year: int, month: int) -> DateSpan:
    return DateSpan(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def months_span(year: int, first: int, last: int) -> DateSpan:
    return DateSpan(month_span(year, first).start, month_span(year, last).end)


def _numbers(text: str) -> list[int]:
    return [int(number) for number in re.findall(r"[0-9]+", text)]


def _day(day: int, month: int, year: int) -> date | None:
    if not year_ok(year):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_of(text: str, default_year: int) -> date | None:
    numbers = _numbers(text)
    return _day(numbers[0], numbers[1], numbers[2] if len(numbers) > 2 else default_year)


def _time_of(match: re.Match[str]) -> time | None:
    hour = int(match["hour"])
    minute = int(match["minute"] or match["minute2"] or 0)
    part = match["part"]
    if part == "sang" and hour > 11:
        return None
    if part in ("chieu", "toi"):
        # "2 giờ chiều" is 14h; "14 giờ chiều" is redundant but clear; "12 giờ tối" is not.
        if 1 <= hour <= 11:
            hour += 12
        elif not 13 <= hour <= 23:
            return None
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def exact(text: str, default_year: int) -> tuple[date, time | None] | None:
    """A day, with an hour when one is given before or after it."""
    if match := _DATE_ONLY.fullmatch(text):
        day = _date_of(match["date"], default_year)
        return None if day is None else (day, None)
    for pattern in (_TIME_FIRST, _DATE_FIRST):
        if match := pattern.fullmatch(text):
            day, at = _date_of(match["date"], default_year), _time_of(match)
            return None if day is None or at is None else (day, at)
    return None


def _exact_period(text: str, default_year: int) -> Period | None:
    hit = exact(text, default_year)
    if hit is None:
        return None
    day, at = hit
    precision = Precision.DATE if at is None else Precision.DATETIME
    return Period(precision, (DateSpan(day, day),), at=at)


def _deadline(text: str, default_year: int) -> Period | None:
    match = _DEADLINE.match(text)
    hit = exact(text[match.end() :], default_year) if match else None
    if hit is None:
        return None
    return Period(Precision.DEADLINE, deadline=hit[0], at=hit[1])


def _day_range(text: str, default_year: int) -> Period | None:
    match = _DAY_RANGE.fullmatch(text)
    if match is None:
        return None
    first, last = _numbers(match["a"]), _numbers(match["b"])
    if len(first) == 3 and len(last) == 2:
        return None  # a year on the first end only is too odd to trust
    last_year = last[2] if len(last) == 3 else default_year
    end = _day(last[0], last[1], last_year)
    start = _day(
        first[0],
        first[1] if len(first) > 1 else last[1],
        first[2] if len(first) > 2 else last_year,
    )
    if start is None or end is None or start >= end:
        return None
    return Period(Precision.DAY_RANGE, (DateSpan(start, end),))


def _months(text: str, default_year: int) -> Period | None:
    match = _MONTHS.fullmatch(text)
    if match is None:
        return None
    groups = list(_MONTH_GROUP.finditer(match["list"]))
    prefixes = [g[name] for g in groups for name in ("p1", "p2") if g[name] is not None]
    if match["year"] is None and (
        not (groups[0]["p1"] or "").startswith("thang") or "t" in prefixes
    ):
        # Without a year only "tháng 5" is a month: "T6" is as often "thứ 6" (Friday), and a
        # bare "5" is just a number.
        return None
    year = int(match["year"]) if match["year"] else default_year
    if not year_ok(year):
        return None
    months: set[int] = set()
    for group in groups:
        first = int(group["m1"])
        last = int(group["m2"]) if group["m2"] else first
        if not 1 <= first <= 12 or not 1 <= last <= 12 or (group["m2"] and first >= last):
            return None
        months.update(range(first, last + 1))
    if len(months) == 1:
        return Period(Precision.MONTH, (month_span(year, months.pop()),))
    runs: list[list[int]] = []
    for month in sorted(months):
        if runs and runs[-1][1] == month - 1:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    return Period(Precision.MONTHS, tuple(months_span(year, a, b) for a, b in runs))


def _quarter(text: str, default_year: int) -> Period | None:
    match = _QUARTER.fullmatch(text)
    if match is None:
        return None
    quarter = ROMAN.get(match["q"]) or int(match["q"])
    year = int(match["year"]) if match["year"] else default_year
    if not year_ok(year):
        return None
    return Period(Precision.QUARTER, (months_span(year, 3 * quarter - 2, 3 * quarter),))


def _half_year(text: str, default_year: int) -> Period | None:
    match = _HALF_YEAR.fullmatch(text)
    if match is None:
        return None
    year = int(match["year"]) if match["year"] else default_year
    if not year_ok(year):
        return None
    first = 1 if match["half"] == "dau" else 7
    return Period(Precision.HALF_YEAR, (months_span(year, first, first + 5),))


def _year(text: str, default_year: int) -> Period | None:
    match = _YEAR_ONLY.fullmatch(text)
    if match is None or not year_ok(year := int(match["year"])):
        return None
    return Period(Precision.YEAR, (months_span(year, 1, 12),))


def _part_of_day(text: str, default_year: int) -> Period | None:
    """ "chiều 10/11" (a day and its part), "sáng 8/3, 8h30" (then the hour says it all)."""
    match = _PART_OF_DAY.fullmatch(text)
    if match is None:
        return None
    part, rest = match["part"], match["rest"]
    if (hit := exact(rest, default_year)) is None:
        return None
    day, at = hit
    if at is None:
        return Period(Precision.DATE, (DateSpan(day, day),), part_of_day=part)
    if part != "sang" and 1 <= at.hour <= 11:
        # "chiều 10/11, 2h30" is 14:30, as "2h30 chiều" would be.
        at = at.replace(hour=at.hour + 12)
    elif part == "sang" and at.hour > 11:
        return None
    return Period(Precision.DATETIME, (DateSpan(day, day),), at=at)


def _phased(text: str, default_year: int) -> Period | None:
    """ "đầu tháng 5", "giữa tháng 6/2024", "cuối năm 2022", "cuối năm": part of a month or year."""
    match = _PHASE.fullmatch(text)
    if match is None:
        return None
    phase, rest = _TUAN.get(match["phase"], match["phase"]), match["rest"]
    if match["phase"] in _TUAN and not rest.startswith("thang"):
        return None  # "thượng tuần" is of a month only
    if rest.startswith("quy"):
        quarter = _quarter(rest, default_year)
        return (
            None if quarter is None else phase_of(quarter.precision, quarter.spans[0].start, phase)
        )
    whole = _year(f"nam {default_year}" if rest == "nam" else rest, default_year)
    if whole is None:
        whole = _months(rest, default_year)
        if whole is None or whole.precision is not Precision.MONTH:
            return None
    return phase_of(whole.precision, whole.spans[0].start, phase)


def _week(text: str, default_year: int) -> Period | None:
    """ "tuần đầu tháng 5", "tuần cuối tháng 5/2024": the first or last seven days."""
    match = _WEEK.fullmatch(text)
    if match is None:
        return None
    month = _months(match["rest"], default_year)
    if month is None or month.precision is not Precision.MONTH:
        return None
    first, last = month.spans[0].start, month.spans[0].end
    span = (
        DateSpan(first, first + timedelta(days=6))
        if match["which"] == "dau"
        else DateSpan(last - timedelta(days=6), last)
    )
    return Period(Precision.MONTH, (span,), phase=f"tuan_{match['which']}")


def _tet(text: str, default_year: int) -> Period | None:
    """ "trước Tết", "dịp Tết Nguyên đán": kept in words, its day to be announced."""
    match = _TET.fullmatch(text)
    if match is None:
        return None
    when = {"truoc": "truoc", "sau": "sau"}.get(match["when"] or "", "dip")
    return Period(Precision.UNKNOWN, to_be_announced=True, occasion=f"{when}_tet")


def phase_of(precision: Precision, first: date, phase: str) -> Period:
    """The part ``phase`` of the month, quarter or year that begins on ``first``."""
    index = PHASES.index(phase)
    if precision is Precision.QUARTER:
        return Period(precision, (month_span(first.year, first.month + index),), phase=phase)
    if precision is Precision.YEAR:
        spans = (
            months_span(first.year, 1, 3),
            months_span(first.year, 4, 9),
            months_span(first.year, 10, 12),
        )
        return Period(precision, (spans[index],), phase=phase)
    last = month_span(first.year, first.month).end
    starts = (first, first.replace(day=11), first.replace(day=21))
    ends = (first.replace(day=10), first.replace(day=20), last)
    return Period(precision, (DateSpan(starts[index], ends[index]),), phase=phase)


FORMS: tuple[Callable[[str, int], Period | None], ...] = (
    _tet,
    _week,
    _part_of_day,
    _phased,
    _half_year,
    _quarter,
    _year,
    _deadline,
    _months,
    _exact_period,
    _day_range,
)


def parse_core(text: str, default_year: int) -> Period | None:
    """The one form `text` is written in, or None; `text` is normalised and marker-free."""
    for form in FORMS:
        if (period := form(text, default_year)) is not None:
            return period
    return None
