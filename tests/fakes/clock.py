"""A simulated clock for the pacer, and Telegram's way of counting sends in a window."""

from __future__ import annotations

import asyncio


class FakeClock:
    """Time that passes only when someone sleeps, at once."""

    def __init__(self) -> None:
        self.time = 0.0

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        self.time += max(0.0, seconds)
        await asyncio.sleep(0)


def most_in_window(stamps: list[float], span: float) -> int:
    """The largest number of stamps in any window (t - span, t], as Telegram counts."""
    stamps = sorted(stamps)
    best, first = 0, 0
    for last, stamp in enumerate(stamps):
        while stamps[first] <= stamp - span:
            first += 1
        best = max(best, last - first + 1)
    return best
