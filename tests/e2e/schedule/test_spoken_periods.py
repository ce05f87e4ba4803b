"""Periods as reports write them (issue 10, item 6), typed to the calendar: each is shown back
in words before it is saved, and saved as it was shown."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from sqlalchemy import select

from storage.models import ScheduleItem
from tests.fakes.calendar import today
from tests.fakes.rig import Rig

NEXT_YEAR = today().year + 1


async def _items(rig: Rig) -> list[ScheduleItem]:
    async with rig.db.session() as session:
        query = select(ScheduleItem).order_by(ScheduleItem.id)
        return list((await session.execute(query)).scalars())


async def test_report_periods_are_shown_back_in_words_and_saved_as_shown(rig: Rig) -> None:
    lead = rig.lead_hn
    weekday = format_date(date(NEXT_YEAR, 11, 10), "EEEE", locale="vi_VN")
    cases = [
        (f"Chiều 10/11/{NEXT_YEAR}", f"chiều {weekday} 10/11/{NEXT_YEAR}", "chiều 10/11/"),
        (f"đầu tháng 5/{NEXT_YEAR}", f"đầu tháng 5/{NEXT_YEAR}", "đầu tháng 5/"),
        (f"Quý II. {NEXT_YEAR}", f"trong quý II/{NEXT_YEAR}", "quý II/"),
        (f"cuối năm {NEXT_YEAR}", f"cuối năm {NEXT_YEAR}", "cuối năm "),
    ]
    for number, (typed, shown, stored) in enumerate(cases, 1):
        await lead.send(f"/lichmoi {typed} | Gặp mặt hội viên")
        card = lead.last.text or ""
        assert f"Thời gian: {shown}" in card.splitlines(), (typed, card)
        await lead.press("✅ Lưu lịch")
        items = await _items(rig)
        assert len(items) == number
        assert items[-1].period_text == f"{stored}{NEXT_YEAR}"
    first, early_may, _quarter, late_year = await _items(rig)
    assert (first.start_on, first.at_time) == (date(NEXT_YEAR, 11, 10), None)
    assert (early_may.start_on, early_may.end_on) == (date(NEXT_YEAR, 5, 1), date(NEXT_YEAR, 5, 10))
    assert (late_year.start_on, late_year.end_on) == (
        date(NEXT_YEAR, 10, 1),
        date(NEXT_YEAR, 12, 31),
    )
