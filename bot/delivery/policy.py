"""How the sender behaves: its pace, its lanes, its retries; read from the settings."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bot.app.settings import Settings
from bot.delivery.pacer import Clock, Pacer


@dataclass(frozen=True)
class DeliveryPolicy:
    per_second: int = 30
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20
    paid_lane: bool = False
    paid_per_second: int = 1000
    max_attempts: int = 5
    stuck_seconds: float = 60.0
    # Calls in flight at once on a lane; None: a second's worth of the lane's pace, at least
    # 32 (`in_flight`), as the calls of one second may all be out when Telegram answers
    # slowly. (A fixed 32 held the paid lane to 32 calls a round trip: 640/s at 50 ms.)
    concurrency: int | None = None
    # A row that cannot go within this many seconds (a busy group, a long pause) goes back
    # to the queue instead of holding its claim.
    horizon: float = 2.0
    backoff_base: float = 2.0
    backoff_cap: float = 300.0
    read_timeout: float = 15.0

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliveryPolicy:
        return cls(
            per_second=settings.delivery_per_second,
            per_chat_per_second=settings.delivery_per_chat_per_second,
            per_group_per_minute=settings.delivery_per_group_per_minute,
            paid_lane=settings.paid_broadcast,
            paid_per_second=settings.paid_per_second,
            max_attempts=settings.delivery_max_attempts,
            stuck_seconds=float(settings.delivery_stuck_seconds),
        )

    def pacer(self, clock: Clock | None = None) -> Pacer:
        return Pacer(
            per_second=self.per_second,
            per_chat_per_second=self.per_chat_per_second,
            per_group_per_minute=self.per_group_per_minute,
            paid_per_second=self.paid_per_second,
            clock=clock,
        )

    def in_flight(self, paid: bool) -> int:
        """Calls a lane may have in flight at once."""
        if self.concurrency is not None:
            return self.concurrency
        return max(32, self.paid_per_second if paid else self.per_second)

    def connections(self) -> int:
        """Connections to Telegram the sender may use at once: each call in flight holds one
        (HTTP/1.1), so fewer would hold a lane to connections / round trip calls a second."""
        return self.in_flight(False) + (self.in_flight(True) if self.paid_lane else 0)

    def batch_size(self, limit: int, paid: bool) -> int:
        """Rows to claim at once for a lane: about two seconds of its pace (500 unpaced)."""
        rate = self.paid_per_second if paid else self.per_second
        return max(1, min(limit, 2 * rate if rate else 500))

    def backoff(self, attempts: int) -> float:
        """Seconds before attempt `attempts + 1`: exponential, with jitter so retries spread."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** max(attempts - 1, 0))
        return random.uniform(ceiling / 2, ceiling)
