"""Properties of `bot.periods`: canonical text reads back, any text is safe, overlap is honest."""

from __future__ import annotations

import calendar
import itertools
from dataclasses import replace
from datetime import date, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.periods import DateSpan, Period, Precision, format_period, parse_period, parse_periods

FIRST, LAST = date(1900, 1, 1), date(2100, 12, 31)
years = st.integers(FIRST.year, LAST.year)
days = st.dates(FIRST, LAST)
hours = st.builds(time, st.integers(0, 23), st.integers(0, 59))


def _months(y: int, first: int, last: int) -> DateSpan:
    return DateSpan(date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1]))


def _runs(chosen: set[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for m in sorted(chosen):
        if runs and runs[-1][1] == m - 1:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return runs


@st.composite
def bare_periods(draw: st.DrawFn, precision: Precision) -> Period:
    """A period of `precision` without flags, its spans computed here, not by the parser."""
    match precision:
        case Precision.DATE | Precision.DATETIME:
            d = draw(days)
            at = draw(hours) if precision is Precision.DATETIME else None
            return Period(precision, (DateSpan(d, d),), at=at)
        case Precision.DAY_RANGE:
            start = draw(st.dates(FIRST, LAST - timedelta(days=1)))
            end = min(LAST, start + timedelta(days=draw(st.integers(1, 800))))
            return Period(precision, (DateSpan(start, end),))
        case Precision.MONTH:
            return Period(precision, (_months(draw(years), m := draw(st.integers(1, 12)), m),))
        case Precision.MONTHS:
            y = draw(years)
            chosen = draw(st.sets(st.integers(1, 12), min_size=2))
            return Period(precision, tuple(_months(y, a, b) for a, b in _runs(chosen)))
        case Precision.QUARTER:
            q = draw(st.integers(1, 4))
            return Period(precision, (_months(draw(years), 3 * q - 2, 3 * q),))
        case Precision.HALF_YEAR:
            first = draw(st.sampled_from([1, 7]))
            return Period(precision, (_months(draw(years), first, first + 5),))
        case Precision.YEAR:
            return Period(precision, (_months(draw(years), 1, 12),))
        case Precision.DEADLINE:
            return Period(precision, deadline=draw(days), at=draw(st.none() | hours))
    return Period(Precision.UNKNOWN, to_be_announced=True)


def _phased(period: Period, phase: str) -> Period:
    """The early, mid or late part of a month or a year, its span worked out here."""
    first = period.spans[0].start
    if period.precision is Precision.YEAR:
        bounds = {"dau": (1, 3), "giua": (4, 9), "cuoi": (10, 12)}[phase]
        return replace(period, spans=(_months(first.year, *bounds),), phase=phase)
    last = period.spans[0].end.day
    days = {"dau": (1, 10), "giua": (11, 20), "cuoi": (21, last)}[phase]
    span = DateSpan(first.replace(day=days[0]), first.replace(day=days[1]))
    return replace(period, spans=(span,), phase=phase)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """Any period the parser can produce (text left empty)."""
    period = draw(bare_periods(draw(st.sampled_from(Precision))))
    if period.precision is Precision.DATE:
        period = replace(period, part_of_day=draw(st.sampled_from([None, "sang", "chieu", "toi"])))
    if period.precision in (Precision.MONTH, Precision.YEAR) and draw(st.booleans()):
        period = _phased(period, draw(st.sampled_from(["dau", "giua", "cuoi"])))
    return replace(
        period,
        tentative=draw(st.booleans()),
        to_be_announced=period.to_be_announced or draw(st.booleans()),
    )


# Pieces of period text, so random strings come close to the grammar and probe its edges.
TOKENS = [
    *"0123456789",
    *"/-–,+;:()' ",
    "12",
    "13",
    "19",
    "29",
    "31",
    "2020",
    "2024",
    "1899",
    "2101",
    "tháng",
    "Tháng",
    "thang",
    "T",
    "t",
    "quý",
    "QUÝ",
    "Q",
    "I",
    "V",
    "iv",
    "năm",
    "ngày",
    "giờ",
    "h",
    "00",
    "lúc",
    "chiều",
    "sáng",
    "và",
    "từ",
    "đến",
    "trước",
    "xong",
    "trong",
    "dự kiến",
    "sẽ thông báo sau",
    "6 tháng đầu",
    "cuối",
    "chậm nhất",
    "suất quà",
]
period_like = st.lists(st.sampled_from(TOKENS), max_size=12).map("".join)


@settings(max_examples=500)
@given(periods(), years)
def test_canonical_vietnamese_reads_back_as_the_same_period(period: Period, default: int) -> None:
    text = format_period(period)
    assert parse_period(text, default_year=default) == replace(period, text=text)
    assert format_period(period, "en")


@settings(max_examples=500)
@given(st.text() | period_like, years)
def test_any_text_parses_without_raising(text: str, default: int) -> None:
    _check_parse(text, default)


def _check_parse(text: str, default: int) -> None:
    period = parse_period(text, default_year=default)
    assert period.text == text
    if period.unparsed:
        assert period == Period(Precision.UNKNOWN, text=text, unparsed=True)
        assert format_period(period) == text
        return
    # Whatever the parser accepts, its canonical text means the same to it.
    again = parse_period(format_period(period), default_year=default)
    assert replace(again, text=text) == period
    assert format_period(period, "en")
    spans = period.spans
    assert all(a.end + timedelta(days=1) < b.start for a, b in itertools.pairwise(spans))


@given(st.lists(periods(), min_size=1, max_size=4), st.sampled_from(["vi", "en"]))
def test_start_and_end_bound_every_span(chosen: list[Period], locale: str) -> None:
    for period in chosen:
        if period.spans:
            assert period.start == period.spans[0].start
            assert period.end == max(span.end for span in period.spans)
        else:
            assert period.start is None
            assert period.end == period.deadline
        assert format_period(period, locale)


@settings(max_examples=300)
@given(periods(), days, st.integers(0, 60))
def test_overlaps_agrees_with_spans_day_by_day(period: Period, start: date, length: int) -> None:
    end = min(LAST, start + timedelta(days=length))
    asked = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    if period.precision is Precision.DEADLINE:
        assert period.deadline is not None
        expected = any(day <= period.deadline for day in asked)
    else:
        expected = any(span.start <= day <= span.end for span in period.spans for day in asked)
    assert period.overlaps(start, end) == expected


# Several plain periods side by side in one cell: flags and hours are left out because
# "… (dự kiến)" or "19/5/2020 8h00" legitimately bind to the neighbouring period.
plain = st.sampled_from(
    [p for p in Precision if p not in (Precision.UNKNOWN, Precision.DATETIME, Precision.DEADLINE)]
).flatmap(bare_periods)


@given(st.lists(plain, min_size=1, max_size=4), years)
def test_a_cell_of_canonical_periods_splits_back_into_them(
    chosen: list[Period], default: int
) -> None:
    cell = " ".join(format_period(period) for period in chosen)
    assert [replace(p, text="") for p in parse_periods(cell, default)] == chosen


@st.composite
def near_periods(draw: st.DrawFn) -> str:
    """Canonical period text with a few random edits: the text most likely to confuse."""
    text = format_period(draw(periods()))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        text = text[:at] + draw(st.sampled_from(["", *TOKENS])) + text[at + cut :]
    return draw(st.sampled_from([text, text.upper(), text.lower()]))


@settings(max_examples=500)
@given(near_periods(), years)
def test_edited_period_text_parses_consistently(text: str, default: int) -> None:
    _check_parse(text, default)
