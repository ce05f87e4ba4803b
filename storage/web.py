"""Queries of the dashboard: one-time login links (no commits here)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Member, WebLoginLink


async def add_login_link(
    session: AsyncSession, digest: str, member_id: int, expires_at: datetime
) -> None:
    session.add(WebLoginLink(digest=digest, member_id=member_id, expires_at=expires_at))
    await session.flush()


async def use_login_link(session: AsyncSession, digest: str, now: datetime) -> int | None:
    """Mark the link used and return its member, in one statement: of two clicks racing,
    one wins. An expired, used or unknown link returns None."""
    result = await session.execute(
        update(WebLoginLink)
        .where(
            WebLoginLink.digest == digest,
            WebLoginLink.used_at.is_(None),
            WebLoginLink.expires_at > now,
        )
        .values(used_at=now)
        .returning(WebLoginLink.member_id)
    )
    return result.scalar_one_or_none()


async def forget_old_links(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(WebLoginLink).where(WebLoginLink.expires_at < before))


async def get_member(session: AsyncSession, member_id: int) -> Member | None:
    return await session.get(Member, member_id)
