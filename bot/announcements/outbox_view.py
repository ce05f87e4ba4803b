"""An announcement's rows in the outbox: counted by state, stopped, resent.

Stand-in with the delivery engine's signatures (progress, cancel, resend_failed) until
that engine lands in bot.delivery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery, DeliveryState

DEFAULT_RATE = 30.0


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    pending: int
    failed: int
    eta_seconds: float | None
    cancelled: int = 0

    @property
    def done(self) -> bool:
        return self.pending == 0


async def progress(session: AsyncSession, topic: str) -> Progress:
    query = (
        select(Delivery.state, func.count()).where(Delivery.topic == topic).group_by(Delivery.state)
    )
    counts = {DeliveryState(state): n for state, n in (await session.execute(query)).all()}
    pending = counts.get(DeliveryState.PENDING, 0) + counts.get(DeliveryState.SENDING, 0)
    return Progress(
        total=sum(counts.values()),
        sent=counts.get(DeliveryState.SENT, 0),
        pending=pending,
        failed=counts.get(DeliveryState.FAILED, 0),
        eta_seconds=pending / DEFAULT_RATE if pending else None,
        cancelled=counts.get(DeliveryState.CANCELLED, 0),
    )


async def _move(session: AsyncSession, topic: str, old: DeliveryState, **values: Any) -> int:
    result = await session.execute(
        update(Delivery)
        .where(Delivery.topic == topic, Delivery.state == old)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def cancel(session: AsyncSession, topic: str) -> int:
    return await _move(session, topic, DeliveryState.PENDING, state=DeliveryState.CANCELLED)


async def resend_failed(session: AsyncSession, topic: str) -> int:
    return await _move(
        session,
        topic,
        DeliveryState.FAILED,
        state=DeliveryState.PENDING,
        attempts=0,
        error=None,
        next_attempt_at=datetime.now(UTC),
    )
