"""A unit's report row for a period: found or added, waiting for approval; and the leads
to write to about it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Member,
    Membership,
    ReportingPeriod,
    ReportState,
    Role,
    Unit,
    UnitLink,
    UnitReport,
)


async def get_report(session: AsyncSession, period_id: int, unit_id: int) -> UnitReport | None:
    query = select(UnitReport).where(
        UnitReport.period_id == period_id, UnitReport.unit_id == unit_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def get_or_add_report(session: AsyncSession, period_id: int, unit_id: int) -> UnitReport:
    """The unit's report row; one for a unit the period did not expect is added on the fly."""
    report = await get_report(session, period_id, unit_id)
    if report is None:
        report = UnitReport(
            period_id=period_id, unit_id=unit_id, expected=False, state=ReportState.MISSING
        )
        session.add(report)
        await session.flush()
    return report


async def reports_to_approve(
    session: AsyncSession, above: Sequence[int] | None, *, limit: int = 30
) -> list[tuple[ReportingPeriod, Unit, UnitReport]]:
    """Sent, not yet approved reports of open periods, of units strictly below `above`
    (every unit when None, for an admin)."""
    query = (
        select(ReportingPeriod, Unit, UnitReport)
        .join(UnitReport, UnitReport.period_id == ReportingPeriod.id)
        .join(Unit, Unit.id == UnitReport.unit_id)
        .where(ReportingPeriod.closed_at.is_(None), UnitReport.state == ReportState.SUBMITTED)
        .order_by(UnitReport.submitted_at)
        .limit(limit)
    )
    if above is not None:
        query = query.where(
            exists().where(
                UnitLink.descendant_id == Unit.id,
                UnitLink.ancestor_id.in_(list(above)),
                UnitLink.depth >= 1,
            )
        )
    return [(p, u, r) for p, u, r in (await session.execute(query)).all()]


async def leads_of(session: AsyncSession, unit_ids: Iterable[int]) -> dict[int, list[Member]]:
    """Bound leads of each unit (not of its ancestors), who can be written to."""
    ids = list(unit_ids)
    if not ids:
        return {}
    query = (
        select(Membership.unit_id, Member)
        .join(Member, Member.id == Membership.member_id)
        .where(
            Membership.unit_id.in_(ids),
            Membership.role == Role.LEAD,
            Member.chat_id.is_not(None),
        )
        .order_by(Member.id)
    )
    found: dict[int, list[Member]] = {}
    for unit_id, member in (await session.execute(query)).all():
        found.setdefault(unit_id, []).append(member)
    return found
