"""When an announcement goes: a time the sender types, moved out of quiet hours."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.app.errors import UserError
from bot.text.i18n import N_

_TIME = r"(?P<h>\d{1,2})\s*(?:[:hg.]\s*(?P<m>\d{2})?)?"
_DATE = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<mo>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?"
_FORMS = [
    re.compile(rf"^{_TIME}$"),
    re.compile(rf"^{_TIME}\s*(?:,|ngày)?\s*{_DATE}$", re.IGNORECASE),
    re.compile(rf"^{_DATE}\s*(?:,|lúc)?\s*{_TIME}$", re.IGNORECASE),
]
MAX_AHEAD = timedelta(days=60)


def parse_send_time(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """A moment in the future from "19:30", "7h 25/12", "25/12/2026 7:00"; UTC.

    A bare time means today, or tomorrow once today's has passed.
    """
    value = " ".join(text.strip().lower().split())
    match = next((m for form in _FORMS if (m := form.match(value))), None)
    if match is None:
        raise UserError(
            N_(
                "I could not read a time in “{text}”. "
                "Examples: 19:30 (today), 7:00 25/12, or 25/12/2026 7:00."
            ),
            text=text[:40],
        )
    local_now = now.astimezone(tz)
    groups = match.groupdict()
    try:
        clock = time(int(groups["h"]), int(groups["m"] or 0))
        day = local_now.date()
        if groups.get("d"):
            day = date(int(groups["y"] or day.year), int(groups["mo"]), int(groups["d"]))
    except ValueError:
        raise UserError(
            N_("“{text}” is not a real date or time. Examples: 19:30, 7:00 25/12."), text=text[:40]
        ) from None
    moment = datetime.combine(day, clock, tzinfo=tz)
    if not groups.get("d") and moment <= local_now:
        moment += timedelta(days=1)
    elif groups.get("d") and not groups.get("y") and day < local_now.date():
        moment = moment.replace(year=moment.year + 1)
    if moment <= local_now:
        raise UserError(N_("That time has already passed. Please choose a later one."))
    if moment - local_now > MAX_AHEAD:
        raise UserError(N_("That is too far ahead: at most 60 days."))
    return moment.astimezone(UTC)
