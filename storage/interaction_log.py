"""The interaction log: every update received and every message sent."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import HandledUpdate, Interaction, Member, Membership

# The Core table, not the ORM entity: ORM bulk inserts split these rows into several
# statements, the table takes them in one.
LOG_TABLE = cast(Table, Interaction.__table__)
# The columns an insert gives (all but the id), in the table's order.
LOG_COLUMNS = [c.name for c in LOG_TABLE.columns if c.name != "id"]
INSERT_LOG = insert(LOG_TABLE)


def full_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every row gets every column, so the rows go in one batch."""
    return [{column: row.get(column) for column in LOG_COLUMNS} for row in rows]


async def add_interactions(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Insert log rows in one statement."""
    if rows:
        # On the session's connection, not through the ORM: these are plain rows, and
        # the ORM's execution path costs more CPU than the insert itself.
        await (await session.connection()).execute(INSERT_LOG, full_rows(rows))


_HANDLED = cast(Table, HandledUpdate.__table__)
_CLAIMED = {
    "update_id": bindparam("update_id", type_=_HANDLED.c.update_id.type),
    "at": bindparam("at", type_=_HANDLED.c.at.type),
}


def _claim(insert_into: Any) -> Any:
    """Insert the id unless it is there, and say whether (a row: claimed)."""
    return (
        insert_into(_HANDLED)
        .values(_CLAIMED)
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(_HANDLED.c.update_id)
    )


# Built once: they run for every update (storage/updates.py), and here for a failed one.
CLAIM = {"postgresql": _claim(postgresql.insert), "sqlite": _claim(sqlite.insert)}


async def claim_update(session: AsyncSession, update_id: int, now: datetime) -> bool:
    """Record that this update is being handled; False when it was handled before.

    In the update's own transaction: if the handling rolls back, so does the claim, and a
    second process given the same update waits on the first one's row and then yields.
    """
    connection = await session.connection()
    result = await connection.execute(
        CLAIM[connection.dialect.name], {"update_id": update_id, "at": now}
    )
    return result.first() is not None


async def forget_handled_before(session: AsyncSession, before: datetime) -> None:
    """Telegram gives up redelivering after a day; older ids need not be kept."""
    await session.execute(delete(HandledUpdate).where(HandledUpdate.at < before))


async def stream_interactions(
    session: AsyncSession,
    *,
    member_id: int | None = None,
    unit_ids: Sequence[int] | None = None,
    since: datetime | None = None,
    batch: int = 1000,
) -> AsyncIterator[Interaction]:
    """Interactions oldest first, read in batches so an export never loads the whole log."""
    query = select(Interaction).order_by(Interaction.id)
    if member_id is not None:
        query = query.where(Interaction.member_id == member_id)
    if unit_ids is not None:
        query = query.where(Interaction.unit_id.in_(unit_ids))
    if since is not None:
        query = query.where(Interaction.at >= since)
    last_id = 0
    while True:
        rows = (
            (await session.execute(query.where(Interaction.id > last_id).limit(batch)))
            .scalars()
            .all()
        )
        for row in rows:
            yield row
        if len(rows) < batch:
            return
        last_id = rows[-1].id


async def get_member_for_chat(session: AsyncSession, chat_id: int) -> tuple[int, int | None] | None:
    """(member id, first unit id) of whoever owns a private chat.

    Used for messages sent outside an update, where no scope knows the member. A private
    chat's id is its user's id, so the unique index on telegram_user_id finds them.
    """
    member_id = (
        await session.execute(select(Member.id).where(Member.telegram_user_id == chat_id))
    ).scalar_one_or_none()
    if member_id is None:
        return None
    unit_id = (
        await session.execute(
            select(Membership.unit_id)
            .where(Membership.member_id == member_id)
            .order_by(Membership.id)
            .limit(1)
        )
    ).scalar_one_or_none()
    return member_id, unit_id
