"""Rows of a subtree of units, through `unit_links` (the closure of the tree).

A subtree's rows are one join on the closure whatever its depth, so a sum over it is one
GROUP BY; a unit under two parents counts once in each parent's subtree and once in any
common ancestor's. The report's sums and its completeness group the same way, by child
of the root and by kind of unit: `grouped_under` makes both pairs of queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import Unit, UnitKind, UnitLink


def within(link: Any, unit_id: Any, root_id: int) -> Any:
    """Join condition: the unit `unit_id` is `root_id` itself or below it."""
    return and_(link.descendant_id == unit_id, link.ancestor_id == root_id)


async def grouped_under(
    session: AsyncSession,
    root_id: int,
    unit_id: Any,
    columns: Sequence[Any],
    where: Sequence[Any],
    *,
    keys: Sequence[Any] = (),
) -> tuple[Sequence[Any], Sequence[Any]]:
    """`columns` over the rows of the subtree whose unit is `unit_id`, grouped by `keys`
    and by child of the root (rows: child id, *keys, *columns), then by kind of unit
    (rows: kind, *keys, *columns)."""
    link = aliased(UnitLink)
    children = select(UnitLink.descendant_id).where(
        UnitLink.ancestor_id == root_id, UnitLink.depth == 1
    )
    # `ancestor_id + 0` keeps SQLite from seeking the closure once per child for every row:
    # it walks each row's few ancestors instead (PostgreSQL plans it the same either way).
    by_child = await session.execute(
        select(link.ancestor_id, *keys, *columns)
        .join(link, link.descendant_id == unit_id)
        .where(*where, (link.ancestor_id + 0).in_(children))
        .group_by(link.ancestor_id, *keys)
    )
    by_kind = await session.execute(
        select(Unit.kind, *keys, *columns)
        .join(link, within(link, unit_id, root_id))
        .join(Unit, Unit.id == unit_id)
        .where(*where)
        .group_by(Unit.kind, *keys)
    )
    return by_child.all(), by_kind.all()


async def units_under(session: AsyncSession, root_id: int, kind: UnitKind) -> list[Unit]:
    query = (
        select(Unit)
        .join(UnitLink, within(UnitLink, Unit.id, root_id))
        .where(Unit.kind == kind)
        .order_by(Unit.name)
    )
    return list((await session.execute(query)).scalars())
