"""Updates fetched by long polling, kept until they are handled (bot/app/polling.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, exists, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import HandledUpdate, PolledUpdate


async def keep_polled(
    session: AsyncSession, bodies: Sequence[tuple[int, str]], now: datetime
) -> None:
    """Keep fetched updates (id, JSON body); one fetched again is kept once."""
    ids = [update_id for update_id, _body in bodies]
    known = set(
        (
            await session.scalars(
                select(PolledUpdate.update_id).where(PolledUpdate.update_id.in_(ids))
            )
        ).all()
    )
    rows = [
        {"update_id": update_id, "body": body, "at": now}
        for update_id, body in bodies
        if update_id not in known
    ]
    if rows:
        await session.execute(insert(PolledUpdate), rows)


async def list_unhandled(
    session: AsyncSession, after: int, limit: int, *, before: datetime | None = None
) -> list[tuple[int, str]]:
    """Kept updates not handled yet (kept before `before`, when given), oldest first, from
    the first id past `after`."""
    handled = exists().where(HandledUpdate.update_id == PolledUpdate.update_id)
    query = (
        select(PolledUpdate.update_id, PolledUpdate.body)
        .where(PolledUpdate.update_id > after, ~handled)
        .order_by(PolledUpdate.update_id)
        .limit(limit)
    )
    if before is not None:
        query = query.where(PolledUpdate.at < before)
    return [(row.update_id, row.body) for row in await session.execute(query)]


async def forget_polled_before(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(PolledUpdate).where(PolledUpdate.at < before))
