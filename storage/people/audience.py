"""Who a directive or an announcement reaches: members picked by unit, kind and role.

A `Selector` names units (one unit, a subtree, or every unit of a kind, optionally only
within a subtree) and roles (everyone, or leads only). Several selectors are OR-ed; a
member picked by several is counted once, in one of the units that picked them (the
lowest id), and is "to act on" if any selector that picked them is. Members are read
in batches by id, so a send to the whole association never holds them all in memory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Member, Membership, RecipientScope, Role, Unit, UnitKind, UnitLink

LEAD_ROLES = (Role.LEAD, Role.ADMIN)


@dataclass(frozen=True)
class Selector:
    scope: RecipientScope
    unit_id: int | None = None
    unit_kind: UnitKind | None = None
    within_id: int | None = None  # a KIND selector limited to this unit's subtree
    leads_only: bool = False
    act: bool = False


@dataclass(frozen=True)
class Recipient:
    member_id: int
    unit_id: int
    act: bool
    chat_id: int | None
    reachable: bool
    language: str | None


def _units(selector: Selector) -> ColumnElement[bool]:
    if selector.scope is RecipientScope.UNIT:
        return Membership.unit_id == selector.unit_id
    if selector.scope is RecipientScope.SUBTREE:
        below = select(UnitLink.descendant_id).where(UnitLink.ancestor_id == selector.unit_id)
        return Membership.unit_id.in_(below)
    of_kind = select(Unit.id).where(Unit.kind == selector.unit_kind)
    if selector.within_id is not None:
        below = select(UnitLink.descendant_id).where(UnitLink.ancestor_id == selector.within_id)
        of_kind = of_kind.where(Unit.id.in_(below))
    return Membership.unit_id.in_(of_kind)


def _condition(selector: Selector) -> ColumnElement[bool]:
    condition = _units(selector)
    if selector.leads_only:
        condition = and_(condition, Membership.role.in_(LEAD_ROLES))
    return condition


def _picked(selectors: Sequence[Selector]) -> ColumnElement[bool]:
    return or_(*[_condition(s) for s in selectors]) if selectors else false()


async def count_recipients(
    session: AsyncSession, selectors: Sequence[Selector], exclude_member: int | None = None
) -> tuple[int, int]:
    """(members picked, of whom the bot can reach on Telegram)."""
    picked = (
        select(Membership.member_id)
        .where(_picked(selectors))
        .where(Membership.member_id != (exclude_member or 0))
        .distinct()
        .subquery()
    )
    reachable = and_(Member.chat_id.is_not(None), Member.reachable.is_(True))
    query = select(func.count(), func.count(case((reachable, 1)))).select_from(
        picked.join(Member, Member.id == picked.c.member_id)
    )
    total, reached = (await session.execute(query)).one()
    return int(total), int(reached)


async def stream_recipients(
    session: AsyncSession,
    selectors: Sequence[Selector],
    *,
    exclude_member: int | None = None,
    batch: int = 2000,
) -> AsyncIterator[list[Recipient]]:
    """The picked members in batches, by member id."""
    acts = [_condition(s) for s in selectors if s.act]
    act_flag = case((or_(*acts), 1), else_=0) if acts else case((false(), 1), else_=0)
    grouped = (
        select(
            Membership.member_id.label("member_id"),
            func.min(Membership.unit_id).label("unit_id"),
            func.max(act_flag).label("act"),
        )
        .where(_picked(selectors))
        .where(Membership.member_id != (exclude_member or 0))
        .group_by(Membership.member_id)
        .subquery()
    )
    query = (
        select(
            grouped.c.member_id,
            grouped.c.unit_id,
            grouped.c.act,
            Member.chat_id,
            Member.reachable,
            Member.language,
        )
        .join(Member, Member.id == grouped.c.member_id)
        .order_by(grouped.c.member_id)
        .limit(batch)
    )
    last = 0
    while True:
        rows = (await session.execute(query.where(grouped.c.member_id > last))).all()
        if rows:
            yield [Recipient(r[0], r[1], bool(r[2]), r[3], bool(r[4]), r[5]) for r in rows]
        if len(rows) < batch:
            return
        last = rows[-1][0]


async def lead_chats(session: AsyncSession, unit_ids: Sequence[int]) -> list[Recipient]:
    """Leads (and admins) of exactly these units."""
    query = (
        select(Member.id, Membership.unit_id, Member.chat_id, Member.reachable, Member.language)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.unit_id.in_(list(unit_ids)), Membership.role.in_(LEAD_ROLES))
        .order_by(Member.id)
    )
    seen: dict[int, Recipient] = {}
    for member_id, unit_id, chat_id, reachable, language in await session.execute(query):
        seen.setdefault(
            member_id, Recipient(member_id, unit_id, False, chat_id, bool(reachable), language)
        )
    return list(seen.values())


async def units_without_telegram(
    session: AsyncSession, selectors: Sequence[Selector], limit: int = 50
) -> list[str]:
    """Names of the units picked where nobody picked can be reached on Telegram.

    A unit named on its own that has no members at all counts too: it would be reached by
    nobody. These units must get the document on paper.
    """
    reachable = and_(Member.chat_id.is_not(None), Member.reachable.is_(True))
    with_members = (
        select(Membership.unit_id)
        .join(Member, Member.id == Membership.member_id)
        .where(_picked(selectors))
        .group_by(Membership.unit_id)
        .having(func.max(case((reachable, 1), else_=0)) == 0)
    )
    ids = {unit_id for (unit_id,) in await session.execute(with_members)}
    named = [s.unit_id for s in selectors if s.scope is RecipientScope.UNIT and s.unit_id]
    if named:
        staffed = select(Membership.unit_id).where(Membership.unit_id.in_(named)).distinct()
        ids |= set(named) - {unit_id for (unit_id,) in await session.execute(staffed)}
    if not ids:
        return []
    query = select(Unit.name).where(Unit.id.in_(ids)).order_by(Unit.name).limit(limit)
    return list((await session.execute(query)).scalars())
