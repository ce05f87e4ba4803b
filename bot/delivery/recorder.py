"""What became of each row, written back in batches (with the interaction log) as calls end.

A row is marked `sending` before its call; its outcome is written here a few milliseconds
after the answer, many rows to a transaction, so the sender keeps pace with the paid lane.
A crash in between leaves the row `sending`: the next sender re-queues it (it may have
arrived, so at most those few rows can arrive twice).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.db import Database
from storage.delivery import OutboxItem, mark_unreachable, update_rows
from storage.interaction_log import add_interactions
from storage.models import DeliveryState

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Outcome:
    """The new state of one claimed row, and the log rows of the messages it put out."""

    item: OutboxItem
    state: DeliveryState
    attempts: int
    parts_sent: int
    at: datetime
    error: str | None = None
    next_attempt_at: datetime | None = None
    message_id: int | None = None
    chat_id: int | None = None
    unreachable: bool = False
    logs: list[dict[str, Any]] = field(default_factory=list)

    def change(self) -> dict[str, Any]:
        item = self.item
        common = {"id": item.id, "state": self.state, "attempts": self.attempts}
        common.update(parts_sent=self.parts_sent, claimed_at=None)
        if self.state == DeliveryState.SENT:
            return {**common, "sent_at": self.at, "telegram_message_id": self.message_id}
        return {
            **common,
            "error": self.error,
            "next_attempt_at": self.next_attempt_at or item.next_attempt_at,
            "chat_id": self.chat_id or item.chat_id,
        }


class Recorder:
    """Collects outcomes and writes them in the background: one transaction per batch."""

    def __init__(
        self, db: Database, *, batch: int = 250, delay: float = 0.02, lease: str | None = None
    ) -> None:
        self.db, self.lease = db, lease
        self.batch, self.delay = batch, delay
        self._outcomes: list[Outcome] = []
        self._wake = asyncio.Event()
        self._closing = False
        self._task: asyncio.Task[None] | None = None

    def add(self, outcome: Outcome) -> None:
        self._outcomes.append(outcome)
        if self._task is None or self._task.done():
            self._closing = False
            self._task = asyncio.create_task(self._run(), name="delivery-recorder")
        self._wake.set()

    async def close(self) -> None:
        """Write everything collected so far and stop the background writer."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await asyncio.shield(self._task)

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            if not self._closing and len(self._outcomes) < self.batch:
                await asyncio.sleep(self.delay)
            self._wake.clear()
            batch, self._outcomes = self._outcomes, []
            if batch:
                await self._write(batch)
            if self._closing and not self._outcomes:
                return

    async def _write(self, outcomes: list[Outcome]) -> None:
        sent = [o.change() for o in outcomes if o.state == DeliveryState.SENT]
        other = [o.change() for o in outcomes if o.state != DeliveryState.SENT]
        gone = [o.item.member_id for o in outcomes if o.unreachable and o.item.member_id]
        logs = [row for o in outcomes for row in o.logs]
        for attempt in range(1, 11):
            try:
                async with self.db.session() as session:
                    await update_rows(session, sent, self.lease)
                    await update_rows(session, other, self.lease)
                    await mark_unreachable(session, gone)
                    await add_interactions(session, logs)
                    await session.commit()
                return
            except Exception:
                # The rows stay `sending`; if this never succeeds a later sender re-queues them.
                log.exception(
                    "could not record %d delivery outcomes (try %d)", len(outcomes), attempt
                )
                await asyncio.sleep(min(2**attempt, 30))
