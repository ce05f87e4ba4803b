"""Putting messages into the durable outbox; the sender takes them out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery, DeliveryState, Priority


def message_row(
    chat_id: int,
    text: str,
    *,
    member_id: int | None = None,
    priority: Priority = Priority.BULK,
    reply_markup: dict[str, Any] | None = None,
    document: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
    topic: str | None = None,
    not_before: datetime | None = None,
) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "chat_id": chat_id,
        "member_id": member_id,
        "priority": int(priority),
        "state": DeliveryState.PENDING,
        "text": text,
        "reply_markup": json.dumps(reply_markup, ensure_ascii=False) if reply_markup else None,
        "document": json.dumps(document, ensure_ascii=False) if document else None,
        "dedupe_key": dedupe_key,
        "topic": topic,
        "attempts": 0,
        "next_attempt_at": not_before or now,
        "created_at": now,
    }


async def enqueue(session: AsyncSession, chat_id: int, text: str, **options: Any) -> bool:
    """Queue one message; False if a message with the same `dedupe_key` was queued before.

    Options: member_id, priority, reply_markup (a dict as Telegram takes it), document,
    dedupe_key (at most once per key, ever), topic (what it is about, for progress and
    cancelling), not_before (hold until then).
    """
    return await enqueue_many(session, [message_row(chat_id, text, **options)]) == 1


async def enqueue_many(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    """Queue many prepared rows (see `message_row`) in batches; returns how many were new."""
    if not rows:
        return 0
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    builder = pg_insert if dialect == "postgresql" else sqlite_insert
    added = 0
    for start in range(0, len(rows), 2000):
        batch = list(rows[start : start + 2000])
        if all(row["dedupe_key"] is None for row in batch):
            await session.execute(insert(Delivery), batch)
            added += len(batch)
            continue
        statement = builder(Delivery).on_conflict_do_nothing(index_elements=["dedupe_key"])
        result = await session.execute(statement.returning(Delivery.id), batch)
        added += len(result.all())
    return added
