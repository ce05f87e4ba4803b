"""Who is talking, and what their roles let them do, within which units."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.errors import NotAllowed
from bot.conversation.waiting import Waiting
from bot.text.i18n import N_
from storage.models import Role
from storage.people.members import MemberInfo, MemberRow, get_member_with_roles
from storage.people.units import is_within

_RANK = {Role.MEMBER: 0, Role.LEAD: 1, Role.ADMIN: 2}


@dataclass(frozen=True)
class Post:
    """One role of a member in one unit."""

    unit_id: int
    unit_code: str
    unit_name: str
    role: Role


@dataclass(frozen=True)
class Principal:
    """A bound member as seen by the handlers: identity, language and roles."""

    member: MemberInfo
    posts: tuple[Post, ...]
    # What the bot waits for from them, as the update began (None: nothing).
    waiting: Waiting | None = None

    @property
    def top_role(self) -> Role:
        return max((p.role for p in self.posts), key=_RANK.__getitem__, default=Role.MEMBER)

    def has_role(self, role: Role) -> bool:
        return _RANK[self.top_role] >= _RANK[role]

    def units_with_role(self, role: Role) -> list[int]:
        """Units where the member holds `role` or a higher one."""
        return [p.unit_id for p in self.posts if _RANK[p.role] >= _RANK[role]]


async def load_principal(session: AsyncSession, telegram_user_id: int) -> Principal | None:
    """The member behind a Telegram user, with their roles, in one query."""
    return principal_from_rows(await get_member_with_roles(session, telegram_user_id))


def principal_from_rows(rows: Sequence[MemberRow]) -> Principal | None:
    """A principal from the rows of `get_member_with_roles` (None: nobody)."""
    if not rows:
        return None
    posts = tuple(
        Post(unit_id, code, name, role)
        for _m, unit_id, code, name, role, *_wait in rows
        if unit_id is not None and code is not None and name is not None and role is not None
    )
    member, *_post, feature, step, draft_id, stale_at = rows[0]
    waiting = None
    if feature is not None and step is not None and stale_at is not None:
        waiting = Waiting(member.id, feature, step, draft_id, stale_at)
    return Principal(member, posts, waiting)


def require_role(principal: Principal | None, role: Role) -> Principal:
    if principal is None or not principal.has_role(role):
        raise NotAllowed(N_("Sorry, this command is for a chapter lead or the central office."))
    return principal


async def require_scope(
    session: AsyncSession, principal: Principal | None, unit_id: int, role: Role = Role.LEAD
) -> Principal:
    """A lead acts on their units and what lies beneath them, and nothing else."""
    principal = require_role(principal, role)
    if not await is_within(session, unit_id, principal.units_with_role(role)):
        raise NotAllowed(N_("Sorry, that unit is outside the units you look after."))
    return principal
