"""What the bot waits for from each member (`waits`). Repositories never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Wait


async def wait_for(
    session: AsyncSession,
    member_id: int,
    feature: str,
    step: str,
    draft_id: int | None,
    *,
    now: datetime,
    stale_at: datetime,
) -> None:
    """The member's next message answers `feature`'s `step` about the draft `draft_id`;
    whatever the bot waited for from them before is forgotten."""
    await session.execute(delete(Wait).where(Wait.member_id == member_id))
    session.add(
        Wait(
            member_id=member_id,
            feature=feature,
            step=step,
            draft_id=draft_id,
            asked_at=now,
            stale_at=stale_at,
        )
    )
    await session.flush()


async def stop_waiting(session: AsyncSession, member_id: int, feature: str | None = None) -> None:
    """Stop waiting: for anything, or only when it is `feature` that waits."""
    query = delete(Wait).where(Wait.member_id == member_id)
    if feature is not None:
        query = query.where(Wait.feature == feature)
    await session.execute(query)


async def take_stale(session: AsyncSession, now: datetime, limit: int = 500) -> Sequence[Wait]:
    """Up to `limit` waits gone stale by `now`, removed in the same transaction (so two
    processes expiring at once do not both tell the member)."""
    query = (
        select(Wait).where(Wait.stale_at <= now).order_by(Wait.stale_at).limit(limit)
    ).with_for_update(skip_locked=True)
    waits = list((await session.execute(query)).scalars())
    for wait in waits:
        await session.delete(wait)
    await session.flush()
    return waits
