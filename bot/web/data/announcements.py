"""Page 4 (Thông báo): each announcement's progress (sent, waiting, failed with reasons,
unreachable), and the two things its sender may do from the page: resend what failed,
cancel what has not gone.

Counts come from the outbox as bot/delivery/progress.py reads them; the actions are the
delivery engine's `cancel` and `resend_failed`, with the announcement's state moved as
/thongbao's buttons move it (handlers/announcements/command.py), so the progress job
carries on from there.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.announcements.audience import selectors
from bot.announcements.queueing import topic
from bot.delivery import Progress, cancel, progress, resend_failed
from bot.people.access import Principal
from bot.web.data.scope import Scope, unit_filter
from storage.models import (
    Announcement,
    AnnouncementState,
    Delivery,
    DeliveryState,
    Member,
    Role,
    Unit,
)
from storage.people.audience import count_recipients

SHOWN = (AnnouncementState.QUEUED, AnnouncementState.DONE, AnnouncementState.CANCELLED)


@dataclass(frozen=True)
class AnnouncementRow:
    id: int
    text: str
    state: AnnouncementState
    unit_name: str | None
    author_name: str | None
    queued_at: datetime | None
    release_at: datetime | None
    sent: int
    pending: int
    failed: int
    cancelled: int


@dataclass(frozen=True)
class AnnouncementDetail:
    row: AnnouncementRow
    progress: Progress
    failures: list[tuple[str, int]]  # (reason, how many), most frequent first
    unreachable: int  # in the audience but not on Telegram, or blocked the bot
    can_act: bool


class Outcome(enum.Enum):
    DONE = "done"
    NOT_ALLOWED = "not_allowed"
    NOT_NOW = "not_now"  # the announcement is not in a state that allows it


def _visible(scope: Scope) -> ColumnElement[bool]:
    return and_(Announcement.state.in_(SHOWN), unit_filter(scope, Announcement.audience_unit_id))


async def _rows(
    session: AsyncSession, condition: ColumnElement[bool], offset: int, limit: int
) -> list[AnnouncementRow]:
    query = (
        select(Announcement, Unit.name, Member.name)
        .outerjoin(Unit, Unit.id == Announcement.audience_unit_id)
        .outerjoin(Member, Member.id == Announcement.author_id)
        .where(condition)
        .order_by(Announcement.queued_at.desc(), Announcement.id.desc())
        .offset(offset)
        .limit(limit)
    )
    found = (await session.execute(query)).all()
    topics = [topic(a.id) for a, _unit, _author in found]
    counts: dict[tuple[str, DeliveryState], int] = {}
    if topics:
        grouped = (
            select(Delivery.topic, Delivery.state, func.count())
            .where(Delivery.topic.in_(topics))
            .group_by(Delivery.topic, Delivery.state)
        )
        for name, state, count in await session.execute(grouped):
            counts[str(name), DeliveryState(state)] = int(count)

    def of(announcement: Announcement, *states: DeliveryState) -> int:
        return sum(counts.get((topic(announcement.id), s), 0) for s in states)

    return [
        AnnouncementRow(
            a.id,
            a.text,
            a.state,
            unit,
            author,
            a.queued_at,
            a.release_at,
            of(a, DeliveryState.SENT),
            of(a, DeliveryState.PENDING, DeliveryState.SENDING),
            of(a, DeliveryState.FAILED),
            of(a, DeliveryState.CANCELLED),
        )
        for a, unit, author in found
    ]


async def list_announcements(
    session: AsyncSession, scope: Scope, offset: int, limit: int
) -> tuple[list[AnnouncementRow], int]:
    """A page of the announcements to the viewer's units, newest first, and how many."""
    if scope.empty:
        return [], 0
    condition = _visible(scope)
    total = (await session.execute(select(func.count()).where(condition))).scalar_one()
    return await _rows(session, condition, offset, limit), int(total)


async def get_visible_announcement(
    session: AsyncSession, scope: Scope, announcement_id: int
) -> Announcement | None:
    if scope.empty:
        return None
    query = select(Announcement).where(Announcement.id == announcement_id, _visible(scope))
    return (await session.execute(query)).scalar_one_or_none()


def may_act(principal: Principal, announcement: Announcement) -> bool:
    """Stopping or resending is for its author (as in the chat) and for the office."""
    return principal.has_role(Role.ADMIN) or announcement.author_id == principal.member.id


async def announcement_detail(
    session: AsyncSession, scope: Scope, principal: Principal, announcement_id: int
) -> AnnouncementDetail | None:
    """Everything page 4 shows of one announcement; None when the viewer may not see it."""
    announcement = await get_visible_announcement(session, scope, announcement_id)
    if announcement is None:
        return None
    (row,) = await _rows(session, Announcement.id == announcement.id, 0, 1)
    reasons = (
        select(func.coalesce(Delivery.error, ""), func.count())
        .where(Delivery.topic == topic(announcement.id), Delivery.state == DeliveryState.FAILED)
        .group_by(Delivery.error)
        .order_by(func.count().desc())
    )
    failures = [(str(reason), int(count)) for reason, count in await session.execute(reasons)]
    audience, reached = await count_recipients(
        session, selectors(announcement), exclude_member=announcement.author_id
    )
    return AnnouncementDetail(
        row,
        await progress(session, topic(announcement.id)),
        failures,
        audience - reached,
        may_act(principal, announcement),
    )


async def cancel_announcement(
    session: AsyncSession, scope: Scope, principal: Principal, announcement_id: int, now: datetime
) -> tuple[Outcome, int]:
    """Cancel what has not gone yet (the caller commits); (outcome, rows cancelled)."""
    announcement = await get_visible_announcement(session, scope, announcement_id)
    if announcement is None or not may_act(principal, announcement):
        return Outcome.NOT_ALLOWED, 0
    if announcement.state is not AnnouncementState.QUEUED:
        return Outcome.NOT_NOW, 0
    count = await cancel(session, topic(announcement.id))
    announcement.state = AnnouncementState.CANCELLED
    announcement.finished_at = announcement.updated_at = now
    # The progress job redraws the sender's message in the chat ("stopped: …").
    announcement.progress_text = None
    return Outcome.DONE, count


async def resend_announcement(
    session: AsyncSession, scope: Scope, principal: Principal, announcement_id: int, now: datetime
) -> tuple[Outcome, int]:
    """Queue the failed messages again (the caller commits); (outcome, rows queued)."""
    announcement = await get_visible_announcement(session, scope, announcement_id)
    if announcement is None or not may_act(principal, announcement):
        return Outcome.NOT_ALLOWED, 0
    if announcement.state is AnnouncementState.CANCELLED:
        return Outcome.NOT_NOW, 0
    count = await resend_failed(session, topic(announcement.id))
    if count:
        announcement.state, announcement.finished_at = AnnouncementState.QUEUED, None
        announcement.updated_at = now
    return Outcome.DONE, count
