"""Queries over members and their roles. Repositories never commit: the caller does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Member, Membership, Role, Unit, Wait

# Built once: it runs for every update, and building a statement costs more CPU than
# running it. What the bot waits for from the member comes in the same query.
MEMBER_WITH_ROLES = (
    select(
        Member,
        Unit.id,
        Unit.code,
        Unit.name,
        Membership.role,
        Wait.feature,
        Wait.step,
        Wait.draft_id,
        Wait.stale_at,
    )
    .outerjoin(Membership, Membership.member_id == Member.id)
    .outerjoin(Unit, Unit.id == Membership.unit_id)
    .outerjoin(Wait, Wait.member_id == Member.id)
    .where(Member.telegram_user_id == bindparam("telegram_user_id"))
    .order_by(Membership.id)
)

MemberRow = tuple[
    Member,
    int | None,
    str | None,
    str | None,
    Role | None,
    str | None,
    str | None,
    int | None,
    datetime | None,
]


async def get_member_with_roles(session: AsyncSession, telegram_user_id: int) -> list[MemberRow]:
    """Per role: (member, unit id, unit code, unit name, role, and what the bot waits for:
    feature, step, draft id, stale at); one row with Nones if the member has no role."""
    result = await session.execute(MEMBER_WITH_ROLES, {"telegram_user_id": telegram_user_id})
    return [tuple(row) for row in result.all()]  # type: ignore[misc]


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
