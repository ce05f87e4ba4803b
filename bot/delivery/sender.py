"""The sender: claims due rows of the outbox and sends them through the Bot API, paced.

`drain` does one round per lane: claim about two seconds of the lane's pace, send in
priority order, claim the next batch while the last is still going, and record what became
of each row. Each chat's rows go in order, one call at a time; different chats go
concurrently, as fast as the pacer allows.
"""

from __future__ import annotations

import asyncio
import functools
import heapq
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.delivery.attempt import Attempts, again, failed
from bot.delivery.calls import Calls
from bot.delivery.pacer import Pacer, Ticket
from bot.delivery.policy import DeliveryPolicy
from bot.delivery.recorder import Outcome, Recorder
from storage.db import Database
from storage.delivery import OutboxItem, claim_due
from storage.models import DeliveryState

Key = tuple[int, datetime, int]


@dataclass
class DrainResult:
    """What one round did. `requeued` rows went back without an attempt counted (a 429,
    a chat or group that could not take more yet, a stop)."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0
    requeued: int = 0
    unreachable: int = 0

    def count(self, outcome: Outcome) -> None:
        if outcome.state == DeliveryState.SENT:
            self.sent += 1
        elif outcome.state == DeliveryState.FAILED:
            self.failed += 1
        elif outcome.attempts > outcome.item.attempts:
            self.retried += 1
        else:
            self.requeued += 1
        self.unreachable += outcome.unreachable

    def add(self, other: DrainResult) -> None:
        for name in ("claimed", "sent", "failed", "retried", "requeued", "unreachable"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


_pacers: dict[DeliveryPolicy, Pacer] = {}


async def drain(
    db: Database,
    bot: Any,
    *,
    now: datetime | None = None,
    limit: int = 5000,
    policy: DeliveryPolicy | None = None,
    pacer: Pacer | None = None,
    recorder: Recorder | None = None,
    stop: asyncio.Event | None = None,
    lease: str | None = None,
) -> DrainResult:
    """Send what is due at `now` (default: the current time), up to `limit` rows per lane.

    Rows are claimed in batches of about two seconds of the lane's pace, the next batch
    while the last is still going, so the sender never idles between them. Without a pacer,
    one shared per policy paces every round of this process. `now` fixes the time of the
    round (tests simulate the clock of retries with it). `lease` is the leading sender's
    (bot/delivery/leader.py): its claims carry it, and outcomes are written only to rows
    still claimed under it.
    """
    policy = policy or DeliveryPolicy()
    if pacer is None:
        pacer = _pacers.setdefault(policy, policy.pacer())
    result = DrainResult()

    def clock() -> datetime:
        return now or datetime.now(UTC)

    def claimer(lane: bool | None) -> Callable[[int], Awaitable[list[OutboxItem]]]:
        async def claim(count: int) -> list[OutboxItem]:
            async with db.session() as session:
                items = await claim_due(session, clock(), count, lane, lease)
                await session.commit()
            return items

        return claim

    lanes: list[bool | None] = [False, True] if policy.paid_lane else [None]
    own_recorder = recorder is None
    recorder = recorder or Recorder(db, lease=lease)
    try:
        await asyncio.gather(
            *(
                _Lane(bot, pacer, policy, recorder, result, bool(lane), clock, stop).run(
                    claimer(lane), policy.batch_size(limit, bool(lane)), limit
                )
                for lane in lanes
            )
        )
    finally:
        if own_recorder:
            await recorder.close()
    return result


class _Lane:
    """Sends one lane's claimed rows: in order per chat, concurrently across chats."""

    def __init__(
        self,
        bot: Any,
        pacer: Pacer,
        policy: DeliveryPolicy,
        recorder: Recorder,
        result: DrainResult,
        paid: bool,
        clock: Callable[[], datetime],
        stop: asyncio.Event | None,
    ) -> None:
        self.attempts = Attempts(Calls(bot, paid, policy.read_timeout), pacer, policy, paid, clock)
        self.pacer, self.policy, self.recorder, self.result = pacer, policy, recorder, result
        self.paid, self.utcnow, self.stop = paid, clock, stop
        self.in_flight = policy.in_flight(paid)
        self.queues: dict[int, deque[OutboxItem]] = {}
        self.ready: list[tuple[Key, int]] = []
        self.sleeping: list[tuple[float, Key, int]] = []
        self.tasks: set[asyncio.Task[None]] = set()
        self.changed = asyncio.Event()
        self.waiting = 0  # claimed rows not yet started
        self.more = False  # the last claim was full: more rows may be due
        self.refill: asyncio.Task[bool] | None = None
        self.refill_failed: asyncio.Task[bool] | None = None
        self._claim: Callable[[int], Awaitable[list[OutboxItem]]]
        self._batch = self._budget = 0

    async def run(
        self, claim: Callable[[int], Awaitable[list[OutboxItem]]], batch: int, limit: int
    ) -> None:
        self._claim, self._batch, self._budget = claim, batch, limit
        try:
            self.more = await self._take()
            await self._dispatch()
        finally:
            if self.refill is not None:
                await asyncio.wait([self.refill])
            # Whatever was not started goes back as it was; calls in flight finish first.
            for queue in self.queues.values():
                self._release(queue, self.pacer.paused_for())
            self.queues.clear()
            if self.tasks:
                await asyncio.gather(*self.tasks)

    async def _take(self) -> bool:
        """Claim the next batch into the queues; True if more may be due."""
        items = await self._claim(min(self._batch, self._budget))
        self._budget -= len(items)
        self._add(items)
        self.changed.set()
        return len(items) == self._batch and self._budget > 0

    def _refilled(self, task: asyncio.Task[bool]) -> None:
        self.refill = None
        self.changed.set()
        if not task.cancelled() and task.exception() is None:
            self.more = task.result()
        else:
            self.more = False
            self.refill_failed = task

    def _add(self, items: list[OutboxItem]) -> None:
        self.result.claimed += len(items)
        for item in items:
            if not item.reachable:
                at = self.utcnow()
                self._finish(failed(item, "unreachable", item.attempts, item.parts_sent, [], at))
                continue
            self.waiting += 1
            queue = self.queues.get(item.chat_id)
            if queue is not None:
                queue.append(item)  # the chat is queued, sleeping or in flight already
            else:
                self.queues[item.chat_id] = deque([item])
                heapq.heappush(self.ready, (item.order, item.chat_id))

    async def _dispatch(self) -> None:
        clock = self.pacer.clock
        while self.ready or self.sleeping or self.tasks or self.refill is not None:
            if self.stop is not None and self.stop.is_set():
                return
            if self.refill_failed is not None:
                self.refill_failed.result()  # raise what the claim raised
            if self.more and self.refill is None and self.waiting <= self._batch // 2:
                # Claim the next batch while this one still has rows to send.
                self.more = False
                self.refill = asyncio.create_task(self._take())
                self.refill.add_done_callback(self._refilled)
            now = clock.now()
            while self.sleeping and self.sleeping[0][0] <= now:
                _, key, chat = heapq.heappop(self.sleeping)
                heapq.heappush(self.ready, (key, chat))
            if len(self.tasks) >= self.pacer.calls_at_once(self.paid, self.in_flight):
                await self._wait(None)
                continue
            if not self.ready:
                await self._wait(self.sleeping[0][0] if self.sleeping else None)
                continue
            if not await self.pacer.wait_lane(self.paid, longest=self.policy.horizon):
                return  # paused for long: give the rows back rather than hold them
            key, chat = heapq.heappop(self.ready)
            if not self._schedule(chat, key):
                continue
            item = self.queues[chat].popleft()
            self.waiting -= 1
            ticket = self.pacer.take(chat, self.paid)
            task = asyncio.create_task(self._send(item, ticket))
            self.tasks.add(task)
            task.add_done_callback(functools.partial(self._sent, chat=chat))

    def _schedule(self, chat: int, key: Key) -> bool:
        """True if the chat may take a message now; else put it to sleep or back in the queue."""
        clock = self.pacer.clock
        ready, now = self.pacer.chat_ready_at(chat), clock.now()
        if ready is not None and ready <= now:
            return True
        if ready is not None and ready - now > self.policy.horizon:
            self._release(self.queues.pop(chat), ready - now)
        else:
            # Still busy with another lane's call: look again shortly.
            heapq.heappush(self.sleeping, (ready if ready is not None else now + 0.05, key, chat))
        return False

    def _sent(self, task: asyncio.Task[None], *, chat: int) -> None:
        self.tasks.discard(task)
        self.changed.set()
        queue = self.queues.get(chat)
        if not queue:
            self.queues.pop(chat, None)
            return
        ready = self.pacer.chat_ready_at(chat)
        now = self.pacer.clock.now()
        if ready is not None and ready - now > self.policy.horizon:
            self._release(self.queues.pop(chat), ready - now)
        else:
            heapq.heappush(self.sleeping, (ready or now, queue[0].order, chat))

    async def _wait(self, until: float | None) -> None:
        self.changed.clear()
        if until is None:
            await self.changed.wait()
            return
        clock = self.pacer.clock
        waiters = {
            asyncio.ensure_future(self.changed.wait()),
            asyncio.ensure_future(clock.sleep(max(0.0, until - clock.now()))),
        }
        _, pending = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        for waiter in pending:
            waiter.cancel()

    def _release(self, items: deque[OutboxItem], after: float) -> None:
        self.waiting -= len(items)
        for item in items:
            self._finish(again(item, item.parts_sent, [], self.utcnow(), after))

    def _finish(self, outcome: Outcome) -> None:
        self.recorder.add(outcome)
        self.result.count(outcome)

    async def _send(self, item: OutboxItem, ticket: Ticket) -> None:
        self._finish(await self.attempts.run(item, ticket))
