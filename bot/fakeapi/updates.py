"""The bot's pending updates, handed out by getUpdates or pushed to a webhook.

Telegram semantics: an update stays queued until confirmed (a getUpdates call whose offset
exceeds its id, or a 2xx webhook answer), so a poller that died after receiving it gets it again.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
from typing import Any

from bot.fakeapi.common import JSON, ApiError, Signal

# Without allowed_updates, Telegram withholds these three kinds.
_OPT_IN = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


_SERVERS = itertools.count()


class UpdateQueue:
    """Updates in id order with counters of what was handed out and what was confirmed."""

    def __init__(self) -> None:
        self._pending: collections.deque[JSON] = collections.deque()
        # A bot's update ids never start again, on Telegram: each fake server of a process
        # takes ids of its own, so a database that outlives one (a benchmark's rounds) never
        # sees an id twice, and hoibot's once-only rule (handled_updates) is not fooled.
        first = 100_000_000 + next(_SERVERS) * 10_000_000
        self._ids = itertools.count(first + 1)
        self.last_id = first
        self.handed_out = self.last_id
        self.confirmed = self.last_id
        self.allowed: frozenset[str] | None = None
        self.changed = Signal()
        self._poller: asyncio.Future[None] | None = None

    @property
    def undelivered(self) -> int:
        """Queued updates not yet handed to the bot in any answer."""
        return self.last_id - self.handed_out

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def wanted(self, kind: str) -> bool:
        return kind in self.allowed if self.allowed else kind not in _OPT_IN

    def push(self, kind: str, payload: JSON) -> JSON | None:
        """Queue an update, or drop it when the bot's allowed_updates exclude its kind."""
        if not self.wanted(kind):
            return None
        update_id = next(self._ids)
        update: JSON = {"update_id": update_id, kind: payload}
        self._pending.append(update)
        self.last_id = update_id
        self._notify()
        return update

    def _notify(self) -> None:
        # Each change fires the current event and installs a fresh one for later waiters.
        self.changed.bump()
        if self._poller is not None and not self._poller.done() and self._pending:
            self._poller.set_result(None)

    def confirm(self, offset: int) -> None:
        if offset < 0:
            keep = list(self._pending)[offset:]
            self._pending = collections.deque(keep)
            self.confirmed = self.handed_out = keep[0]["update_id"] - 1 if keep else self.last_id
        while self._pending and self._pending[0]["update_id"] < offset:
            self._pending.popleft()
        if offset - 1 > self.confirmed:
            self.confirmed = min(offset - 1, self.last_id)
            self.handed_out = max(self.handed_out, self.confirmed)
            self._notify()

    def drop_pending(self) -> None:
        self._pending.clear()
        self.confirmed = self.handed_out = self.last_id
        self._notify()

    def take(self, limit: int) -> list[JSON]:
        batch = list(itertools.islice(self._pending, limit))
        if batch:
            self.handed_out = max(self.handed_out, batch[-1]["update_id"])
            self._notify()
        return batch

    async def get_updates(self, params: dict[str, Any]) -> list[JSON]:
        """The getUpdates method: confirm by offset, then answer at once or wait up to timeout."""
        if "allowed_updates" in params:
            self.allowed = frozenset(params["allowed_updates"]) or None
        self.confirm(int(params.get("offset", 0)))
        limit = min(max(int(params.get("limit", 100)), 1), 100)
        timeout = max(float(params.get("timeout", 0)), 0.0)
        if self._poller is not None and not self._poller.done():
            self._poller.set_exception(ApiError(409, _CONFLICT))
        if self._pending or timeout == 0:
            return self.take(limit)
        poller = self._poller = asyncio.get_running_loop().create_future()
        try:
            await asyncio.wait_for(poller, timeout)
        except TimeoutError:
            pass
        finally:
            if self._poller is poller:
                self._poller = None
        return self.take(limit)

    def release(self) -> None:
        """Answer a parked long poll now (used on shutdown)."""
        if self._poller is not None and not self._poller.done():
            self._poller.set_result(None)

    def peek(self) -> JSON | None:
        return self._pending[0] if self._pending else None

    def acknowledge(self, update_id: int) -> None:
        """A webhook delivery succeeded: the update counts as handed out and confirmed."""
        if self._pending and self._pending[0]["update_id"] == update_id:
            self._pending.popleft()
        self.handed_out = max(self.handed_out, update_id)
        self.confirmed = max(self.confirmed, update_id)
        self._notify()
