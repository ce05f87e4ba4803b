"""Page 1's record of one unit over the last periods: for each, how many units beneath it
(itself included) were expected, sent, sent on time and late.

The unit is one the viewer may see (the page checked it with `require_unit`). One query for
all the periods, each with its own deadline, counted as the chat's `/baocao tiendo` does
(storage/figures/completeness.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.figures.periods import timely_until
from storage.figures import Tally
from storage.models import ReportingPeriod, ReportState, UnitLink, UnitReport

RECENT = 6  # periods shown: a year and a half of quarters


def recent_periods(
    chosen: ReportingPeriod, periods: Sequence[ReportingPeriod]
) -> list[ReportingPeriod]:
    """The chosen period and those that started before it, newest first, at most RECENT."""
    return [p for p in periods if p.starts_on <= chosen.starts_on][:RECENT]


async def tally_by_period(
    session: AsyncSession,
    unit_id: int,
    periods: Sequence[ReportingPeriod],
    tz: ZoneInfo,
    *,
    whole_tree: bool = False,
) -> list[tuple[ReportingPeriod, Tally]]:
    """Each period with the tally of the unit's subtree (`whole_tree`: the unit is the root,
    so every report counts); a period that expected nothing there is left out."""
    if not periods:
        return []
    until = case(
        *(
            (UnitReport.period_id == p.id, timely_until(p.deadline, p.grace_days, tz))
            for p in periods
        )
    )
    sent = UnitReport.state != ReportState.MISSING
    query = (
        select(
            UnitReport.period_id,
            func.count(),
            func.sum(case((sent, 1), else_=0)),
            func.sum(case((and_(sent, UnitReport.first_submitted_at < until), 1), else_=0)),
            func.sum(case((UnitReport.state == ReportState.APPROVED, 1), else_=0)),
        )
        .where(UnitReport.period_id.in_([p.id for p in periods]), UnitReport.expected.is_(True))
        .group_by(UnitReport.period_id)
    )
    if not whole_tree:
        # A list of units, so that SQLite looks each (period, unit) up in the reports' key:
        # 1 ms for a province where a join read every report of the periods (13 ms).
        below = select(UnitLink.descendant_id).where(UnitLink.ancestor_id == unit_id)
        query = query.where(UnitReport.unit_id.in_(below))
    found = {
        period_id: Tally(*(int(n or 0) for n in counts))
        for period_id, *counts in await session.execute(query)
    }
    return [(p, found[p.id]) for p in periods if p.id in found]
