"""The dashboard's "remind the missing units" button: the figures reminders of the chat
(bot/figures/notify.py), queued through the outbox once per unit, lead and period."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.figures.notify import remind_leads
from storage.figures import missing_under
from storage.models import ReportingPeriod, Unit

MAX_CHASED = 5000  # more than a province holds; the outbox paces the sending


async def chase_missing(
    session: AsyncSession, period: ReportingPeriod, node: Unit, tz: ZoneInfo, locale: str
) -> int:
    """Queue a reminder to the leads of every unit under `node` that has not reported;
    returns how many reminders were new (a second press queues none)."""
    today = datetime.now(UTC).astimezone(tz).date()
    units = await missing_under(session, period.id, node.id, limit=MAX_CHASED)
    return await remind_leads(session, period, {u.id: u for u in units}, today, "office", locale)
