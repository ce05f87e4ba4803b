"""A simulated clock for the pacer."""

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
