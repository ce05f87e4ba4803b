"""When something held back will go, said the way people say it: "06:00 sáng mai".

Messages held by quiet hours wait until morning; "1 tin đang chờ gửi" alone leaves the
office wondering whether anything went wrong, so every such message says when it goes.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.text.i18n import N_, gettext

_PARTS = (
    (11, N_("morning")),
    (13, N_("noon")),
    (18, N_("afternoon")),
    (24, N_("evening")),
)


def format_release(moment: datetime, now: datetime, tz: ZoneInfo) -> str:
    """ "06:00 sáng mai" / "06:00 tomorrow morning", "06:00 sáng ngày 7/12" / "on 7/12"."""
    local, today = moment.astimezone(tz), now.astimezone(tz).date()
    hour = f"{local:%H:%M}"
    part = gettext(next(label for limit, label in _PARTS if local.hour < limit))
    days = (local.date() - today).days
    if days == 0:
        return gettext("{time} {part} today").format(time=hour, part=part)
    if days == 1:
        return gettext("{time} {part} tomorrow").format(time=hour, part=part)
    day = f"{local.day}/{local.month}" + (f"/{local.year}" if local.year != today.year else "")
    return gettext("{time} {part} on {day}").format(time=hour, part=part, day=day)
