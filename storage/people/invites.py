"""Invite codes. Redeeming is one conditional UPDATE, so two people cannot share a last use."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invite, Role


class InviteProblem(enum.Enum):
    UNKNOWN = "unknown"
    USED_UP = "used_up"
    EXPIRED = "expired"


async def create_invite(
    session: AsyncSession,
    unit_id: int,
    role: Role,
    *,
    uses: int,
    expires_in: timedelta | None,
    now: datetime,
    code: str | None = None,
) -> Invite:
    invite = Invite(
        code=code or secrets.token_urlsafe(9),
        unit_id=unit_id,
        role=role,
        max_uses=uses,
        uses=0,
        expires_at=now + expires_in if expires_in else None,
    )
    session.add(invite)
    await session.flush()
    return invite


async def redeem_invite(session: AsyncSession, code: str, now: datetime) -> Invite | InviteProblem:
    """Take one use of `code`, or say why it cannot be used."""
    usable = (
        update(Invite)
        .where(Invite.code == code, Invite.uses < Invite.max_uses)
        .where((Invite.expires_at.is_(None)) | (Invite.expires_at > now))
        .values(uses=Invite.uses + 1)
        .returning(Invite.id)
    )
    invite_id = (await session.execute(usable)).scalar_one_or_none()
    invite = (await session.execute(select(Invite).where(Invite.code == code))).scalar_one_or_none()
    if invite is None:
        return InviteProblem.UNKNOWN
    if invite_id is not None:
        return invite
    if invite.uses >= invite.max_uses:
        return InviteProblem.USED_UP
    return InviteProblem.EXPIRED
