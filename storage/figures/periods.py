"""Reporting periods, and the roster of each: one `unit_reports` row per unit it expects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ReportingPeriod, ReportState, Unit, UnitKind, UnitLink, UnitReport


async def get_period(session: AsyncSession, period_id: int) -> ReportingPeriod | None:
    return await session.get(ReportingPeriod, period_id)


async def get_period_by_code(session: AsyncSession, code: str) -> ReportingPeriod | None:
    query = select(ReportingPeriod).where(ReportingPeriod.code == code)
    return (await session.execute(query)).scalar_one_or_none()


async def list_periods(session: AsyncSession, *, open_only: bool) -> list[ReportingPeriod]:
    query = select(ReportingPeriod).order_by(ReportingPeriod.starts_on.desc())
    if open_only:
        query = query.where(ReportingPeriod.closed_at.is_(None))
    return list((await session.execute(query)).scalars())


def _expected_units(period: ReportingPeriod) -> Any:
    """Units the period expects: in its kinds and subtree, alive at the end of the period."""
    kinds = [UnitKind(k) for k in (period.expected_kinds or "").split(",") if k]
    conditions = [
        or_(Unit.founded_on.is_(None), Unit.founded_on <= period.ends_on),
        or_(Unit.dissolved_on.is_(None), Unit.dissolved_on > period.ends_on),
        Unit.kind.in_(kinds) if kinds else Unit.kind != UnitKind.CENTRAL,
    ]
    if period.expected_root_id is not None:
        conditions.append(
            exists().where(
                UnitLink.ancestor_id == period.expected_root_id, UnitLink.descendant_id == Unit.id
            )
        )
    return and_(*conditions)


async def sync_roster(session: AsyncSession, period: ReportingPeriod) -> None:
    """Make `unit_reports` match who the period expects now (units founded, dissolved…).

    A unit that already reported keeps its row; it is only marked as expected or not.
    """
    wanted = select(Unit.id).where(_expected_units(period))
    await session.execute(
        insert(UnitReport).from_select(
            ["period_id", "unit_id", "expected", "state"],
            select(
                literal(period.id, Integer), Unit.id, true(), literal(ReportState.MISSING.value)
            ).where(
                _expected_units(period),
                ~exists().where(UnitReport.period_id == period.id, UnitReport.unit_id == Unit.id),
            ),
        )
    )
    mine = UnitReport.period_id == period.id
    await session.execute(
        delete(UnitReport).where(
            mine, UnitReport.state == ReportState.MISSING, UnitReport.unit_id.not_in(wanted)
        )
    )
    await session.execute(
        update(UnitReport)
        .where(mine, UnitReport.unit_id.not_in(wanted), UnitReport.expected.is_(True))
        .values(expected=False)
    )
    await session.execute(
        update(UnitReport)
        .where(mine, UnitReport.unit_id.in_(wanted), UnitReport.expected.is_(False))
        .values(expected=True)
    )


async def count_expected(session: AsyncSession, period_id: int) -> int:
    query = select(func.count()).where(
        UnitReport.period_id == period_id, UnitReport.expected.is_(True)
    )
    return int((await session.execute(query)).scalar_one())
