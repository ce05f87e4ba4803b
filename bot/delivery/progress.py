"""How a topic's delivery is going, and what its sender may do about it: cancel, resend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from storage.delivery import count_by_state, count_sent_since, first_sent_at, set_state_of_topic
from storage.models import DeliveryState

# The pace assumed before a topic has a pace of its own: Telegram's ordinary limit.
DEFAULT_RATE = 30.0
_WINDOW = timedelta(seconds=60)


@dataclass(frozen=True)
class Progress:
    """Counts of a topic's rows. `pending` includes rows in flight; `eta_seconds` is None
    when nothing is left (or nothing can be said)."""

    total: int
    sent: int
    pending: int
    failed: int
    eta_seconds: float | None
    cancelled: int = 0

    @property
    def done(self) -> bool:
        return self.pending == 0


async def progress(
    session: AsyncSession, topic: str, *, rate: float | None = None, now: datetime | None = None
) -> Progress:
    """Where a topic stands. The ETA uses the pace of its last minute of sending, else `rate`
    (default Telegram's 30 messages a second)."""
    counts = await count_by_state(session, topic)
    sent = counts.get(DeliveryState.SENT, 0)
    pending = counts.get(DeliveryState.PENDING, 0) + counts.get(DeliveryState.SENDING, 0)
    eta = None
    if pending:
        now = now or datetime.now(UTC)
        pace = await _recent_pace(session, topic, now) or rate or DEFAULT_RATE
        eta = pending / pace
    return Progress(
        total=sum(counts.values()),
        sent=sent,
        pending=pending,
        failed=counts.get(DeliveryState.FAILED, 0),
        eta_seconds=eta,
        cancelled=counts.get(DeliveryState.CANCELLED, 0),
    )


async def _recent_pace(session: AsyncSession, topic: str, now: datetime) -> float | None:
    since = now - _WINDOW
    recent = await count_sent_since(session, topic, since)
    if not recent:
        return None
    began = await first_sent_at(session, topic)
    span = (now - max(since, began or since)).total_seconds()
    return recent / max(span, 1.0)


async def cancel(session: AsyncSession, topic: str) -> int:
    """Cancel what of a topic has not gone yet; returns how many rows. Calls in flight finish."""
    return await set_state_of_topic(
        session, topic, DeliveryState.PENDING, DeliveryState.CANCELLED, claimed_at=None
    )


async def resend_failed(session: AsyncSession, topic: str) -> int:
    """Queue a topic's failed rows again, with fresh attempts; returns how many.

    Rows of members still unreachable fail again at once, without a call to Telegram.
    """
    return await set_state_of_topic(
        session,
        topic,
        DeliveryState.FAILED,
        DeliveryState.PENDING,
        attempts=0,
        error=None,
        next_attempt_at=datetime.now(UTC),
    )
