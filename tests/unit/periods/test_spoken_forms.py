"""Period forms of reports and notices (issue 10, item 6): "Quý II. 2022", "Chiều 10/11",
"sáng 8/3", "cuối năm 2022", "đầu tháng 5", "6 tháng đầu năm", "từ 19/5 đến 27/7/2025",
each read, and shown back in words that read back the same."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.periods import Precision, format_period, parse_period
from bot.schedule.render import describe_period

YEAR = 2022
CASES = [
    ("Quý II. 2022", Precision.QUARTER, date(2022, 4, 1), date(2022, 6, 30), None, "quý II/2022"),
    (
        "Chiều 10/11",
        Precision.DATE,
        date(2022, 11, 10),
        date(2022, 11, 10),
        None,
        "chiều 10/11/2022",
    ),
    ("sáng 8/3", Precision.DATE, date(2022, 3, 8), date(2022, 3, 8), None, "sáng 8/3/2022"),
    (
        "sáng 8/3, 8h30",
        Precision.DATETIME,
        date(2022, 3, 8),
        date(2022, 3, 8),
        time(8, 30),
        "8h30 ngày 8/3/2022",
    ),
    (
        "Chiều 10/11, 2h",
        Precision.DATETIME,
        date(2022, 11, 10),
        date(2022, 11, 10),
        time(14),
        "14h00 ngày 10/11/2022",
    ),
    ("cuối năm 2022", Precision.YEAR, date(2022, 10, 1), date(2022, 12, 31), None, "cuối năm 2022"),
    ("đầu tháng 5", Precision.MONTH, date(2022, 5, 1), date(2022, 5, 10), None, "đầu tháng 5/2022"),
    (
        "6 tháng đầu năm",
        Precision.HALF_YEAR,
        date(2022, 1, 1),
        date(2022, 6, 30),
        None,
        "6 tháng đầu năm 2022",
    ),
    (
        "6 tháng cuối năm",
        Precision.HALF_YEAR,
        date(2022, 7, 1),
        date(2022, 12, 31),
        None,
        "6 tháng cuối năm 2022",
    ),
    (
        "từ 19/5 đến 27/7/2025",
        Precision.DAY_RANGE,
        date(2025, 5, 19),
        date(2025, 7, 27),
        None,
        "19/5-27/7/2025",
    ),
]


@pytest.mark.parametrize(("text", "precision", "start", "end", "at", "words"), CASES)
def test_a_report_period_is_read_and_shown_back(
    text: str, precision: Precision, start: date, end: date, at: time | None, words: str
) -> None:
    period = parse_period(text, default_year=YEAR)
    assert (period.precision, period.start, period.end, period.at) == (precision, start, end, at)
    assert format_period(period) == words
    again = parse_period(words, default_year=1999)
    assert (again.spans, again.at, again.phase, again.part_of_day) == (
        period.spans,
        period.at,
        period.phase,
        period.part_of_day,
    )


def test_the_calendar_says_the_part_of_the_day_and_of_the_month() -> None:
    assert describe_period(parse_period("chiều 10/11/2022", default_year=YEAR), "vi") == (
        "chiều Thứ Năm 10/11/2022"
    )
    assert describe_period(parse_period("đầu tháng 5/2022", default_year=YEAR), "vi") == (
        "đầu tháng 5/2022"
    )
    assert describe_period(parse_period("cuối năm 2022", default_year=YEAR), "en") == "late 2022"


@given(
    part=st.sampled_from(["sáng", "Sáng", "chiều", "CHIỀU", "tối"]),
    day=st.dates(date(1950, 1, 1), date(2090, 12, 31)),
    hour=st.none() | st.integers(1, 11),
)
def test_a_part_of_the_day_with_or_without_an_hour_reads_back_from_its_words(
    part: str, day: date, hour: int | None
) -> None:
    text = f"{part} {day.day}/{day.month}/{day.year}" + (f", {hour}h15" if hour else "")
    period = parse_period(text, default_year=YEAR)
    assert period.start == day and not period.unparsed
    if hour is not None:
        afternoon = part.lower() != "sáng"
        assert period.at == time(hour + 12 if afternoon else hour, 15)
    again = parse_period(format_period(period), default_year=YEAR)
    assert (again.spans, again.at, again.part_of_day) == (
        period.spans,
        period.at,
        period.part_of_day,
    )


@given(
    phase=st.sampled_from(["đầu", "giữa", "cuối"]),
    month=st.integers(1, 12),
    year=st.integers(1950, 2090),
)
def test_early_mid_and_late_in_a_month_fall_inside_it(phase: str, month: int, year: int) -> None:
    period = parse_period(f"{phase} tháng {month}/{year}", default_year=YEAR)
    assert period.start is not None and period.end is not None
    assert (period.start.month, period.end.month, period.start.year) == (month, month, year)
    assert format_period(period).startswith(phase)
