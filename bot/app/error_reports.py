"""How often the admins' chat hears of one kind of error: once per window, with a count.

A kind is the exception's type and the place it was raised (file and line of the last
frame), so a flood of one bug, or of anyone's crafted input, costs one message per ten
minutes, and the next report says how many were held back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

WINDOW_SECONDS = 600.0


def kind_of(error: BaseException) -> str:
    """The type and where it was raised: `ValueError at handlers/schedule/card.py:31`."""
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    where = f"{frame.tb_frame.f_code.co_filename}:{frame.tb_lineno}" if frame else "?"
    return f"{type(error).__name__} at {where}"


@dataclass
class ReportLimiter:
    """Says whether to report an error now, and how many of its kind went unreported."""

    window: float = WINDOW_SECONDS
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)
    _held: dict[str, int] = field(default_factory=dict)

    def admit(self, kind: str) -> int | None:
        """None: hold this one back. Otherwise report it, with this many held since."""
        now = self.clock()
        last = self._last.get(kind)
        if last is not None and now - last < self.window:
            self._held[kind] = self._held.get(kind, 0) + 1
            return None
        self._last[kind] = now
        return self._held.pop(kind, 0)
