"""Giving up stale waits: the draft is discarded and the member told, once, through the outbox.

Safe in several processes: a wait is taken and deleted in the transaction that queues the
notice (with a dedupe key), so it is told once whichever process takes it.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from bot.app.jobs import JobContext, PeriodicJob
from bot.conversation.features import discard_draft, stale_notice
from bot.conversation.waiting import Waiting
from bot.delivery import enqueue
from bot.delivery.quiet_hours import hold_until
from bot.text.i18n import use_locale
from storage.conversation import take_stale
from storage.models import Member, Priority

log = logging.getLogger(__name__)


async def expire_stale(ctx: JobContext) -> int:
    """Give up every wait stale at `ctx.now`; returns how many members were told."""
    told = 0
    settings = ctx.settings
    release = hold_until(ctx.now, settings.quiet_hours, settings.tz)
    async with ctx.db.session() as session:
        for wait in await take_stale(session, ctx.now):
            waiting = Waiting(wait.member_id, wait.feature, wait.step, wait.draft_id, wait.stale_at)
            await discard_draft(session, waiting)
            member = (
                await session.execute(select(Member).where(Member.id == wait.member_id))
            ).scalar_one_or_none()
            if member is None or member.chat_id is None:
                continue
            with use_locale(member.language or settings.default_locale):
                text = stale_notice(wait.feature, settings.draft_days)
            told += await enqueue(
                session,
                member.chat_id,
                text,
                member_id=member.id,
                priority=Priority.REMINDER,
                dedupe_key=f"stale:{wait.member_id}:{wait.stale_at:%Y%m%d%H%M%S}",
                not_before=release,
            )
        await session.commit()
    if told:
        log.info("gave up %d stale drafts", told)
    return told


async def _run(ctx: JobContext) -> None:
    await expire_stale(ctx)


EXPIRY_JOB = PeriodicJob("stale-drafts", 600, _run)
