"""Updates fetched by long polling, kept until they are handled (bot/app/polling.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete, exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import HandledUpdate, PolledUpdate

_POLLED = cast(Table, PolledUpdate.__table__)
# Built once (one runs for every fetched batch); an update fetched again is kept once.
_KEEP = {
    "postgresql": postgresql.insert(_POLLED).on_conflict_do_nothing(index_elements=["update_id"]),
    "sqlite": sqlite.insert(_POLLED).on_conflict_do_nothing(index_elements=["update_id"]),
}


async def keep_polled(
    session: AsyncSession, bodies: Sequence[tuple[int, str]], now: datetime
) -> None:
    """Keep fetched updates, given as (update id, JSON body)."""
    connection = await session.connection()
    rows = [{"update_id": update_id, "body": body, "at": now} for update_id, body in bodies]
    await connection.execute(_KEEP[connection.dialect.name], rows)


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
