"""The figures a unit reported for a period, and the history of every change to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FigureChange, FigureValue, Member, ReportState, UnitReport


async def current_values(session: AsyncSession, period_id: int, unit_id: int) -> dict[int, int]:
    query = select(FigureValue.indicator_id, FigureValue.value).where(
        FigureValue.period_id == period_id, FigureValue.unit_id == unit_id
    )
    return {i: v for i, v in (await session.execute(query)).all()}


async def history_bounds(
    session: AsyncSession, unit_id: int, period_id: int
) -> dict[int, tuple[int, int]]:
    """(lowest, highest) value of each indicator in the unit's other periods."""
    query = (
        select(FigureValue.indicator_id, func.min(FigureValue.value), func.max(FigureValue.value))
        .where(FigureValue.unit_id == unit_id, FigureValue.period_id != period_id)
        .group_by(FigureValue.indicator_id)
    )
    return {i: (low, high) for i, low, high in (await session.execute(query)).all()}


async def save_values(
    session: AsyncSession,
    report: UnitReport,
    values: dict[int, int],
    *,
    member_id: int | None,
    now: datetime,
    note: str | None = None,
) -> int:
    """Store the values, record each change (old → new), mark the report sent; changes made."""
    old = await current_values(session, report.period_id, report.unit_id)
    changes = []
    for indicator_id, value in values.items():
        if old.get(indicator_id) == value:
            continue
        key = {"period_id": report.period_id, "unit_id": report.unit_id}
        if indicator_id in old:
            await session.execute(
                update(FigureValue)
                .where(
                    FigureValue.period_id == report.period_id,
                    FigureValue.unit_id == report.unit_id,
                    FigureValue.indicator_id == indicator_id,
                )
                .values(value=value)
            )
        else:
            session.add(FigureValue(**key, indicator_id=indicator_id, value=value))
        changes.append(
            {
                **key,
                "indicator_id": indicator_id,
                "old_value": old.get(indicator_id),
                "new_value": value,
                "member_id": member_id,
                "at": now,
                "note": note,
            }
        )
    if changes:
        await session.execute(insert(FigureChange), changes)
    report.state = ReportState.SUBMITTED
    report.submitted_at, report.submitted_by = now, member_id
    if report.first_submitted_at is None:
        report.first_submitted_at = now
    await session.flush()
    return len(changes)


@dataclass(frozen=True)
class Change:
    indicator_id: int
    old_value: int | None
    new_value: int
    at: datetime
    who: str | None
    note: str | None


async def list_changes(session: AsyncSession, period_id: int, unit_id: int) -> list[Change]:
    query = (
        select(FigureChange, Member.name)
        .outerjoin(Member, Member.id == FigureChange.member_id)
        .where(FigureChange.period_id == period_id, FigureChange.unit_id == unit_id)
        .order_by(FigureChange.at, FigureChange.id)
    )
    return [
        Change(c.indicator_id, c.old_value, c.new_value, c.at, name, c.note)
        for c, name in (await session.execute(query)).all()
    ]
