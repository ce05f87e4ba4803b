"""The sender's progress message: sent, waiting, failed and time left, then a final summary.

A periodic job recounts each announcement still going out from the outbox and edits the
message when the figures change; once nothing is left to send it writes the summary,
with a button to resend what failed.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.announcements.queueing import topic
from bot.app import callbacks
from bot.app.jobs import JobContext, PeriodicJob
from bot.app.settings import Settings
from bot.delivery import Progress
from bot.delivery import progress as topic_progress
from bot.text.formatting import format_number
from bot.text.i18n import gettext, use_locale
from bot.text.moments import format_release
from storage.models import Announcement, AnnouncementState, Member

log = logging.getLogger(__name__)


def _eta(seconds: float | None) -> str:
    minutes = math.ceil((seconds or 0) / 60)
    if minutes <= 1:
        return gettext("less than a minute")
    return gettext("about {minutes} minutes").format(minutes=minutes)


def render(
    announcement: Announcement, progress: Progress, now: datetime, settings: Settings
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The progress message for this state of the announcement, and its buttons."""
    n = format_number
    number = announcement.id
    stop = InlineKeyboardButton(
        gettext("⏹ Stop sending"), callback_data=callbacks.pack("an", number, "stop")
    )
    if announcement.state is AnnouncementState.CANCELLED:
        text = gettext(
            "⏹ Announcement #{number} stopped: {sent} sent, {cancelled} not sent."
        ).format(number=number, sent=n(progress.sent), cancelled=n(progress.cancelled))
        return text, None
    if announcement.state is AnnouncementState.DONE:
        text = gettext(
            "✅ Announcement #{number} is done: {sent} of {total} people received it."
        ).format(number=number, sent=n(progress.sent), total=n(progress.total))
        if not progress.failed:
            return text, None
        text += "\n" + gettext(
            "{failed} could not be reached (they blocked the bot or closed their account)."
        ).format(failed=n(progress.failed))
        retry = InlineKeyboardButton(
            gettext("🔁 Resend the {failed} that failed").format(failed=n(progress.failed)),
            callback_data=callbacks.pack("an", number, "retry"),
        )
        return text, InlineKeyboardMarkup([[retry]])
    release = announcement.release_at
    if release is not None and release > now and progress.sent == 0:
        text = gettext("🕒 Announcement #{number} will go to {total} people at {time}.").format(
            number=number, total=n(progress.total), time=format_release(release, now, settings.tz)
        )
        return text, InlineKeyboardMarkup([[stop]])
    text = gettext(
        "📣 Sending announcement #{number}…\n"
        "Sent: {sent} of {total} · waiting: {pending} · failed: {failed}\n"
        "Time left: {eta}."
    ).format(
        number=number,
        sent=n(progress.sent),
        total=n(progress.total),
        pending=n(progress.pending),
        failed=n(progress.failed),
        eta=_eta(progress.eta_seconds),
    )
    return text, InlineKeyboardMarkup([[stop]])


@dataclass(frozen=True)
class Change:
    """A new text for an announcement's progress message. A `final` one is recorded even
    when Telegram will not show it (the message was deleted), so it is not tried again."""

    announcement_id: int
    chat_id: int
    message_id: int
    text: str
    markup: InlineKeyboardMarkup | None
    final: bool = False


async def recount(
    session: AsyncSession, settings: Settings, announcement: Announcement, now: datetime
) -> Change | None:
    """Recount from the outbox, finish if nothing is left; the new message if it changed."""
    progress = await topic_progress(session, topic(announcement.id))
    release = announcement.release_at
    if (
        announcement.state is AnnouncementState.QUEUED
        and progress.pending == 0
        and (release is None or release <= now)
    ):
        announcement.state = AnnouncementState.DONE
        announcement.finished_at = now
    author = await session.get(Member, announcement.author_id) if announcement.author_id else None
    with use_locale((author.language if author else None) or settings.default_locale):
        text, markup = render(announcement, progress, now, settings)
    chat, message = announcement.progress_chat_id, announcement.progress_message_id
    if text == announcement.progress_text or chat is None or message is None:
        return None
    final = announcement.state is AnnouncementState.CANCELLED
    return Change(announcement.id, chat, message, text, markup, final)


async def show(bot: Any, change: Change) -> bool:
    """Edit the progress message; False if Telegram would not (it was deleted…)."""
    try:
        await bot.edit_message_text(
            change.text,
            chat_id=change.chat_id,
            message_id=change.message_id,
            reply_markup=change.markup,
        )
    except TelegramError as error:
        if "not modified" not in str(error).lower():
            log.warning("progress of announcement %s not shown: %s", change.announcement_id, error)
            return False
    return True


async def refresh(
    session: AsyncSession, bot: Any, settings: Settings, announcement: Announcement, now: datetime
) -> None:
    """Recount and show, within an update (its transaction also records the edit)."""
    change = await recount(session, settings, announcement, now)
    if change is not None and await show(bot, change):
        announcement.progress_text = change.text


def _to_follow() -> ColumnElement[bool]:
    """Announcements going out, and those stopped from the dashboard: their progress
    message still says "sending" (the chat's own stop button redraws it at once; the
    dashboard has no bot at hand, so it clears `progress_text` for this job to redraw)."""
    stopped = and_(
        Announcement.state == AnnouncementState.CANCELLED,
        Announcement.progress_text.is_(None),
        Announcement.progress_message_id.is_not(None),
    )
    return or_(Announcement.state == AnnouncementState.QUEUED, stopped)


async def run_progress(context: JobContext) -> None:
    """Every announcement still going: recount, then edit outside the transaction (the bot
    records each edit in a transaction of its own, which SQLite would make wait)."""
    async with context.db.session() as session:
        query = select(Announcement).where(_to_follow())
        changes = [
            await recount(session, context.settings, announcement, context.now)
            for announcement in (await session.execute(query)).scalars().all()
        ]
        await session.commit()
    shown = [c for c in changes if c is not None and (await show(context.bot, c) or c.final)]
    if not shown:
        return
    async with context.db.session() as session:
        for change in shown:
            await session.execute(
                update(Announcement)
                .where(Announcement.id == change.announcement_id)
                .values(progress_text=change.text)
            )
        await session.commit()


PROGRESS_JOB = PeriodicJob("announcement-progress", 5, run_progress)
