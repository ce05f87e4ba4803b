"""Every period form the product issue lists, as people write it, parsed by `bot.periods`.

Rows use DEFAULT (2021), a year no example text names, so a missing year is visible.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, time

import pytest

from bot.periods import (
    DateSpan,
    Period,
    Precision,
    format_period,
    parse_period,
    parse_periods,
)

DEFAULT = 2021


def day(y: int, m: int, d: int, at: time | None = None) -> Period:
    precision = Precision.DATE if at is None else Precision.DATETIME
    return Period(precision, (DateSpan(date(y, m, d), date(y, m, d)),), at=at)


def days(start: date, end: date) -> Period:
    return Period(Precision.DAY_RANGE, (DateSpan(start, end),))


def _months(y: int, first: int, last: int) -> DateSpan:
    return DateSpan(date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1]))


def month(y: int, m: int) -> Period:
    return Period(Precision.MONTH, (_months(y, m, m),))


def months(y: int, *runs: tuple[int, int]) -> Period:
    return Period(Precision.MONTHS, tuple(_months(y, a, b) for a, b in runs))


def quarter(y: int, q: int) -> Period:
    return Period(Precision.QUARTER, (_months(y, 3 * q - 2, 3 * q),))


def half(y: int, second: bool = False) -> Period:
    return Period(Precision.HALF_YEAR, (_months(y, 7, 12) if second else _months(y, 1, 6),))


def year(y: int) -> Period:
    return Period(Precision.YEAR, (_months(y, 1, 12),))


def deadline(y: int, m: int, d: int, at: time | None = None) -> Period:
    return Period(Precision.DEADLINE, deadline=date(y, m, d), at=at)


def later(period: Period | None = None, tentative: bool = False) -> Period:
    base = period or Period(Precision.UNKNOWN)
    return replace(base, to_be_announced=True, tentative=tentative)


def tentative(period: Period) -> Period:
    return replace(period, tentative=True)


PLAN_2020 = "dự kiến trong tháng 10, tháng 11/2020 (ngày, giờ cụ thể, sẽ điện thông báo sau)"

FORMS: list[tuple[str, Period]] = [
    # an exact day or day and hour
    ("19/5/2020", day(2020, 5, 19)),
    ("19/05/2020", day(2020, 5, 19)),
    ("ngày 19 tháng 5 năm 2020", day(2020, 5, 19)),
    ("Ngày 19 Tháng 5 Năm 2020", day(2020, 5, 19)),
    ("NGÀY 19 THÁNG 5 NĂM 2020", day(2020, 5, 19)),
    ("ngay 19 thang 5 nam 2020", day(2020, 5, 19)),
    ("ngày 8  tháng  9  năm 2020", day(2020, 9, 8)),
    ("ngày 19 tháng 5", day(DEFAULT, 5, 19)),
    ("ngày 19/5", day(DEFAULT, 5, 19)),
    ("19/5", day(DEFAULT, 5, 19)),
    ("29/2/2024", day(2024, 2, 29)),
    ("8h00 ngày 19/5", day(DEFAULT, 5, 19, time(8))),
    ("8h00 ngày 19/5/2020", day(2020, 5, 19, time(8))),
    ("8H00 NGAY 19/5/2020", day(2020, 5, 19, time(8))),
    ("8h ngày 19/5/2020", day(2020, 5, 19, time(8))),
    ("08:30, 19/5/2020", day(2020, 5, 19, time(8, 30))),
    ("8 giờ 30 ngày 19/5/2020", day(2020, 5, 19, time(8, 30))),
    ("8 giờ sáng ngày 19/5/2020", day(2020, 5, 19, time(8))),
    ("2 giờ chiều ngày 19/5/2020", day(2020, 5, 19, time(14))),
    ("19/5/2020 lúc 14h00", day(2020, 5, 19, time(14))),
    # a day range
    ("10-15/5/2024", days(date(2024, 5, 10), date(2024, 5, 15))),
    ("10–15/5/2024", days(date(2024, 5, 10), date(2024, 5, 15))),
    ("từ ngày 10 đến ngày 15/5/2024", days(date(2024, 5, 10), date(2024, 5, 15))),
    ("tu ngay 10 den ngay 15/5", days(date(DEFAULT, 5, 10), date(DEFAULT, 5, 15))),
    ("từ 10/5 đến 15/6/2024", days(date(2024, 5, 10), date(2024, 6, 15))),
    ("10/5-15/6/2024", days(date(2024, 5, 10), date(2024, 6, 15))),
    ("28/12/2024-3/1/2025", days(date(2024, 12, 28), date(2025, 1, 3))),
    ("từ 10 tháng 5 đến 15 tháng 6 năm 2024", days(date(2024, 5, 10), date(2024, 6, 15))),
    # a month
    ("6/2024", month(2024, 6)),
    ("06/2024", month(2024, 6)),
    ("tháng 6/2024", month(2024, 6)),
    ("Tháng 6/2024", month(2024, 6)),
    ("THÁNG 6/2024", month(2024, 6)),
    ("thang 6/2024", month(2024, 6)),
    ("T6/2024", month(2024, 6)),
    ("t6/2024", month(2024, 6)),
    ("tháng 6 năm 2024", month(2024, 6)),
    ("tháng 6", month(DEFAULT, 6)),
    ("tháng 5", month(DEFAULT, 5)),  # /lich tháng 5
    # several months
    ("T3,4/2024", months(2024, (3, 4))),
    ("t3, 4/2024", months(2024, (3, 4))),
    ("T4,3/2024", months(2024, (3, 4))),
    ("T3+4;T11+12/2024", months(2024, (3, 4), (11, 12))),
    ("Tháng 01-12/2024", months(2024, (1, 12))),
    ("01-12/2024", months(2024, (1, 12))),
    ("tháng 10, tháng 11/2020", months(2020, (10, 11))),
    ("Tháng 10, Tháng 11/2020", months(2020, (10, 11))),
    ("tháng 10, tháng 11", months(DEFAULT, (10, 11))),
    ("tháng 10–11/2020", months(2020, (10, 11))),
    ("thang 10 va thang 11 nam 2020", months(2020, (10, 11))),
    ("tháng 3, 4 và 11, 12/2024", months(2024, (3, 4), (11, 12))),
    ("tháng 1, 3, 5/2024", months(2024, (1, 1), (3, 3), (5, 5))),
    # a quarter, Roman or Arabic, with or without diacritics
    ("Quý I/2024", quarter(2024, 1)),
    ("quý I/2024", quarter(2024, 1)),
    ("Quy I/2024", quarter(2024, 1)),
    ("quy i/2024", quarter(2024, 1)),
    ("quý 1/2024", quarter(2024, 1)),
    ("QUÝ IV/2024", quarter(2024, 4)),
    ("Quý iii/2024", quarter(2024, 3)),
    ("quý 2 năm 2022", quarter(2022, 2)),
    ("quý II năm 2022", quarter(2022, 2)),
    ("quy 2 nam 2022", quarter(2022, 2)),
    ("Q3/2025", quarter(2025, 3)),
    ("q3/2025", quarter(2025, 3)),
    ("QIII/2025", quarter(2025, 3)),
    ("quý 2", quarter(DEFAULT, 2)),  # /lich quý 2
    # a half-year
    ("6 tháng đầu năm 2024", half(2024)),
    ("6 THÁNG ĐẦU NĂM 2024", half(2024)),
    ("6 tháng cuối năm", half(DEFAULT, second=True)),
    ("6 thang cuoi nam 2020", half(2020, second=True)),
    ("nửa đầu năm 2024", half(2024)),
    # a year
    ("năm 2024", year(2024)),
    ("Năm 2024", year(2024)),
    ("nam 2024", year(2024)),
    ("cả năm 2024", year(2024)),
    # a deadline
    ("xong trước ngày 30/3/2022", deadline(2022, 3, 30)),
    ("Xong truoc ngay 30/3/2022", deadline(2022, 3, 30)),
    ("hoàn thành trước ngày 30/3/2022", deadline(2022, 3, 30)),
    ("chậm nhất ngày 30/3/2022", deadline(2022, 3, 30)),
    ("trước 15/12", deadline(DEFAULT, 12, 15)),
    ("trước 17h00 ngày 30/3/2022", deadline(2022, 3, 30, time(17))),
    # to be announced, tentative
    ("ngày, giờ cụ thể sẽ thông báo sau", later()),
    ("Ngay, gio cu the se thong bao sau", later()),
    ("(sẽ thông báo sau)", later()),
    ("dự kiến", later(tentative=True)),
    ("Dự kiến", later(tentative=True)),
    ("du kien", later(tentative=True)),
    ("dự kiến tháng 6/2024", tentative(month(2024, 6))),
    ("tháng 6/2024 (dự kiến)", tentative(month(2024, 6))),
    ("trong tháng 10–11/2020, ngày sẽ báo sau", later(months(2020, (10, 11)))),
    (PLAN_2020, later(months(2020, (10, 11)), tentative=True)),
    # as leads type them in /lichmoi and /lichsua
    ("quý I năm 2024", quarter(2024, 1)),
    ("T01/2024", month(2024, 1)),
    ("8h00, ngày 19/5/2020", day(2020, 5, 19, time(8))),
    ("14h30 ngày 20/5", day(DEFAULT, 5, 20, time(14, 30))),
    ("hạn chót 30/3/2022", deadline(2022, 3, 30)),
    ("trong năm 2024", year(2024)),
    ("năm 2024 (dự kiến)", tentative(year(2024))),
    ("19/5/2020 - 20/5/2020", days(date(2020, 5, 19), date(2020, 5, 20))),
    # canonical forms of the formatter read back
    ("8h00 ngày 19/5/2020", day(2020, 5, 19, time(8))),
    ("19/5/2020, giờ sẽ báo sau", later(day(2020, 5, 19))),
    ("dự kiến, ngày sẽ báo sau", later(tentative=True)),
]


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[text for text, _ in FORMS])
def test_each_form_parses(text: str, expected: Period) -> None:
    parsed = parse_period(text, default_year=DEFAULT)
    assert parsed.text == text
    assert replace(parsed, text="") == expected


# The "Thời gian" column of the key-task table closing the 2024 guidance, cell by cell.
TABLE_2024: list[tuple[str, list[Period]]] = [
    ("Tháng 01-12/2024", [months(2024, (1, 12))]),
    ("Quý I/2024", [quarter(2024, 1)]),
    ("T3,4/2024 T5/2024", [months(2024, (3, 4)), month(2024, 5)]),
    ("6/2024", [month(2024, 6)]),
    ("T3+4;T11+12/2024", [months(2024, (3, 4), (11, 12))]),
    ("01-12/2024", [months(2024, (1, 12))]),
    ("11/2024", [month(2024, 11)]),
]


@pytest.mark.parametrize(("cell", "expected"), TABLE_2024, ids=[c for c, _ in TABLE_2024])
def test_the_2024_key_task_table(cell: str, expected: list[Period]) -> None:
    parsed = parse_periods(cell, DEFAULT)
    assert [replace(p, text="") for p in parsed] == expected
    assert " ".join(p.text for p in parsed) == cell


def test_the_2020_plan_sentence_is_tentative_months_to_be_announced() -> None:
    period = parse_period(PLAN_2020, default_year=DEFAULT)
    assert (period.precision, period.tentative, period.to_be_announced) == (
        Precision.MONTHS,
        True,
        True,
    )
    assert (period.start, period.end) == (date(2020, 10, 1), date(2020, 11, 30))
    assert not period.is_fixed


UNPARSEABLE = [
    "",
    "   ",
    "842 suất quà",
    "1055",
    "2024",  # a bare number, even one that looks like a year
    "T6",  # without a year it is as likely "thứ 6" (Friday)
    "5",
    "T3,4/2024 T5/2024",  # two periods: only parse_periods splits them
    "tháng 13/2024",
    "tháng 0/2024",
    "13/2024",
    "32/5/2024",
    "31/4/2024",
    "29/2/2023",
    "0/5/2024",
    "Quý V/2024",
    "quý 5/2024",
    "quý 0/2024",
    "năm 1899",
    "năm 2101",
    "1/1/1899",
    "15-10/5/2024",  # a range running backwards
    "tháng 5-3/2024",
    "25h00 ngày 19/5/2020",
    "8h60 ngày 19/5/2020",
    "Hà Nội, ngày 8 tháng 9 năm 2020",
    "Làm việc: 1/2 ngày, " + PLAN_2020,
    "Số: 72/HTS",
    "09/KH-HTS",
    "1.701.500.000 đ",
    "Điện thoại: 0961071956",
    "Sư đoàn 470",
    "6 tháng",
    "dự kiến 842 suất quà",
    "x" * 400,
]


@pytest.mark.parametrize("text", UNPARSEABLE)
def test_unparseable_text_is_kept_and_flagged(text: str) -> None:
    period = parse_period(text, default_year=DEFAULT)
    assert period == Period(Precision.UNKNOWN, text=text, unparsed=True)
    assert format_period(period) == text
    assert period.start is None and period.end is None
    assert not period.overlaps(date(1900, 1, 1), date(2100, 12, 31))


def test_a_missing_year_must_itself_be_valid() -> None:
    assert parse_period("29/2", default_year=2023).unparsed
    assert parse_period("29/2", default_year=2024) == replace(day(2024, 2, 29), text="29/2")
    assert parse_period("tháng 5", default_year=1800).unparsed
    assert not parse_period("tháng 5/2024", default_year=1800).unparsed


VIETNAMESE = [
    (day(2020, 5, 19), "19/5/2020"),
    (day(2020, 5, 19, time(8)), "8h00 ngày 19/5/2020"),
    (days(date(2024, 5, 10), date(2024, 5, 15)), "10-15/5/2024"),
    (days(date(2024, 5, 10), date(2024, 6, 15)), "10/5-15/6/2024"),
    (month(2024, 6), "tháng 6/2024"),
    (months(2024, (3, 4)), "tháng 3, 4/2024"),
    (months(2024, (3, 4), (11, 12)), "tháng 3, 4 và 11, 12/2024"),
    (months(2024, (1, 12)), "tháng 1-12/2024"),
    (quarter(2024, 1), "quý I/2024"),
    (half(2024), "6 tháng đầu năm 2024"),
    (half(2024, second=True), "6 tháng cuối năm 2024"),
    (year(2024), "năm 2024"),
    (deadline(2022, 3, 30), "trước ngày 30/3/2022"),
    (later(months(2020, (10, 11))), "tháng 10, 11/2020, ngày sẽ báo sau"),
    (later(), "ngày sẽ báo sau"),
    (tentative(month(2024, 6)), "dự kiến tháng 6/2024"),
]

ENGLISH = [
    (day(2020, 5, 19), "19 May 2020"),
    (day(2020, 5, 19, time(8)), "19 May 2020, 08:00"),
    (days(date(2024, 5, 10), date(2024, 5, 15)), "10–15 May 2024"),
    (month(2024, 6), "June 2024"),
    (months(2024, (3, 4), (11, 12)), "March–April and November–December 2024"),
    (quarter(2024, 1), "Q1 2024"),
    (half(2024), "first half of 2024"),
    (half(2024, second=True), "second half of 2024"),
    (year(2024), "2024"),
    (deadline(2022, 3, 30), "by 30 Mar 2022"),
    (later(), "date to be announced"),
    (
        later(months(2020, (10, 11)), tentative=True),
        "October–November 2020, date to be announced (tentative)",
    ),
]


@pytest.mark.parametrize(("period", "text"), VIETNAMESE, ids=[t for _, t in VIETNAMESE])
def test_format_vietnamese(period: Period, text: str) -> None:
    assert format_period(period) == text
    assert replace(parse_period(text, default_year=DEFAULT), text="") == period


@pytest.mark.parametrize(("period", "text"), ENGLISH, ids=[t for _, t in ENGLISH])
def test_format_english(period: Period, text: str) -> None:
    assert format_period(period, "en") == text


def test_fuzzy_items_show_in_every_range_they_may_fall_in() -> None:
    plan = parse_period("trong tháng 10–11/2020, ngày sẽ báo sau", default_year=DEFAULT)
    assert plan.overlaps(date(2020, 11, 15), date(2020, 11, 20))
    assert plan.overlaps(date(2020, 9, 1), date(2020, 10, 1))
    assert not plan.overlaps(date(2020, 12, 1), date(2020, 12, 31))
    split = parse_period("T3+4;T11+12/2024", default_year=DEFAULT)
    assert (split.start, split.end) == (date(2024, 3, 1), date(2024, 12, 31))
    assert not split.overlaps(date(2024, 6, 1), date(2024, 6, 30))
    assert split.overlaps(date(2024, 4, 30), date(2024, 4, 30))


def test_a_deadline_overlaps_every_range_starting_by_its_day() -> None:
    due = parse_period("xong trước ngày 30/3/2022", default_year=DEFAULT)
    assert (due.start, due.end) == (None, date(2022, 3, 30))
    assert due.overlaps(date(2022, 1, 1), date(2022, 1, 31))
    assert due.overlaps(date(2022, 3, 30), date(2022, 4, 30))
    assert not due.overlaps(date(2022, 3, 31), date(2022, 4, 30))


def test_to_be_announced_alone_overlaps_nothing() -> None:
    assert not later().overlaps(date(1900, 1, 1), date(2100, 12, 31))


def test_an_inverted_range_is_a_caller_error() -> None:
    with pytest.raises(ValueError):
        month(2024, 6).overlaps(date(2024, 6, 30), date(2024, 6, 1))
    with pytest.raises(ValueError):
        DateSpan(date(2024, 6, 30), date(2024, 6, 1))


def test_only_an_announced_exact_day_is_fixed() -> None:
    assert day(2020, 5, 19).is_fixed
    assert day(2020, 5, 19, time(8)).is_fixed
    assert tentative(day(2020, 5, 19)).is_fixed
    assert not later(day(2020, 5, 19)).is_fixed
    assert not month(2024, 6).is_fixed
    assert not deadline(2022, 3, 30).is_fixed
    assert not parse_period("842 suất quà", default_year=DEFAULT).is_fixed


def test_parse_periods_keeps_each_piece_as_written() -> None:
    assert parse_periods("", DEFAULT) == []
    assert parse_periods(" \n - ", DEFAULT) == []
    pieces = parse_periods("- T3,4/2024\n- T5/2024", DEFAULT)
    assert [p.text for p in pieces] == ["T3,4/2024", "T5/2024"]
    assert [replace(p, text="") for p in pieces] == [months(2024, (3, 4)), month(2024, 5)]
    assert parse_periods(PLAN_2020, DEFAULT) == [parse_period(PLAN_2020, default_year=DEFAULT)]


def test_parse_periods_does_not_skip_what_it_cannot_read() -> None:
    cell = " T3,4/2024 và 842 suất quà "
    assert parse_periods(cell, DEFAULT) == [
        Period(Precision.UNKNOWN, text=cell.strip(), unparsed=True)
    ]
