"""What several commands look up by what the operator typed: a unit by its code, an opened
reporting period by its name."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.errors import UserError
from bot.figures.periods import PeriodSpan, reporting_period
from bot.text.i18n import N_
from storage.figures import get_period_by_code
from storage.models import ReportingPeriod, Unit
from storage.people.units import get_unit_by_code


async def unit_named(session: AsyncSession, code: str) -> Unit:
    """The unit with this code, or a message naming the code."""
    unit = await get_unit_by_code(session, code)
    if unit is None:
        raise UserError(N_("Unknown unit {code}."), code=code)
    return unit


def period_span(words: list[str]) -> PeriodSpan:
    text = " ".join(words)
    span = reporting_period(text, datetime.now(UTC).date())
    if span is None:
        raise UserError(N_("{text!r} is not a month, quarter, half-year or year."), text=text)
    return span


async def opened_period(session: AsyncSession, words: list[str]) -> ReportingPeriod:
    """The period named by `words`, which must have been opened."""
    span = period_span(words)
    period = await get_period_by_code(session, span.code)
    if period is None:
        raise UserError(N_("No reporting period {period} has been opened."), period=span.label())
    return period
