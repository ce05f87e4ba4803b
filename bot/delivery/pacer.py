"""Pacing sends to Telegram's flood limits: overall, per chat, per group, and the paid lane.

Each limit is a token bucket of `limit` tokens per `span` seconds. A call takes a token when
it starts, and the token comes back `span` seconds after the call was *answered*, not after
it started: Telegram counts a call when it arrives, somewhere between the two, so however
late or early a request travels, no window of `span` seconds ever holds more than `limit`
of them. A lane so sends its limit / (1 s + the round trip) a second, and no rule can send
more without knowing when Telegram counts: at a steady R calls a second, each out for d
seconds, R × (1 + d) calls are out at some moment of any one second (those started in it
and in the d before it), and Telegram may count every one of them in that second. (Giving
the token back earlier by the fastest round trip seen, on the grounds that every call takes
at least that long, was tried and put up to 1,600 calls in one second of the bench: a
burst's first calls are all slow, so the fastest seen then is far above what quiet calls
take later.)

A lane needs about its pace times the round trip in flight (`calls_at_once`; 64 until it
has timed some); more would only queue (in the client, at Telegram) and lengthen the round
trips that the tokens wait for. A 429 pauses every bucket for its `retry_after`.

Time comes from a `Clock`, so tests run the pacer on a simulated clock without sleeping.
"""

from __future__ import annotations

import asyncio
import heapq
import math
import time
from dataclasses import dataclass
from typing import Protocol

FEW_AT_ONCE = 64  # calls in flight on a lane before its round trips are known, and beyond them


class Clock(Protocol):
    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class Bucket:
    """`limit` tokens per `span` seconds, each lent to one call and given back after its answer."""

    __slots__ = ("back", "lent", "limit", "span")

    def __init__(self, limit: int, span: float) -> None:
        self.limit, self.span = limit, span
        self.lent = 0
        self.back: list[float] = []  # a heap of the times lent tokens come back

    def ready_at(self, now: float) -> float | None:
        """When a token is free: `now` or later, or None while every token is out on a call."""
        back = self.back
        while back and back[0] <= now:
            heapq.heappop(back)
        if self.lent + len(back) < self.limit:
            return now
        return back[0] if back else None

    def take(self) -> None:
        self.lent += 1

    def give_back(self, answered_at: float) -> None:
        """The token is free again `span` seconds after its call's answer."""
        self.lent -= 1
        heapq.heappush(self.back, answered_at + self.span)

    def idle(self, now: float) -> bool:
        return self.lent == 0 and all(at <= now for at in self.back)


class Fastest:
    """The fastest answered call of the last one to two `window`s, once `least` were timed.

    A minimum over a sliding window, kept as the minimum of this window and of the one
    before it: a path that became slower (a new route) stops counting after two windows.
    Only calls that Telegram answered with success are timed: a failure can come back from
    nearer (a proxy, a refused connection) than Telegram is.
    """

    __slots__ = ("before", "fastest", "least", "since", "timed", "window")

    def __init__(self, window: float = 30.0, least: int = 20) -> None:
        self.window, self.least = window, least
        self.before: tuple[float, int] | None = None  # (fastest, calls timed) of the last window
        self.fastest, self.timed = float("inf"), 0  # of this window, since `since`
        self.since = 0.0

    def add(self, now: float, round_trip: float) -> None:
        if now - self.since >= self.window:
            # After a gap of two windows, nothing of the window before is recent.
            recent = now - self.since < 2 * self.window
            self.before = (self.fastest, self.timed) if recent else None
            self.fastest, self.timed, self.since = float("inf"), 0, now
        self.fastest = min(self.fastest, round_trip)
        self.timed += 1

    def value(self) -> float | None:
        fastest, timed = self.fastest, self.timed
        if self.before is not None:
            fastest, timed = min(fastest, self.before[0]), timed + self.before[1]
        return fastest if timed >= self.least else None


@dataclass(frozen=True, slots=True)
class Ticket:
    """The tokens one call holds, since when; hand it back with `Pacer.answered`."""

    buckets: tuple[Bucket, ...]
    started: float


class Pacer:
    """The limits of one sender. A limit of 0 lifts it (tests, benchmarks, a local Bot API)."""

    def __init__(
        self,
        *,
        per_second: int = 30,
        per_chat_per_second: int = 1,
        per_group_per_minute: int = 20,
        paid_per_second: int = 1000,
        clock: Clock | None = None,
    ) -> None:
        self.clock: Clock = clock or MonotonicClock()
        self.overall = Bucket(per_second, 1.0) if per_second else None
        self.paid = Bucket(paid_per_second, 1.0) if paid_per_second else None
        self._chat_limit = (per_chat_per_second, 1.0)
        self._group_limit = (per_group_per_minute, 60.0)
        self._chats: dict[int, Bucket] = {}
        self._takes = 0
        self.paused_until = 0.0
        self.fastest = Fastest()
        self._answered = asyncio.Event()

    def pause(self, seconds: float) -> None:
        """Stop every send for `seconds` (a 429's retry_after)."""
        self.paused_until = max(self.paused_until, self.clock.now() + seconds)

    def paused_for(self) -> float:
        return max(0.0, self.paused_until - self.clock.now())

    def calls_at_once(self, paid: bool, most: int) -> int:
        """How many calls a lane may have in flight, at most `most`: enough for twice its
        pace over the fastest round trip, and 64 more for the slower ones; 64 until calls
        were timed; `most` for a lane without a limit.

        A few at first rather than a second's worth: a thousand calls started at once, on as
        many new connections, took half a second each in the bench (median round trip
        0.55 s) and held their tokens that long; timing 20 calls takes one round trip."""
        bucket = self.paid if paid else self.overall
        if bucket is None:
            return most
        fastest = self.fastest.value()
        if fastest is None:
            return min(most, FEW_AT_ONCE)
        return min(most, FEW_AT_ONCE + math.ceil(2 * bucket.limit * fastest))

    def lane_ready_at(self, paid: bool) -> float | None:
        now = self.clock.now()
        bucket = self.paid if paid else self.overall
        ready = now if bucket is None else bucket.ready_at(now)
        return None if ready is None else max(ready, self.paused_until)

    def chat_ready_at(self, chat_id: int) -> float | None:
        bucket = self._chat(chat_id)
        now = self.clock.now()
        return now if bucket is None else bucket.ready_at(now)

    async def wait_lane(self, paid: bool, longest: float | None = None) -> bool:
        """Wait for a token of the lane; False (without waiting) if that takes over `longest`."""
        while True:
            ready = self.lane_ready_at(paid)
            now = self.clock.now()
            if ready is not None and ready <= now:
                return True
            if longest is not None and ready is not None and ready - now > longest:
                return False
            if ready is None:
                await self._answered.wait()
            else:
                await self.clock.sleep(ready - now)

    async def acquire(self, chat_id: int, paid: bool) -> Ticket:
        """Wait until the lane and the chat both have a token, and take them."""
        while True:
            lane, chat = self.lane_ready_at(paid), self.chat_ready_at(chat_id)
            now = self.clock.now()
            if lane is None or chat is None:
                await self._answered.wait()
            elif max(lane, chat) > now:
                await self.clock.sleep(max(lane, chat) - now)
            else:
                return self.take(chat_id, paid)

    def take(self, chat_id: int, paid: bool) -> Ticket:
        lane = self.paid if paid else self.overall
        buckets = tuple(b for b in (lane, self._chat(chat_id)) if b is not None)
        for bucket in buckets:
            bucket.take()
        self._takes += 1
        if self._takes % 4096 == 0:
            self._forget_idle_chats()
        return Ticket(buckets, self.clock.now())

    def succeeded(self, ticket: Ticket) -> None:
        """Telegram answered the call of `ticket` with success: time its round trip."""
        now = self.clock.now()
        self.fastest.add(now, now - ticket.started)

    def answered(self, ticket: Ticket) -> None:
        """The call of `ticket` was answered, failed or was never made: its tokens come back
        a `span` from now."""
        now = self.clock.now()
        for bucket in ticket.buckets:
            bucket.give_back(now)
        # Wake whoever waits for a token that was out on a call, and start a new round.
        self._answered.set()
        self._answered = asyncio.Event()

    def _chat(self, chat_id: int) -> Bucket | None:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            limit, span = self._group_limit if chat_id < 0 else self._chat_limit
            if not limit:
                return None
            bucket = self._chats[chat_id] = Bucket(limit, span)
        return bucket

    def _forget_idle_chats(self) -> None:
        now = self.clock.now()
        for chat_id in [c for c, b in self._chats.items() if b.idle(now)]:
            del self._chats[chat_id]
