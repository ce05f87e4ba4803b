"""Quiet hours: non-urgent messages that would arrive at night wait until morning.

Most members are elderly; a phone buzzing at 23:00 for a routine notice is unwelcome.
The window is in the association's time zone and may wrap past midnight (21:00–06:00).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


def is_quiet(moment: datetime, window: tuple[time, time] | None, tz: ZoneInfo) -> bool:
    """Whether `moment` (aware) falls inside the quiet window."""
    if window is None:
        return False
    start, end = window
    local = moment.astimezone(tz).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end


def hold_until(
    moment: datetime, window: tuple[time, time] | None, tz: ZoneInfo, *, urgent: bool = False
) -> datetime:
    """When a message meant for `moment` may go: `moment` itself, or the end of quiet hours.

    Urgent messages never wait. The result is in UTC.
    """
    moment = moment.astimezone(UTC)
    if urgent or window is None or not is_quiet(moment, window, tz):
        return moment
    local = moment.astimezone(tz)
    end = datetime.combine(local.date(), window[1], tzinfo=tz)
    if end <= local:
        end = datetime.combine(local.date() + timedelta(days=1), window[1], tzinfo=tz)
    return end.astimezone(UTC)
