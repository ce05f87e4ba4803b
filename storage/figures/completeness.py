"""Who has reported: counts of the expected units of a subtree (sent, on time, approved),
the units not heard from, and every unit's report row for the workbook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.figures.subtree import grouped_under, within
from storage.models import ReportState, Unit, UnitLink, UnitReport


@dataclass(frozen=True)
class Tally:
    """How many units a period expects in a group, and how many of them reported, on time."""

    expected: int = 0
    reported: int = 0
    on_time: int = 0
    approved: int = 0

    @property
    def late(self) -> int:
        return self.reported - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.reported

    @property
    def percent(self) -> int:
        return 100 * self.reported // self.expected if self.expected else 100


def _tally_columns(timely_until: datetime) -> list[Any]:
    sent = UnitReport.state != ReportState.MISSING
    return [
        func.count(),
        func.sum(case((sent, 1), else_=0)),
        func.sum(case((and_(sent, UnitReport.first_submitted_at < timely_until), 1), else_=0)),
        func.sum(case((UnitReport.state == ReportState.APPROVED, 1), else_=0)),
    ]


def _tally(row: Sequence[Any]) -> Tally:
    return Tally(*(int(x or 0) for x in row))


async def completeness(
    session: AsyncSession, period_id: int, root_id: int, timely_until: datetime
) -> tuple[Tally, dict[int, Tally], dict[str, Tally]]:
    """Expected units of the subtree of `root_id`: all, by child of the root, by kind."""
    by_child_rows, by_kind_rows = await grouped_under(
        session,
        root_id,
        UnitReport.unit_id,
        _tally_columns(timely_until),
        [UnitReport.period_id == period_id, UnitReport.expected.is_(True)],
    )
    by_kind = {str(row[0]): _tally(row[1:]) for row in by_kind_rows}
    # Every expected unit has one kind, so the kinds' tallies add up to the whole.
    whole = Tally(
        *(
            sum(getattr(t, f) for t in by_kind.values())
            for f in ("expected", "reported", "on_time", "approved")
        )
    )
    return whole, {row[0]: _tally(row[1:]) for row in by_child_rows}, by_kind


_NOT_SENT = and_(UnitReport.expected.is_(True), UnitReport.state == ReportState.MISSING)


async def missing_reports(session: AsyncSession, period_id: int) -> list[tuple[UnitReport, Unit]]:
    """Expected reports not sent yet, with their unit (for the reminders)."""
    query = (
        select(UnitReport, Unit)
        .join(Unit, Unit.id == UnitReport.unit_id)
        .where(UnitReport.period_id == period_id, _NOT_SENT)
        .order_by(Unit.code)
    )
    return [(r, u) for r, u in (await session.execute(query)).all()]


async def missing_under(
    session: AsyncSession, period_id: int, root_id: int, *, limit: int
) -> list[Unit]:
    """Expected units of the subtree that have not reported, by name."""
    query = (
        select(Unit)
        .join(UnitLink, within(UnitLink, Unit.id, root_id))
        .join(UnitReport, and_(UnitReport.unit_id == Unit.id, UnitReport.period_id == period_id))
        .where(_NOT_SENT)
        .order_by(Unit.name)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    parent_name: str | None
    report: UnitReport | None


async def list_unit_reports(session: AsyncSession, period_id: int, root_id: int) -> list[UnitRow]:
    """Every unit of the subtree that has a report row, with its parent's name (for sheets)."""
    parent = aliased(Unit)
    query = (
        select(Unit, parent.name, UnitReport)
        .join(UnitLink, within(UnitLink, Unit.id, root_id))
        .join(UnitReport, and_(UnitReport.unit_id == Unit.id, UnitReport.period_id == period_id))
        .outerjoin(parent, parent.id == Unit.parent_id)
        .order_by(UnitLink.depth, Unit.code)
    )
    return [UnitRow(u, p, r) for u, p, r in (await session.execute(query)).all()]
