"""What part of the tree a dashboard viewer may see: all of it (admin), the subtrees of
the units they lead (lead), or nothing (a member, a stranger).

Every query of `bot.web.data` takes a `Scope` and filters by it in SQL, so a row outside
it is never read, not merely hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, false, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.people.access import Principal
from storage.models import Role, UnitLink
from storage.people.units import is_within


@dataclass(frozen=True)
class Scope:
    """`everything` for an admin; otherwise the units whose subtrees the viewer leads."""

    everything: bool
    roots: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.everything and not self.roots


NOTHING = Scope(everything=False)


def scope_of(principal: Principal | None) -> Scope:
    """The scope of a member as the chat grants it (bot/people/access.py)."""
    if principal is None:
        return NOTHING
    if principal.has_role(Role.ADMIN):
        return Scope(everything=True)
    return Scope(everything=False, roots=tuple(principal.units_with_role(Role.LEAD)))


def units_within(scope: Scope) -> Select[int]:
    """The ids of every unit in a (non-admin) scope, as a subquery."""
    return select(UnitLink.descendant_id).where(UnitLink.ancestor_id.in_(list(scope.roots)))


def unit_filter(scope: Scope, column: Any) -> ColumnElement[bool]:
    """A WHERE condition keeping rows whose unit column lies in the scope."""
    if scope.everything:
        return true()
    if scope.empty:
        return false()
    condition: ColumnElement[bool] = column.in_(units_within(scope))
    return condition


async def sees_unit(session: AsyncSession, scope: Scope, unit_id: int) -> bool:
    if scope.everything:
        return True
    return await is_within(session, unit_id, scope.roots)


def top_units(scope: Scope, root_id: int | None) -> Sequence[int]:
    """Where a tree view begins: the association's root for an admin, else the led units."""
    if scope.everything:
        return [root_id] if root_id is not None else []
    return list(scope.roots)
