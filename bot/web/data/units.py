"""Page 5 (Đơn vị và hội viên): per unit, how many of its registered members joined
Telegram, its open invites and its leads; the coverage of the viewer's part of the tree
as one number, and a map of its upper levels.

A unit's figures count everything beneath it (through the closure table `unit_links`),
each member once even when they belong to several units of the subtree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.web.data.scope import Scope, sees_unit, top_units, unit_filter
from storage.models import Invite, Member, Membership, Unit, UnitKind, UnitLink
from storage.people.audience import LEAD_ROLES
from storage.people.units import get_root


@dataclass(frozen=True)
class Coverage:
    registered: int = 0
    joined: int = 0  # bound to a Telegram account

    @property
    def percent(self) -> int:
        return round(100 * self.joined / self.registered) if self.registered else 0


@dataclass(frozen=True)
class UnitStats:
    unit_id: int
    code: str
    name: str
    kind: UnitKind
    coverage: Coverage  # the unit and everything beneath it
    open_invites: int
    has_children: bool
    leads: list[str] = field(default_factory=list)  # leads of exactly this unit
    level: int = 0  # depth below where the view begins (the map)


async def coverage(session: AsyncSession, scope: Scope) -> Coverage:
    """Members of the units in scope, and how many of them are on Telegram."""
    if scope.empty:
        return Coverage()
    joined = case((Member.telegram_user_id.is_not(None), Member.id))
    query = (
        select(func.count(func.distinct(Member.id)), func.count(func.distinct(joined)))
        .select_from(Membership)
        .join(Member, Member.id == Membership.member_id)
        .where(unit_filter(scope, Membership.unit_id))
    )
    registered, bound = (await session.execute(query)).one()
    return Coverage(int(registered), int(bound))


async def _stats(session: AsyncSession, units: Sequence[Unit], now: datetime) -> list[UnitStats]:
    ids = [unit.id for unit in units]
    if not ids:
        return []
    joined = case((Member.telegram_user_id.is_not(None), Member.id))
    members = (
        select(
            UnitLink.ancestor_id,
            func.count(func.distinct(Member.id)),
            func.count(func.distinct(joined)),
        )
        .join(Membership, Membership.unit_id == UnitLink.descendant_id)
        .join(Member, Member.id == Membership.member_id)
        .where(UnitLink.ancestor_id.in_(ids))
        .group_by(UnitLink.ancestor_id)
    )
    cover = {int(unit): Coverage(int(r), int(j)) for unit, r, j in await session.execute(members)}
    invites = (
        select(UnitLink.ancestor_id, func.count())
        .join(Invite, Invite.unit_id == UnitLink.descendant_id)
        .where(UnitLink.ancestor_id.in_(ids), Invite.uses < Invite.max_uses)
        .where(or_(Invite.expires_at.is_(None), Invite.expires_at > now))
        .group_by(UnitLink.ancestor_id)
    )
    open_invites = {int(unit): int(n) for unit, n in await session.execute(invites)}
    children = (
        select(UnitLink.ancestor_id, func.count())
        .where(UnitLink.ancestor_id.in_(ids), UnitLink.depth == 1)
        .group_by(UnitLink.ancestor_id)
    )
    with_children = {int(unit) for unit, n in await session.execute(children) if n}
    lead_query = (
        select(Membership.unit_id, Member.name)
        .join(Member, Member.id == Membership.member_id)
        .where(Membership.unit_id.in_(ids), Membership.role.in_(LEAD_ROLES))
        .order_by(Member.name)
    )
    leads: dict[int, list[str]] = {}
    for unit_id, name in await session.execute(lead_query):
        leads.setdefault(int(unit_id), []).append(name)
    return [
        UnitStats(
            unit.id,
            unit.code,
            unit.name,
            unit.kind,
            cover.get(unit.id, Coverage()),
            open_invites.get(unit.id, 0),
            unit.id in with_children,
            leads.get(unit.id, []),
        )
        for unit in units
    ]


async def _starts(session: AsyncSession, scope: Scope) -> list[Unit]:
    root = await get_root(session) if scope.everything else None
    ids = top_units(scope, root.id if root else None)
    found = (await session.execute(select(Unit).where(Unit.id.in_(ids)))).scalars().all()
    return sorted(found, key=lambda unit: unit.name)


async def unit_view(
    session: AsyncSession, scope: Scope, unit_id: int | None, now: datetime
) -> tuple[list[UnitStats], list[UnitStats]] | None:
    """(the unit itself, or the viewer's top units; its children), each with its figures.
    None when the unit lies outside the scope."""
    if scope.empty:
        return None
    if unit_id is None:
        heads = await _starts(session, scope)
    else:
        if not await sees_unit(session, scope, unit_id):
            return None
        unit = await session.get(Unit, unit_id)
        heads = [unit] if unit is not None else []
    below = (
        select(Unit)
        .join(UnitLink, UnitLink.descendant_id == Unit.id)
        .where(UnitLink.ancestor_id.in_([h.id for h in heads]), UnitLink.depth == 1)
        .order_by(Unit.name, Unit.id)
    )
    children = list((await session.execute(below)).scalars().unique())
    return await _stats(session, heads, now), await _stats(session, children, now)


async def tree_map(
    session: AsyncSession, scope: Scope, now: datetime, depth: int = 2
) -> list[UnitStats]:
    """The viewer's top units and `depth` levels beneath them, in tree order (a unit with
    two parents appears under each)."""
    if scope.empty:
        return []
    nodes: list[UnitStats] = []
    for head in await _starts(session, scope):
        query = (
            select(Unit, UnitLink.depth)
            .join(UnitLink, UnitLink.descendant_id == Unit.id)
            .where(UnitLink.ancestor_id == head.id, UnitLink.depth <= depth)
            .where(unit_filter(scope, Unit.id))
        )
        rows = (await session.execute(query)).all()
        units = {unit.id: unit for unit, _depth in rows}
        stats = {s.unit_id: s for s in await _stats(session, list(units.values()), now)}
        children = await _children(session, list(units))
        nodes.extend(_walk(head.id, stats, children, 0, depth))
    return nodes


async def _children(session: AsyncSession, ids: list[int]) -> dict[int, list[int]]:
    """Children of each unit among `ids`, by name."""
    query = (
        select(UnitLink.ancestor_id, UnitLink.descendant_id)
        .join(Unit, Unit.id == UnitLink.descendant_id)
        .where(and_(UnitLink.ancestor_id.in_(ids), UnitLink.descendant_id.in_(ids)))
        .where(UnitLink.depth == 1)
        .order_by(Unit.name, Unit.id)
    )
    children: dict[int, list[int]] = {}
    for parent, child in await session.execute(query):
        children.setdefault(int(parent), []).append(int(child))
    return children


def _walk(
    unit_id: int,
    stats: dict[int, UnitStats],
    children: dict[int, list[int]],
    level: int,
    depth: int,
) -> list[UnitStats]:
    out = [replace(stats[unit_id], level=level)]
    if level < depth:
        for child in children.get(unit_id, []):
            out.extend(_walk(child, stats, children, level + 1, depth))
    return out
