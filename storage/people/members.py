"""Queries over members and their roles. Repositories never commit: the caller does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from storage.models import Member, Membership, Role, Unit, Wait


@dataclass(frozen=True)
class MemberInfo:
    """A member as read when an update begins: who they are and how to answer them.

    Not an ORM entity (making one costs more than the update's own statements): changes
    go through `set_language` and `set_reachable`.
    """

    id: int
    name: str
    telegram_user_id: int | None
    chat_id: int | None
    language: str | None
    reachable: bool


_MEMBERS = cast(Table, Member.__table__)
_MEMBERSHIPS = cast(Table, Membership.__table__)
_UNITS = cast(Table, Unit.__table__)
_WAITS = cast(Table, Wait.__table__)

# Per role: the member, the role's unit and the role, and what the bot waits for from them;
# the last column orders the roles as they were given. Built once: it runs for every
# update, and building a statement costs more CPU than running it.
WHO_COLUMNS: list[ColumnElement[Any]] = [
    _MEMBERS.c.id,
    _MEMBERS.c.name,
    _MEMBERS.c.telegram_user_id,
    _MEMBERS.c.chat_id,
    _MEMBERS.c.language,
    _MEMBERS.c.reachable,
    _UNITS.c.id,
    _UNITS.c.code,
    _UNITS.c.name,
    _MEMBERSHIPS.c.role,
    _WAITS.c.feature,
    _WAITS.c.step,
    _WAITS.c.draft_id,
    _WAITS.c.stale_at,
    _MEMBERSHIPS.c.id,
]
_INFO = len(fields(MemberInfo))
WHO = (
    select(*(column.label(f"c{i}") for i, column in enumerate(WHO_COLUMNS)))
    .select_from(
        _MEMBERS.outerjoin(_MEMBERSHIPS, _MEMBERSHIPS.c.member_id == _MEMBERS.c.id)
        .outerjoin(_UNITS, _UNITS.c.id == _MEMBERSHIPS.c.unit_id)
        .outerjoin(_WAITS, _WAITS.c.member_id == _MEMBERS.c.id)
    )
    .where(
        _MEMBERS.c.telegram_user_id
        == bindparam("telegram_user_id", type_=_MEMBERS.c.telegram_user_id.type)
    )
    .order_by(_MEMBERSHIPS.c.id)
)

MemberRow = tuple[
    MemberInfo,
    int | None,
    str | None,
    str | None,
    Role | None,
    str | None,
    str | None,
    int | None,
    datetime | None,
]


def member_rows(rows: Sequence[Sequence[Any]]) -> list[MemberRow]:
    """The rows of `WHO` (values converted) as (member, unit id, code, name, role, feature,
    step, draft id, stale at)."""
    if not rows:
        return []
    member = MemberInfo(*rows[0][:_INFO])
    return [(member, *row[_INFO:-1]) for row in rows]


async def get_member_with_roles(session: AsyncSession, telegram_user_id: int) -> list[MemberRow]:
    """Per role: (member, unit id, unit code, unit name, role, and what the bot waits for:
    feature, step, draft id, stale at); one row with Nones if the member has no role."""
    result = await session.execute(WHO, {"telegram_user_id": telegram_user_id})
    return member_rows(result.all())


async def set_language(session: AsyncSession, member_id: int, language: str) -> None:
    await session.execute(update(Member).where(Member.id == member_id).values(language=language))


async def find_unbound_by_phone(session: AsyncSession, phone: str) -> Member | None:
    query = select(Member).where(Member.phone == phone, Member.telegram_user_id.is_(None))
    return (await session.execute(query.order_by(Member.id).limit(1))).scalar_one_or_none()


def bind_member(member: Member, telegram_user_id: int, chat_id: int, language: str | None) -> None:
    """Make `member` this Telegram user, reached in `chat_id`: their private chat with the bot,
    whose id on Telegram is their user id. Never a group's: their personal messages would be
    posted to everyone in it."""
    if chat_id != telegram_user_id:
        raise ValueError(f"a member is bound to their private chat, not to chat {chat_id}")
    member.telegram_user_id = telegram_user_id
    member.chat_id = chat_id
    member.reachable = True
    member.bound_at = datetime.now(UTC)
    if language and not member.language:
        member.language = language


async def add_role(session: AsyncSession, member: Member, unit_id: int, role: Role) -> Membership:
    """Give `member` a role in a unit, replacing the role they had there."""
    query = select(Membership).where(
        Membership.member_id == member.id, Membership.unit_id == unit_id
    )
    membership = (await session.execute(query)).scalar_one_or_none()
    if membership is None:
        membership = Membership(member_id=member.id, unit_id=unit_id, role=role)
        session.add(membership)
    else:
        membership.role = role
    await session.flush()
    return membership


async def set_reachable(session: AsyncSession, telegram_user_id: int, reachable: bool) -> None:
    await session.execute(
        update(Member)
        .where(Member.telegram_user_id == telegram_user_id, Member.reachable.is_not(reachable))
        .values(reachable=reachable)
    )


async def list_member_chats_with_role(session: AsyncSession, role: Role) -> Sequence[int]:
    """Chats of bound members holding `role` somewhere (for per-chat command menus)."""
    query = (
        select(Member.chat_id)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.role == role, Member.chat_id.is_not(None))
        .distinct()
    )
    return [chat for chat in (await session.execute(query)).scalars() if chat is not None]
