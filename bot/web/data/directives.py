"""Page 3 (Văn bản): each directive with delivered / confirmed / carried out by unit, the
units it named that nobody on Telegram could get, and who was chased and when.

Counts come from bot/directives/tracking.py, limited to the viewer's subtrees; the list
is searched like `/chidao tìm` (folded words, so "ke hoach" finds "Kế hoạch").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, exists, func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from bot.directives.drafting import search_words
from bot.directives.tracking import Counts, PersonLine, UnitLine, people, totals, unit_lines
from bot.web.data.scope import Scope, sees_unit, unit_filter
from storage.models import (
    Directive,
    DirectiveChase,
    DirectiveReceipt,
    DirectiveRule,
    DirectiveState,
    RecipientScope,
    Unit,
    UnitLink,
)
from storage.people.units import get_root


@dataclass(frozen=True)
class DirectiveRow:
    id: int
    number: str | None
    title: str | None
    kind: str | None
    published_at: datetime | None
    counts: Counts  # within the viewer's scope


@dataclass(frozen=True)
class ChaseLine:
    unit_id: int
    unit_name: str
    chased_at: datetime
    escalated_at: datetime | None


def _visible(scope: Scope) -> ColumnElement[bool]:
    """Published, and (for a lead) sent to someone in their subtrees."""
    published = Directive.state == DirectiveState.PUBLISHED
    if scope.everything:
        return published
    mine = exists().where(
        DirectiveReceipt.directive_id == Directive.id,
        unit_filter(scope, DirectiveReceipt.unit_id),
    )
    return and_(published, mine)


def _within(scope: Scope) -> list[int] | None:
    return None if scope.everything else list(scope.roots)


async def list_directives(
    session: AsyncSession, scope: Scope, search: str, offset: int, limit: int
) -> tuple[list[DirectiveRow], int]:
    """A page of the directives the viewer may see, newest first, and how many match."""
    if scope.empty:
        return [], 0
    condition = _visible(scope)
    for word in search_words(search):
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        condition = and_(condition, Directive.search_text.like(f"% {escaped}%", escape="\\"))
    total = (await session.execute(select(func.count()).where(condition))).scalar_one()
    query = (
        select(Directive)
        .where(condition)
        .order_by(Directive.published_at.desc(), Directive.id.desc())
        .offset(offset)
        .limit(limit)
    )
    rows = []
    for directive in (await session.execute(query)).scalars():
        counts = await totals(session, directive.id, _within(scope))
        rows.append(
            DirectiveRow(
                directive.id,
                directive.number,
                directive.title,
                directive.kind,
                directive.published_at,
                counts,
            )
        )
    return rows, int(total)


async def get_visible_directive(
    session: AsyncSession, scope: Scope, directive_id: int
) -> Directive | None:
    """The directive, if the viewer may see it; None for another province's."""
    if scope.empty:
        return None
    query = select(Directive).where(Directive.id == directive_id, _visible(scope))
    return (await session.execute(query)).scalar_one_or_none()


async def directive_totals(session: AsyncSession, scope: Scope, directive_id: int) -> Counts:
    return await totals(session, directive_id, _within(scope))


async def unit_breakdown(
    session: AsyncSession, scope: Scope, directive_id: int, parent_id: int | None
) -> list[UnitLine] | None:
    """One line per unit under `parent_id` (default: where the viewer's view begins);
    None when that unit lies outside the scope."""
    if parent_id is not None:
        if not await sees_unit(session, scope, parent_id):
            return None
        return await unit_lines(session, directive_id, parent_id)
    if scope.everything:
        root = await get_root(session)
        return await unit_lines(session, directive_id, root.id) if root else []
    lines = []
    for unit_id in scope.roots:
        unit = await session.get(Unit, unit_id)
        counts = await totals(session, directive_id, [unit_id])
        if unit is not None and counts.recipients:
            lines.append(UnitLine(unit.id, unit.name, counts, has_more=True))
    return lines


async def unit_people(
    session: AsyncSession, scope: Scope, directive_id: int, unit_id: int, offset: int, limit: int
) -> tuple[list[PersonLine], int] | None:
    """The recipients in exactly this unit, those who have not confirmed first; None when
    the unit lies outside the scope."""
    if not await sees_unit(session, scope, unit_id):
        return None
    return await people(session, directive_id, unit_id, offset, limit)


def _named_units(directive_id: int) -> Select[int]:
    """The ids of every unit the directive's rules name."""
    rules = select(DirectiveRule).where(DirectiveRule.directive_id == directive_id).subquery()
    one = select(rules.c.unit_id.label("unit_id")).where(rules.c.scope == RecipientScope.UNIT)
    below = (
        select(UnitLink.descendant_id.label("unit_id"))
        .join(rules, rules.c.unit_id == UnitLink.ancestor_id)
        .where(rules.c.scope == RecipientScope.SUBTREE)
    )
    of_kind = (
        select(Unit.id.label("unit_id"))
        .join(rules, rules.c.unit_kind == Unit.kind)
        .where(rules.c.scope == RecipientScope.KIND)
    )
    named = union(one, below, of_kind).subquery()
    return select(named.c.unit_id)


async def unreached_units(
    session: AsyncSession, scope: Scope, directive_id: int, limit: int = 200
) -> tuple[list[tuple[int, str]], int]:
    """Units the directive names where nobody got it on Telegram (no member bound, or none
    picked at all): (id, name) by name, at most `limit`, and how many there are."""
    reached = exists().where(
        DirectiveReceipt.directive_id == directive_id,
        DirectiveReceipt.unit_id == Unit.id,
        DirectiveReceipt.delivery_key.is_not(None),
    )
    condition = and_(Unit.id.in_(_named_units(directive_id)), ~reached, unit_filter(scope, Unit.id))
    total = (await session.execute(select(func.count()).where(condition))).scalar_one()
    query = select(Unit.id, Unit.name).where(condition).order_by(Unit.name, Unit.id).limit(limit)
    rows = [(int(unit_id), name) for unit_id, name in await session.execute(query)]
    return rows, int(total)


async def chases(session: AsyncSession, scope: Scope, directive_id: int) -> list[ChaseLine]:
    """The units reminded by bot/directives/chasing.py, and when their parents were told."""
    query = (
        select(Unit.id, Unit.name, DirectiveChase.chased_at, DirectiveChase.escalated_at)
        .join(Unit, Unit.id == DirectiveChase.unit_id)
        .where(DirectiveChase.directive_id == directive_id)
        .where(unit_filter(scope, DirectiveChase.unit_id))
        .order_by(DirectiveChase.chased_at.desc(), Unit.name)
        .limit(500)
    )
    return [ChaseLine(int(u), name, at, up) for u, name, at, up in await session.execute(query)]
