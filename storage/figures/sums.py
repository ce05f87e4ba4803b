"""The report's figures, summed in SQL: a subtree's totals by child and by kind of unit, the
totals of chosen units' subtrees, and each unit's own values for the workbook."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.figures.subtree import grouped_under, within
from storage.models import FigureValue, ReportState, UnitLink, UnitReport

Sums = dict[int, dict[int, int]]  # group -> indicator id -> sum


def _approved_filter(period_id: int) -> Any:
    return exists().where(
        UnitReport.period_id == period_id,
        UnitReport.unit_id == FigureValue.unit_id,
        UnitReport.state == ReportState.APPROVED,
    )


def _collect(rows: Iterable[Sequence[Any]]) -> Sums:
    sums: Sums = {}
    for group, indicator_id, total in rows:
        sums.setdefault(group, {})[indicator_id] = int(total)
    return sums


async def sums_under(
    session: AsyncSession, period_id: int, root_id: int, *, approved_only: bool
) -> tuple[dict[int, int], Sums, dict[str, dict[int, int]]]:
    """Totals of the subtree of `root_id`: all of it, by child of the root, by kind of unit.

    Two GROUP BYs; the whole is the sum of the (at most eight) kinds' sums.
    """
    where = [FigureValue.period_id == period_id]
    if approved_only:
        where.append(_approved_filter(period_id))
    by_child_rows, by_kind_rows = await grouped_under(
        session,
        root_id,
        FigureValue.unit_id,
        [func.sum(FigureValue.value)],
        where,
        keys=[FigureValue.indicator_id],
    )
    by_kind: dict[str, dict[int, int]] = {}
    totals: dict[int, int] = {}
    for kind, indicator_id, total in by_kind_rows:
        by_kind.setdefault(str(kind), {})[indicator_id] = int(total)
        totals[indicator_id] = totals.get(indicator_id, 0) + int(total)
    return totals, _collect(by_child_rows), by_kind


async def sums_by_units(
    session: AsyncSession, period_id: int, unit_ids: Sequence[int], *, approved_only: bool
) -> Sums:
    """Totals of the subtree of each of `unit_ids` (the provinces of a chart…)."""
    if not unit_ids:
        return {}
    link = aliased(UnitLink)
    where = [FigureValue.period_id == period_id, link.ancestor_id.in_(list(unit_ids))]
    if approved_only:
        where.append(_approved_filter(period_id))
    rows = await session.execute(
        select(link.ancestor_id, FigureValue.indicator_id, func.sum(FigureValue.value))
        .join(link, link.descendant_id == FigureValue.unit_id)
        .where(*where)
        .group_by(link.ancestor_id, FigureValue.indicator_id)
    )
    return _collect(rows.all())


async def values_under(session: AsyncSession, period_id: int, root_id: int) -> Sums:
    """Each unit's own values in the subtree (unit id -> indicator id -> value)."""
    query = (
        select(FigureValue.unit_id, FigureValue.indicator_id, FigureValue.value)
        .join(UnitLink, within(UnitLink, FigureValue.unit_id, root_id))
        .where(FigureValue.period_id == period_id)
    )
    return _collect((await session.execute(query)).all())
