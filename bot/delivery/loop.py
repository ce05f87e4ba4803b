"""The sender loop: lead, re-queue what a dead sender left, drain while work is due.

On taking the lead a sender re-queues at once every row claimed under another lease (its
sender died or lost the lead); rows claimed without a lease wait for
HOIBOT_DELIVERY_STUCK_SECONDS. While a round runs, the lock is checked every second, and a
sender that lost it stops and gives back what it had not started.

`send_due` is the background job of every bot process (the one holding the lead sends);
`hoibot worker` runs `Sender.run_forever` alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Any
from weakref import WeakKeyDictionary

from bot.app.jobs import JobContext, PeriodicJob
from bot.app.metrics import LEADER, PACE, sent_so_far
from bot.delivery.leader import LeaderLock
from bot.delivery.pacer import Pacer
from bot.delivery.policy import DeliveryPolicy
from bot.delivery.sender import DrainResult, drain
from storage.db import Database
from storage.delivery import has_due, requeue_claims_of_others, requeue_stuck

log = logging.getLogger(__name__)


class Sender:
    """The sender of one process. Only the leading process's sender drains."""

    def __init__(
        self, db: Database, bot: Any, policy: DeliveryPolicy, pacer: Pacer | None = None
    ) -> None:
        self.db, self.bot, self.policy = db, bot, policy
        self.pacer = pacer or policy.pacer()
        self.lock = LeaderLock(db)
        self.leading_since: datetime | None = None
        self.lease: str | None = None  # the lease the rows claimed by this sender carry
        self.possibly_sent = 0  # rows re-queued after a sender died during their call
        self.totals = DrainResult()
        self._next_recovery = datetime.min.replace(tzinfo=UTC)

    async def lead(self) -> bool:
        leads = await self._hold()
        LEADER.set(1 if leads else 0)
        return leads

    async def _hold(self) -> bool:
        if await self.lock.hold():
            if self.lease != self.lock.lease:
                await self._take_over()
            return True
        self.leading_since = self.lease = None
        return False

    async def _take_over(self) -> None:
        """Lead under a new lease: first give every other lease's claims back to the queue."""
        lease = self.lock.lease
        assert lease is not None
        now = datetime.now(UTC)
        async with self.db.session() as session:
            count = await requeue_claims_of_others(session, lease, now)
            await session.commit()
        self.leading_since, self.lease = now, lease
        # The sender before may have sent a moment ago: let Telegram's one-second window
        # pass, so its last second and our first never add up past the limit.
        self.pacer.pause(1.0)
        log.info("this process now sends the outbox (lease %s)", lease)
        self._requeued(count)

    async def recover(self) -> int:
        """Re-queue rows claimed without a lease and left `sending`, once older than the
        timeout. Rows claimed since this process took the lead are its own and left alone.
        """
        now = datetime.now(UTC)
        if self.leading_since is None or now < self._next_recovery:
            return 0
        self._next_recovery = now + timedelta(seconds=max(1.0, self.policy.stuck_seconds / 4))
        cutoff = min(self.leading_since, now - timedelta(seconds=self.policy.stuck_seconds))
        async with self.db.session() as session:
            count = await requeue_stuck(session, cutoff, now)
            await session.commit()
        self._requeued(count)
        return count

    def _requeued(self, count: int) -> None:
        if count:
            self.possibly_sent += count
            log.warning(
                "re-queued %d deliveries left in flight by a stopped sender: possibly sent, "
                "they may arrive twice",
                count,
            )

    async def run_once(self, stop: asyncio.Event | None = None) -> DrainResult | None:
        """Drain while rows are due; None if another process holds the lead."""
        if not await self.lead():
            return None
        await self.recover()
        result = DrainResult()
        if not await self._anything_due():
            PACE.set(0)
            return result
        began = time.monotonic()
        while stop is None or not stop.is_set():
            paused = self.pacer.paused_for()
            if paused > 0:
                await _sleep(paused, stop)
                continue
            round_ = await self._round(stop)
            result.add(round_)
            if not round_.claimed or not await self.lead():
                break
            await self.recover()
        self.totals.add(result)
        PACE.set(result.sent / max(time.monotonic() - began, 1e-3))
        return result

    async def _round(self, stop: asyncio.Event | None) -> DrainResult:
        """One drain, stopped early when `stop` is set or the lead is lost."""
        halt = asyncio.Event()
        watch = asyncio.create_task(self._watch(stop, halt))
        try:
            return await drain(
                self.db, self.bot, policy=self.policy, pacer=self.pacer, stop=halt, lease=self.lease
            )
        finally:
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch

    async def _watch(self, stop: asyncio.Event | None, halt: asyncio.Event) -> None:
        """Every second: the pace of the last five seconds, and whether we still lead."""
        samples = deque([(time.monotonic(), sent_so_far())], maxlen=6)
        while not (stop is not None and stop.is_set()):
            await _sleep(1.0, stop)
            samples.append((time.monotonic(), sent_so_far()))
            (began, first), (now, last) = samples[0], samples[-1]
            PACE.set((last - first) / max(now - began, 1e-3))
            if not await self.lock.still_held():
                log.warning("this process lost the sender's lead; it stops sending")
                self.leading_since = self.lease = None
                LEADER.set(0)
                break
        halt.set()

    async def run_forever(self, stop: asyncio.Event, idle: float = 0.25) -> None:
        try:
            while not stop.is_set():
                try:
                    await self.run_once(stop)
                except Exception:
                    log.exception("the sender's round failed; trying again")
                    await _sleep(5.0, stop)
                await _sleep(idle, stop)
        finally:
            await self.close()

    async def close(self) -> None:
        await self.lock.release()
        self.leading_since = None
        LEADER.set(0)

    async def _anything_due(self) -> bool:
        """A read before the claim, so an idle sender never takes SQLite's write lock."""
        async with self.db.session() as session:
            return await has_due(session, datetime.now(UTC))


async def _sleep(seconds: float, stop: asyncio.Event | None) -> None:
    if stop is None:
        await asyncio.sleep(seconds)
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


_senders: WeakKeyDictionary[Database, Sender] = WeakKeyDictionary()


async def send_due(context: JobContext) -> None:
    """The background job: this process's sender drains, if it holds the lead."""
    sender = _senders.get(context.db)
    if sender is None or sender.bot is not context.bot:
        if sender is not None:
            await sender.close()
        policy = DeliveryPolicy.from_settings(context.settings)
        sender = _senders[context.db] = Sender(context.db, context.bot, policy)
    await sender.run_once(context.stop)


async def stop_sending(db: Database) -> None:
    """Give up the lead of this process's background sender, so another may take it now
    rather than when this process ends."""
    sender = _senders.pop(db, None)
    if sender is not None:
        await sender.close()


SEND_JOB = PeriodicJob("delivery", 0.25, send_due)
