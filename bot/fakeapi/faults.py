"""Failures on demand and Telegram's flood limits, for reliability tests of the bot."""

from __future__ import annotations

import collections
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.fakeapi.common import ApiError

_DESCRIPTIONS = {
    403: "Forbidden: bot was blocked by the user",
    500: "Internal Server Error",
    502: "Bad Gateway",
    504: "Gateway Timeout",
}
_NOT_SENDING = frozenset({"sendChatAction"})
_ALSO_SENDING = frozenset({"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"})


def is_sending(method: str) -> bool:
    """Methods that post messages and so count against Telegram's flood limits."""
    return (method.startswith("send") and method not in _NOT_SENDING) or method in _ALSO_SENDING


@dataclass(slots=True)
class Fault:
    """One planned failure: which calls it hits, how often, and what they get."""

    method: str | None
    status: int | None
    retry_after: int | None
    times: int | None
    chat_id: int | str | None
    delay: float
    description: str | None

    def matches(self, method: str, params: Mapping[str, object]) -> bool:
        if self.method is None:
            if method == "getUpdates":
                return False
        elif self.method.lower() != method.lower():
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id

    def error(self) -> ApiError | None:
        if self.status is None:
            return None
        if self.status == 429:
            wait = self.retry_after if self.retry_after is not None else 1
            return ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        text = self.description or _DESCRIPTIONS.get(self.status, f"Error {self.status}")
        return ApiError(self.status, text)


@dataclass(slots=True)
class Stats:
    """Counters of the fake's answers: successes per method, errors per status code."""

    ok: collections.Counter[str] = field(default_factory=collections.Counter)
    errors: collections.Counter[int] = field(default_factory=collections.Counter)
    requests: int = 0

    @property
    def sent(self) -> collections.Counter[str]:
        """Successful calls per method (alias kept for readability in tests)."""
        return self.ok

    @property
    def too_many_requests(self) -> int:
        return self.errors[429]


class FaultPlan:
    """Faults in the order they were planned; the first one matching a call applies."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self.faults.append(fault)

    def clear(self) -> None:
        self.faults.clear()

    def take(self, method: str, params: Mapping[str, object]) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method, params):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                return fault
        return None


@dataclass(slots=True)
class RateLimits:
    """Sliding-window limits like Telegram's: overall per second, per chat, per group."""

    global_per_second: int = 30
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20
    _all: collections.deque[float] = field(default_factory=collections.deque)
    _chats: dict[object, collections.deque[float]] = field(default_factory=dict)

    def admit(self, chat_id: object) -> None:
        """Count a send, or raise the 429 Telegram would answer instead."""
        now = time.monotonic()
        group = isinstance(chat_id, int) and chat_id < 0
        window, cap = (
            (60.0, self.per_group_per_minute) if group else (1.0, self.per_chat_per_second)
        )
        chat = self._chats.setdefault(chat_id, collections.deque())
        for stamps, span, limit in ((self._all, 1.0, self.global_per_second), (chat, window, cap)):
            while stamps and stamps[0] <= now - span:
                stamps.popleft()
            if len(stamps) >= limit:
                wait = max(1, math.ceil(stamps[0] + span - now))
                raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        self._all.append(now)
        chat.append(now)


def most_in_window(stamps: list[float], span: float) -> int:
    """The largest number of stamps in any window (t - span, t], as Telegram counts."""
    stamps = sorted(stamps)
    best, first = 0, 0
    for last, stamp in enumerate(stamps):
        while stamps[first] <= stamp - span:
            first += 1
        best = max(best, last - first + 1)
    return best
