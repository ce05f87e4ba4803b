"""The calendar's pure parts: asked ranges, how periods read, yearly items, the ICS writer."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.periods import parse_period
from bot.schedule.ics import calendar_ics, escape_text, fold
from bot.schedule.items import next_occurrence, occurrences, period_columns
from bot.schedule.ranges import RangeKind, parse_range
from bot.schedule.reminders import DAY_BEFORE, MORNING, due_step
from bot.schedule.render import describe_period
from bot.text.i18n import use_locale
from storage.models import ItemAudience, ItemStatus, ScheduleItem

TODAY = date(2026, 11, 24)  # a Tuesday
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("", date(2026, 11, 24), date(2027, 2, 24), RangeKind.UPCOMING),
        ("tuần này", date(2026, 11, 23), date(2026, 11, 29), RangeKind.WEEK),
        ("Tuan sau", date(2026, 11, 30), date(2026, 12, 6), RangeKind.WEEK),
        ("tháng này", date(2026, 11, 1), date(2026, 11, 30), RangeKind.MONTH),
        ("tháng sau", date(2026, 12, 1), date(2026, 12, 31), RangeKind.MONTH),
        ("quý này", date(2026, 10, 1), date(2026, 12, 31), RangeKind.QUARTER),
        ("quý sau", date(2027, 1, 1), date(2027, 3, 31), RangeKind.QUARTER),
        ("tháng 5", date(2026, 5, 1), date(2026, 5, 31), RangeKind.MONTH),
        ("T6/2027", date(2027, 6, 1), date(2027, 6, 30), RangeKind.MONTH),
        ("quý 2", date(2026, 4, 1), date(2026, 6, 30), RangeKind.QUARTER),
        ("Quý IV/2025", date(2025, 10, 1), date(2025, 12, 31), RangeKind.QUARTER),
        ("19/5", date(2026, 5, 19), date(2026, 5, 19), RangeKind.DAYS),
        ("10-15/12", date(2026, 12, 10), date(2026, 12, 15), RangeKind.DAYS),
        ("trước 15/12", date(2026, 11, 24), date(2026, 12, 15), RangeKind.DAYS),
        ("hôm nay", TODAY, TODAY, RangeKind.DAYS),
        ("next week", date(2026, 11, 30), date(2026, 12, 6), RangeKind.WEEK),
    ],
)
def test_asked_ranges(text: str, start: date, end: date, kind: RangeKind) -> None:
    days = parse_range(text, TODAY)
    assert days is not None
    assert (days.start, days.end, days.kind) == (start, end, kind)


@pytest.mark.parametrize("text", ["hôm kia", "sẽ thông báo sau", "T6", "842 suất quà"])
def test_unreadable_ranges(text: str) -> None:
    assert parse_range(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("19/5/2026", "Thứ Ba 19/5/2026", "Tue 19 May 2026"),
        ("8h00 ngày 19/5/2026", "Thứ Ba 19/5/2026, 8h00", "Tue 19 May 2026, 08:00"),
        (
            "trong tháng 10–11/2020, ngày sẽ báo sau",
            "trong tháng 10–11/2020, ngày sẽ báo sau",
            "October–November 2020, date to be announced",
        ),
        (
            "T3+4;T11+12/2024",
            "trong tháng 3–4, 11–12/2024",
            "March–April and November–December 2024",
        ),
        ("Quý I/2024", "trong quý I/2024", "Q1 2024"),
        ("10-15/5/2024", "10–15/5/2024", "10–15 May 2024"),
        ("xong trước ngày 30/3/2022", "trước ngày 30/3/2022", "by 30 Mar 2022"),
        ("dự kiến tháng 6/2024", "dự kiến trong tháng 6/2024", "June 2024 (tentative)"),
        (
            "sau Tết",
            "sau Tết Nguyên đán, ngày sẽ báo sau",
            "after Tết (Lunar New Year), date to be announced",
        ),
        ("khi có kinh phí", "khi có kinh phí", "khi có kinh phí"),
    ],
)
def test_periods_as_members_read_them(text: str, vi: str, en: str) -> None:
    period = parse_period(text, default_year=2026)
    assert describe_period(period, "vi") == vi
    assert describe_period(period, "en") == en


def item(text: str, **fields: object) -> ScheduleItem:
    period = parse_period(text, default_year=2026)
    values: dict[str, object] = {
        "id": 7,
        "title": "Gặp mặt",
        "status": ItemStatus.PLANNED,
        "recurring": False,
        "revision": 1,
        "audience": ItemAudience.EVERYONE,
        **period_columns(period),
    }
    values.update(fields)
    return ScheduleItem(**values)


def test_stored_columns_read_back_the_exact_period() -> None:
    columns = period_columns(parse_period("T3+4;T11+12/2024", default_year=2026))
    assert columns["start_on"] == date(2024, 3, 1) and columns["end_on"] == date(2024, 12, 31)
    split = item("T3+4;T11+12/2024")
    assert occurrences(split, date(2024, 6, 1), date(2024, 6, 30)) == []
    (hit,) = occurrences(split, date(2024, 11, 10), date(2024, 11, 20))
    assert hit.day == date(2024, 11, 10)


def test_a_yearly_item_comes_round_every_year_from_its_first() -> None:
    yearly = item("19/5/2020", recurring=True, month_day=519)
    found = occurrences(yearly, date(2019, 1, 1), date(2022, 12, 31))
    assert [o.day for o in found] == [date(2020, 5, 19), date(2021, 5, 19), date(2022, 5, 19)]
    assert next_occurrence(yearly, date(2026, 5, 20)) == date(2027, 5, 19)
    leap = item("29/2/2024", recurring=True, month_day=229)
    assert [o.day for o in occurrences(leap, date(2024, 1, 1), date(2028, 12, 31))] == [
        date(2024, 2, 29),
        date(2028, 2, 29),
    ]


def test_due_reminder_steps() -> None:
    eve, morning = time(18), time(6, 30)
    day = date(2030, 5, 19)
    assert due_step(day, None, datetime(2030, 5, 18, 17, 59), eve, morning) is None
    assert due_step(day, None, datetime(2030, 5, 18, 18, 0), eve, morning) == DAY_BEFORE
    assert due_step(day, None, datetime(2030, 5, 19, 6, 30), eve, morning) == MORNING
    assert due_step(day, time(7), datetime(2030, 5, 19, 7, 0), eve, morning) is None
    assert due_step(day, None, datetime(2030, 5, 18, 20), None, morning) is None


def test_ics_escaping_and_folding() -> None:
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    line = "SUMMARY:" + "Hội nghị tổng kết " * 10
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_ics_events() -> None:
    items = [
        item("8h00 ngày 19/5/2026", id=1, place="Hà Nội, phòng 2"),
        item("19/5/2020", id=2, recurring=True, month_day=519),
        item("T3+4;T11+12/2024", id=3),
        item("xong trước ngày 30/3/2022", id=4),
        item("sẽ thông báo sau", id=5, status=ItemStatus.TO_BE_ANNOUNCED),
        item("19/5/2026", id=6, status=ItemStatus.CANCELLED, revision=3),
    ]
    with use_locale("vi"):
        content = calendar_ics(items, name="Lịch", tz=TZ, now=datetime(2026, 1, 1, tzinfo=UTC))
    text = content.decode()
    assert text.count("BEGIN:VEVENT") == 6, "two month runs, nothing for the undated item"
    assert "UID:schedule-1@hoibot\r\nDTSTART:20260519T010000Z" in text
    assert "LOCATION:Hà Nội\\, phòng 2" in text
    assert "DTSTART;VALUE=DATE:20200519\r\nDTEND;VALUE=DATE:20200520" in text
    assert "RRULE:FREQ=YEARLY" in text
    assert (
        "UID:schedule-3-1@hoibot\r\nDTSTART;VALUE=DATE:20240301\r\nDTEND;VALUE=DATE:20240501"
        in text
    )
    assert (
        "UID:schedule-3-2@hoibot\r\nDTSTART;VALUE=DATE:20241101\r\nDTEND;VALUE=DATE:20250101"
        in text
    )
    assert "TRANSP:TRANSPARENT" in text
    assert "SUMMARY:Hạn chót: Gặp mặt" in text
    assert "schedule-5@" not in text
    assert "STATUS:CANCELLED\r\nSEQUENCE:2" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
