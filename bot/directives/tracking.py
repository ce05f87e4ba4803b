"""Who received a directive, who confirmed, who carried it out: in total, by unit, by person.

"Delivered" means the recipient's outbox row was sent; "received" and "carried out" are
the buttons they pressed. Units are shown as a tree: at each level one line per child
unit, counting everything beneath it, so the office can drill down to the people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Delivery,
    DeliveryState,
    DirectiveReceipt,
    Member,
    Purpose,
    Unit,
    UnitLink,
)


@dataclass(frozen=True)
class Counts:
    recipients: int = 0
    delivered: int = 0
    failed: int = 0
    no_telegram: int = 0
    received: int = 0
    to_act: int = 0
    carried_out: int = 0

    @property
    def waiting(self) -> int:
        return self.recipients - self.delivered - self.failed - self.no_telegram


@dataclass(frozen=True)
class UnitLine:
    unit_id: int
    name: str
    counts: Counts
    has_more: bool  # units beneath it hold recipients too


@dataclass(frozen=True)
class PersonLine:
    name: str
    state: str  # "carried_out" | "received" | "delivered" | "waiting" | "failed" | "no_telegram"
    at: datetime | None


_Q = TypeVar("_Q", bound=Select)  # type: ignore[type-arg]


def _count_columns() -> list[ColumnElement[int]]:
    sent = Delivery.state == DeliveryState.SENT
    return [
        func.count(),
        func.count(case((sent, 1))),
        func.count(case((Delivery.state == DeliveryState.FAILED, 1))),
        func.count(case((DirectiveReceipt.delivery_key.is_(None), 1))),
        func.count(DirectiveReceipt.received_at),
        func.count(case((DirectiveReceipt.purpose == Purpose.ACT, 1))),
        func.count(DirectiveReceipt.carried_out_at),
    ]


def _with_deliveries(query: _Q, directive_id: int) -> _Q:
    return query.outerjoin(Delivery, Delivery.dedupe_key == DirectiveReceipt.delivery_key).where(
        DirectiveReceipt.directive_id == directive_id
    )


async def totals(
    session: AsyncSession, directive_id: int, within: Sequence[int] | None = None
) -> Counts:
    """Counts for the whole directive, or for the recipients under some units only."""
    query = _with_deliveries(select(*_count_columns()).select_from(DirectiveReceipt), directive_id)
    if within is not None:
        below = select(UnitLink.descendant_id).where(UnitLink.ancestor_id.in_(list(within)))
        query = query.where(DirectiveReceipt.unit_id.in_(below))
    return Counts(*(int(n) for n in (await session.execute(query)).one()))


async def unit_lines(session: AsyncSession, directive_id: int, parent_id: int) -> list[UnitLine]:
    """The parent's own recipients, then each child unit with everyone beneath it."""
    own = _with_deliveries(
        select(*_count_columns()).select_from(DirectiveReceipt), directive_id
    ).where(DirectiveReceipt.unit_id == parent_id)
    parent = await session.get(Unit, parent_id)
    lines: list[UnitLine] = []
    counts = Counts(*(int(n) for n in (await session.execute(own)).one()))
    if counts.recipients and parent is not None:
        lines.append(UnitLine(parent.id, parent.name, counts, has_more=False))
    child = (
        select(UnitLink.descendant_id)
        .where(UnitLink.ancestor_id == parent_id, UnitLink.depth == 1)
        .scalar_subquery()
    )
    # Each recipient's unit is looked up once in the closure table (by descendant), and its
    # ancestors kept when they are children of the parent: a unit with two parents counts
    # under both. The "+ 0" stops SQLite from using the list of children as a second key of
    # that lookup, which made one lookup per (recipient, child) pair: 0.8 s instead of 0.09 s
    # at the root of 11,000 units (bench/dashboard_directives.py).
    below = (
        select(UnitLink.ancestor_id.label("unit_id"), *_count_columns())
        .select_from(DirectiveReceipt)
        .join(UnitLink, UnitLink.descendant_id == DirectiveReceipt.unit_id)
        .where((UnitLink.ancestor_id + 0).in_(child))
        .group_by(UnitLink.ancestor_id)
    )
    rows = [
        (int(row[0]), Counts(*(int(count) for count in row[1:])))
        for row in await session.execute(_with_deliveries(below, directive_id))
    ]
    ids = [unit_id for unit_id, _counts in rows]
    names = {
        unit_id: name
        for unit_id, name in await session.execute(
            select(Unit.id, Unit.name).where(Unit.id.in_(ids))
        )
    }
    direct_query = (
        select(DirectiveReceipt.unit_id, func.count())
        .where(DirectiveReceipt.directive_id == directive_id)
        .where(DirectiveReceipt.unit_id.in_(ids))
        .group_by(DirectiveReceipt.unit_id)
    )
    direct = {unit_id: count for unit_id, count in await session.execute(direct_query)}
    for unit_id, unit_counts in sorted(rows, key=lambda r: names.get(r[0], "")):
        has_more = unit_counts.recipients > direct.get(unit_id, 0)
        lines.append(UnitLine(unit_id, names.get(unit_id, "?"), unit_counts, has_more))
    return lines


async def people(
    session: AsyncSession, directive_id: int, unit_id: int, offset: int, limit: int
) -> tuple[list[PersonLine], int]:
    """The recipients in exactly this unit, those who have not confirmed first."""
    condition = (DirectiveReceipt.directive_id == directive_id) & (
        DirectiveReceipt.unit_id == unit_id
    )
    total = (
        await session.execute(select(func.count()).select_from(DirectiveReceipt).where(condition))
    ).scalar_one()
    query = (
        select(
            Member.name,
            DirectiveReceipt.received_at,
            DirectiveReceipt.carried_out_at,
            DirectiveReceipt.delivery_key,
            Delivery.state,
            Delivery.sent_at,
        )
        .select_from(DirectiveReceipt)
        .join(Member, Member.id == DirectiveReceipt.member_id)
        .outerjoin(Delivery, Delivery.dedupe_key == DirectiveReceipt.delivery_key)
        .where(condition)
        .order_by(DirectiveReceipt.received_at.is_not(None), Member.name, Member.id)
        .offset(offset)
        .limit(limit)
    )
    lines = []
    for name, received, carried, key, state, sent_at in await session.execute(query):
        if carried is not None:
            lines.append(PersonLine(name, "carried_out", carried))
        elif received is not None:
            lines.append(PersonLine(name, "received", received))
        elif key is None:
            lines.append(PersonLine(name, "no_telegram", None))
        elif state is DeliveryState.SENT:
            lines.append(PersonLine(name, "delivered", sent_at))
        elif state is DeliveryState.FAILED:
            lines.append(PersonLine(name, "failed", None))
        else:
            lines.append(PersonLine(name, "waiting", None))
    return lines, int(total)
