"""Reminders: the evening before and the morning of an item with a fixed day.

A periodic job looks at the items fixed for today and tomorrow (in the association's time
zone) and queues each reminder that is due, one outbox row per member with the dedupe key
(item, day, step, member): running it every few minutes, in several processes, or again
after a crash queues each reminder once. Cancelled, done, moved and still-to-be-announced
items are not reminded of (the service drops reminders already queued for them).
"""

from __future__ import annotations

import html
from datetime import date, datetime, time, timedelta
from functools import partial

from bot.app.jobs import JobContext, PeriodicJob
from bot.schedule.items import next_occurrence
from bot.schedule.render import FIELD_CHARS, TITLE_CHARS, shorten, weekday_day
from bot.schedule.service import enqueue_to_concerned, reminder_topic
from bot.text.i18n import _
from storage.models import ScheduleItem
from storage.schedule import list_fixed_on

DAY_BEFORE = "eve"
MORNING = "morning"


def due_step(
    item_day: date, at: time | None, now: datetime, eve: time | None, morning: time | None
) -> str | None:
    """Which reminder of an item on `item_day` is due at local `now`, if any.

    The morning one is not sent once the item has begun.
    """
    today, clock = now.date(), now.time()
    if item_day == today + timedelta(days=1) and eve is not None and clock >= eve:
        return DAY_BEFORE
    started = at is not None and clock >= at
    if item_day == today and morning is not None and clock >= morning and not started:
        return MORNING
    return None


def reminder_text(item: ScheduleItem, day: date, step: str) -> str:
    title = html.escape(shorten(item.title, TITLE_CHARS))
    when = weekday_day(day)
    if item.at_time is not None:
        when += f", {item.at_time:%H:%M}"
    if step == DAY_BEFORE:
        headline = _("⏰ <b>Tomorrow</b> ({when})").format(when=when)
    else:
        headline = _("⏰ <b>Today</b> ({when})").format(when=when)
    lines = [headline, f"<b>{title}</b>"]
    if item.place:
        place = html.escape(shorten(item.place, FIELD_CHARS))
        lines.append(_("Where: {place}").format(place=place))
    return "\n".join(lines)


async def enqueue_due_reminders(ctx: JobContext) -> int:
    """Queue the reminders due at `ctx.now`; returns how many were new."""
    settings = ctx.settings
    local = ctx.now.astimezone(settings.tz)
    today = local.date()
    added = 0
    async with ctx.db.session() as session:
        for item in await list_fixed_on(session, [today, today + timedelta(days=1)]):
            day = next_occurrence(item, today)
            if day is None:
                continue
            step = due_step(
                day,
                item.at_time,
                local.replace(tzinfo=None),
                settings.reminder_day_before,
                settings.reminder_morning,
            )
            if step is None:
                continue
            added += await enqueue_to_concerned(
                session,
                item,
                partial(reminder_text, item, day, step),
                key=f"rem:{item.id}:{day:%Y%m%d}:{step}",
                topic=reminder_topic(item.id),
                default_locale=settings.default_locale,
            )
        await session.commit()
    return added


async def _run(ctx: JobContext) -> None:
    await enqueue_due_reminders(ctx)


REMINDER_JOB = PeriodicJob("schedule-reminders", every_seconds=300, run=_run)
