"""An iCalendar file (RFC 5545) of calendar items, for a phone's calendar app.

Written by hand: the format is small. An exact day is an all-day event, a day with an hour
starts at that moment (in UTC), a yearly item repeats (RRULE), a stretch of days, months or
a quarter is an all-day event over it marked free (TRANSP), a deadline sits on its day.
Items without a day yet cannot be placed and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.periods import Precision
from bot.schedule.items import period_of
from bot.schedule.render import describe_period
from bot.text.i18n import _
from storage.models import ItemStatus, ScheduleItem

_FOLD_AT = 75  # octets per line, CRLF excluded (RFC 5545, 3.1)


def escape_text(value: str) -> str:
    """TEXT values escape backslash, semicolon, comma and newlines (RFC 5545, 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Cut a content line into pieces of at most 75 octets, never inside a character."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode())
        limit = _FOLD_AT if not pieces else _FOLD_AT - 1  # continuation lines start with a space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _status(item: ScheduleItem, tentative: bool) -> str:
    if item.status is ItemStatus.CANCELLED:
        return "CANCELLED"
    return "TENTATIVE" if tentative or item.status is ItemStatus.TO_BE_ANNOUNCED else "CONFIRMED"


def _events(item: ScheduleItem, tz: ZoneInfo, stamp: str, domain: str) -> list[list[str]]:
    period = period_of(item)
    spans: list[tuple[date, date]] = []
    timed: datetime | None = None
    summary = item.title
    if period.precision is Precision.DATETIME and period.start and period.at:
        timed = datetime.combine(period.start, period.at, tzinfo=tz)
    elif period.precision is Precision.DEADLINE and period.deadline:
        spans = [(period.deadline, period.deadline)]
        summary = _("Deadline: {title}").format(title=item.title)
    else:
        spans = [(span.start, span.end) for span in period.spans]
    if timed is None and not spans:
        return []
    description = [_("When: {when}").format(when=describe_period(period))]
    if item.responsible:
        description.append(_("In charge: {who}").format(who=item.responsible))
    if item.details:
        description.append(item.details)
    common = [
        f"DTSTAMP:{stamp}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(chr(10).join(description))}",
        f"STATUS:{_status(item, period.tentative)}",
        f"SEQUENCE:{max(item.revision - 1, 0)}",
    ]
    if item.place:
        common.append(f"LOCATION:{escape_text(item.place)}")
    if item.recurring:
        common.append("RRULE:FREQ=YEARLY")
    if timed is not None:
        uid = f"UID:schedule-{item.id}@{domain}"
        return [[uid, f"DTSTART:{_utc(timed)}", *common]]
    exact = period.precision in (Precision.DATE, Precision.DATETIME, Precision.DEADLINE)
    events = []
    for index, (first, last) in enumerate(spans):
        suffix = f"-{index + 1}" if len(spans) > 1 else ""
        event = [
            f"UID:schedule-{item.id}{suffix}@{domain}",
            f"DTSTART;VALUE=DATE:{_day(first)}",
            f"DTEND;VALUE=DATE:{_day(last + timedelta(days=1))}",
            *common,
        ]
        if not exact:
            event.append("TRANSP:TRANSPARENT")
        events.append(event)
    return events


def calendar_ics(
    items: Iterable[ScheduleItem],
    *,
    name: str,
    tz: ZoneInfo,
    now: datetime | None = None,
    domain: str = "hoibot",
) -> bytes:
    """The whole VCALENDAR, CRLF line ends, UTF-8."""
    stamp = _utc(now or datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hoibot//Lich Hoi//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{tz.key}",
    ]
    for item in items:
        for event in _events(item, tz, stamp, domain):
            lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode()
