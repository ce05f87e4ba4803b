"""Helpers for tests of charity figures: the default indicators, an open first quarter, and
the figures the dashboard's pages show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.figures.indicators import DEFAULT_FILE, parse_indicator_file
from bot.figures.periods import reporting_period
from bot.figures.service import open_period, submit
from storage.db import Database
from storage.figures import get_or_add_report, list_indicators, store_indicators
from storage.models import ReportState
from storage.people.units import list_units
from tests.fakes.rig import Rig


async def store_default_indicators(db: Database) -> None:
    async with db.session() as session:
        await store_indicators(session, parse_indicator_file(DEFAULT_FILE))
        await session.commit()


async def open_q1(rig: Rig, deadline: date = date(2020, 4, 10)) -> int:
    """Quý I/2020, open for reports until `deadline`, with three days of grace."""
    span = reporting_period("Q1/2020", date(2020, 4, 1))
    assert span is not None
    async with rig.db.session() as session:
        period, _new = await open_period(
            session, span, deadline=deadline, grace_days=3, now=datetime.now(UTC)
        )
        await session.commit()
        return period.id


@dataclass(frozen=True)
class Seeded:
    """The figures the page tests look at: unit ids by code, two first quarters."""

    units: dict[str, int]
    q1_2020: int
    q1_2019: int


async def seed_figures(db: Database) -> Seeded:
    """Quý I/2020: Hà Nội sent (approved) 100 gift packages and 5.000.000 đ, Sư đoàn 470
    sent 20 and 1.000.000 đ (not approved), the others nothing; Quý I/2019: Hà Nội sent
    3.000.000 đ."""
    await store_default_indicators(db)
    now = datetime.now(UTC)
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    async with db.session() as session:
        units = {u.code: u.id for u in await list_units(session)}
        ids = {i.code: i.id for i in await list_indicators(session)}
        periods = {}
        for code, day in (("Q1/2020", date(2020, 4, 1)), ("Q1/2019", date(2019, 4, 1))):
            span = reporting_period(code, day)
            assert span is not None
            periods[code], _new = await open_period(
                session, span, deadline=date(2099, 1, 1), grace_days=3, now=now
            )
        q1 = periods["Q1/2020"]
        for code, gifts, money in (("HN", 100, 5_000_000), ("SD470", 20, 1_000_000)):
            values = {ids["gifts"]: gifts, ids["money"]: money}
            await submit(session, q1, units[code], values, member_id=None, now=now, tz=tz)
        report = await get_or_add_report(session, q1.id, units["HN"])
        report.state, report.approved_at = ReportState.APPROVED, now
        old = periods["Q1/2019"]
        values = {ids["money"]: 3_000_000}
        await submit(session, old, units["HN"], values, member_id=None, now=now, tz=tz)
        await session.commit()
        return Seeded(units, q1.id, old.id)
