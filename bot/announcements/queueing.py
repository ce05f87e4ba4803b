"""Confirming an announcement: one outbox row per recipient, held by quiet hours unless urgent."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.announcements.audience import selectors
from bot.app.settings import Settings
from bot.delivery import enqueue_many
from bot.delivery.outbox import message_row
from bot.delivery.quiet_hours import hold_until
from bot.text.i18n import gettext, use_locale
from storage.models import Announcement, AnnouncementState, Priority
from storage.people.audience import stream_recipients


def topic(announcement_id: int) -> str:
    return f"announce:{announcement_id}"


def release_time(announcement: Announcement, settings: Settings, now: datetime) -> datetime:
    """When its messages may go: the chosen time (or now), after quiet hours unless urgent."""
    wanted = announcement.send_at or now
    return hold_until(wanted, settings.quiet_hours, settings.tz, urgent=announcement.urgent)


def message_text(announcement: Announcement, sender_unit: str) -> str:
    """What a recipient reads: who it is from, then the text as the sender wrote it."""
    head = "📣 <b>" + html.escape(gettext("Notice from {unit}").format(unit=sender_unit)) + "</b>"
    return f"{head}\n\n{announcement.text}" if announcement.text else head


def media(announcement: Announcement) -> dict[str, Any] | None:
    if not announcement.media_file_id:
        return None
    return {
        "type": announcement.media_kind or "document",
        "file_id": announcement.media_file_id,
        "filename": announcement.media_name,
    }


async def queue(
    session: AsyncSession,
    announcement: Announcement,
    settings: Settings,
    now: datetime,
    sender_unit: str,
) -> int:
    """Put the announcement's messages in the outbox; returns how many were queued."""
    release = release_time(announcement, settings, now)
    priority = Priority.DIRECTIVE if announcement.urgent else Priority.BULK
    texts: dict[str, str] = {}
    queued = 0
    async for batch in stream_recipients(
        session, selectors(announcement), exclude_member=announcement.author_id
    ):
        rows = []
        for person in batch:
            if person.chat_id is None:
                continue
            locale = person.language or settings.default_locale
            if locale not in texts:
                with use_locale(locale):
                    texts[locale] = message_text(announcement, sender_unit)
            rows.append(
                message_row(
                    person.chat_id,
                    texts[locale],
                    member_id=person.member_id,
                    priority=priority,
                    document=media(announcement),
                    dedupe_key=f"{topic(announcement.id)}:{person.member_id}",
                    topic=topic(announcement.id),
                    not_before=release,
                )
            )
        queued += await enqueue_many(session, rows)
    announcement.state = AnnouncementState.QUEUED
    announcement.queued_at = now
    announcement.release_at = release
    announcement.recipients = queued
    announcement.updated_at = now
    return queued
