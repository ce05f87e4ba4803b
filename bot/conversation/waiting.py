"""A member's wait as the handlers see it: loaded with the member, at the start of an update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Waiting:
    """What the member's next message answers: `feature`'s `step` about draft `draft_id`."""

    member_id: int
    feature: str
    step: str
    draft_id: int | None
    stale_at: datetime

    def is_stale(self, now: datetime) -> bool:
        return now >= self.stale_at
