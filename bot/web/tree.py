"""Small helpers the figure pages share: which period a URL means, the way back up the tree
to where the viewer's view starts, and a tally's state in colour and in words."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.text.i18n import gettext
from storage.figures import Tally, list_periods
from storage.models import ReportingPeriod, Unit

MAX_DEPTH = 12  # deeper than any tree of the association; a loop in bad data stops here


async def chosen_period(
    session: AsyncSession, given: str | None
) -> tuple[ReportingPeriod | None, list[ReportingPeriod]]:
    """The period a URL names, else the latest open one, else the latest; and all of them."""
    periods = await list_periods(session, open_only=False)
    if given and given.isdigit():
        for period in periods:
            if period.id == int(given):
                return period, periods
    open_ones = [p for p in periods if p.closed_at is None]
    latest = open_ones or periods
    return (latest[0] if latest else None), periods


async def ancestors_within(session: AsyncSession, node: Unit, home: Unit) -> list[Unit]:
    """The units from `home` down to `node`'s parent (empty at home): the way back up, and
    never past where the viewer's view starts."""
    trail: list[Unit] = []
    current = node
    while current.id != home.id and current.parent_id is not None and len(trail) < MAX_DEPTH:
        parent = await session.get(Unit, current.parent_id)
        if parent is None:
            break
        trail.append(parent)
        current = parent
    if current.id != home.id:  # reached through a second parent: start at home
        return [home] if node.id != home.id else []
    return list(reversed(trail))


def tally_state(tally: Tally) -> tuple[str, str]:
    """A CSS class and the same in words: colour is never the only sign."""
    if tally.missing == 0:
        return "good", gettext("all sent")
    if tally.reported == 0:
        return "bad", gettext("none sent")
    return "late", gettext("some missing")
