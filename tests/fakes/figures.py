"""Helpers for tests of charity figures: the default indicators, an open first quarter."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.figures.indicators import DEFAULT_FILE, parse_indicator_file
from bot.figures.periods import reporting_period
from bot.figures.service import open_period
from storage.db import Database
from storage.figures import store_indicators
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
