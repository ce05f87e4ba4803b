"""Charity figures end to end: an admin opens a period, leads report by the flow and by a
pasted sentence, correct, are refused elsewhere; completeness, approval, the report, the
.xlsx and the chart; sums right to the đồng."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from bot.figures.indicators import DEFAULT_FILE, parse_indicator_file
from bot.figures.periods import reporting_period
from bot.figures.service import open_period
from storage.db import Database
from storage.figures import store_indicators
from storage.models import Delivery, FigureValue, Indicator, UnitReport
from storage.units import get_unit_by_code
from tests.fakes.rig import Rig


@pytest.fixture(autouse=True)
async def indicators(db: Database) -> None:
    """The default indicators (the test database is emptied before each test)."""
    async with db.session() as session:
        await store_indicators(session, parse_indicator_file(DEFAULT_FILE))
        await session.commit()


async def open_q1(rig: Rig, deadline: date = date(2020, 4, 10)) -> int:
    span = reporting_period("Q1/2020", date(2020, 4, 1))
    assert span is not None
    async with rig.db.session() as session:
        period, _new = await open_period(
            session, span, deadline=deadline, grace_days=3, now=datetime.now(UTC)
        )
        await session.commit()
        return period.id


async def values_of(rig: Rig, unit_code: str) -> dict[str, int]:
    async with rig.db.session() as session:
        unit = await get_unit_by_code(session, unit_code)
        assert unit is not None
        rows = await session.execute(
            select(Indicator.code, FigureValue.value)
            .join(Indicator, Indicator.id == FigureValue.indicator_id)
            .where(FigureValue.unit_id == unit.id)
        )
        return dict(rows.all())


async def test_admin_opens_a_period_with_buttons(rig: Rig) -> None:
    admin = rig.admin
    await admin.send("/kybaocao Q1/2020 10/4/2020")
    assert "10/4/2020" in admin.last.text
    await admin.press("3 ngày")
    assert "Đơn vị nào phải báo cáo" in admin.last.text
    await admin.press("✅ Mở kỳ báo cáo")
    text = admin.last.text
    assert "quý I/2020" in text and "5 đơn vị" in text, text
    async with rig.db.session() as session:
        count = await session.scalar(select(func.count()).select_from(UnitReport))
    assert count == 5
    # the leads of the expected units were told, through the outbox
    async with rig.db.session() as session:
        told = (await session.execute(select(Delivery.chat_id))).scalars().all()
    assert sorted(told) == [1002, 1005, 1007, 1009]


async def test_lead_submits_step_by_step(rig: Rig) -> None:
    await open_q1(rig)
    lead = rig.lead_hn
    await lead.send("/nop")
    assert "1/4. Nhà tình nghĩa" in lead.last.text
    await lead.send("3")
    assert "2/4. Suất quà" in lead.last.text
    await lead.send("842")
    assert "3/4. Chăn" in lead.last.text
    await lead.press("Không có (0)")
    assert "4/4. Tiền" in lead.last.text
    await lead.send("512.300.000 đ")
    card = lead.last.text
    assert "512.300.000" in card and "năm trăm mười hai triệu ba trăm nghìn đồng" in card
    await lead.press("✅ Gửi báo cáo")
    assert "Đã nhận số liệu quý I/2020" in lead.last.text
    assert await values_of(rig, "HN") == {
        "houses": 3,
        "gifts": 842,
        "blankets": 0,
        "money": 512_300_000,
    }
