"""Page 4's data: each announcement's progress within the viewer's scope, and the two
actions (cancel what has not gone, resend what failed), allowed to the author and the office."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.announcements.queueing import topic
from bot.web.data.announcements import (
    Outcome,
    announcement_detail,
    cancel_announcement,
    list_announcements,
    resend_announcement,
)
from bot.web.data.scope import scope_of
from storage.db import Database
from storage.models import Announcement, AnnouncementState, Delivery, DeliveryState
from tests.fakes.web_data import (
    ADMIN,
    LEAD_HN,
    LEAD_TB,
    MEMBER_HN,
    NOW,
    principal,
    seed_dashboard,
)

BLOCKED = "Forbidden: bot was blocked by the user"


async def _states(db: Database, announcement_id: int) -> dict[DeliveryState, int]:
    async with db.session() as session:
        query = (
            select(Delivery.state, func.count())
            .where(Delivery.topic == topic(announcement_id))
            .group_by(Delivery.state)
        )
        return {DeliveryState(s): int(n) for s, n in await session.execute(query)}


async def _state(db: Database, announcement_id: int) -> AnnouncementState:
    async with db.session() as session:
        found = await session.get(Announcement, announcement_id)
        assert found is not None
        return found.state


async def test_each_viewer_sees_the_announcements_to_their_units(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    async with demo_db.session() as session:
        seen = {}
        for who in (ADMIN, LEAD_HN, LEAD_TB, MEMBER_HN):
            scope = scope_of(await principal(demo_db, who))
            rows, total = await list_announcements(session, scope, 0, 20)
            assert total == len(rows)
            seen[who] = {row.id: (row.sent, row.pending, row.failed) for row in rows}
    assert seen[ADMIN] == {seeded.to_tb: (1, 2, 0), seeded.done_hn: (1, 0, 1)}
    assert seen[LEAD_HN] == {seeded.done_hn: (1, 0, 1)}
    assert seen[LEAD_TB] == {seeded.to_tb: (1, 2, 0)}
    assert seen[MEMBER_HN] == {}


async def test_the_detail_gives_failures_with_reasons_and_who_cannot_be_reached(
    demo_db: Database,
) -> None:
    seeded = await seed_dashboard(demo_db)
    lead_hn = await principal(demo_db, LEAD_HN)
    lead_tb = await principal(demo_db, LEAD_TB)
    async with demo_db.session() as session:
        detail = await announcement_detail(session, scope_of(lead_hn), lead_hn, seeded.done_hn)
        assert detail is not None
        assert (detail.progress.sent, detail.progress.failed) == (1, 1)
        assert detail.failures == [(BLOCKED, 1)]
        assert detail.unreachable == 1  # the registered member who has not joined
        assert detail.can_act  # the lead wrote it

        detail = await announcement_detail(session, scope_of(lead_tb), lead_tb, seeded.to_tb)
        assert detail is not None
        assert (detail.progress.sent, detail.progress.pending, detail.unreachable) == (1, 2, 1)
        assert not detail.can_act  # the office wrote it

        assert (
            await announcement_detail(session, scope_of(lead_tb), lead_tb, seeded.done_hn) is None
        )
        assert await announcement_detail(session, scope_of(lead_hn), lead_hn, seeded.to_tb) is None


async def test_only_the_author_or_the_office_may_cancel_or_resend(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    lead_tb = await principal(demo_db, LEAD_TB)
    lead_hn = await principal(demo_db, LEAD_HN)
    async with demo_db.session() as session:
        for who in (lead_tb, lead_hn):
            outcome = await cancel_announcement(session, scope_of(who), who, seeded.to_tb, NOW)
            assert outcome == (Outcome.NOT_ALLOWED, 0)
        outcome = await resend_announcement(
            session, scope_of(lead_tb), lead_tb, seeded.done_hn, NOW
        )
        assert outcome == (Outcome.NOT_ALLOWED, 0)
        await session.commit()
    assert await _states(demo_db, seeded.to_tb) == {DeliveryState.SENT: 1, DeliveryState.PENDING: 2}
    assert await _states(demo_db, seeded.done_hn) == {
        DeliveryState.SENT: 1,
        DeliveryState.FAILED: 1,
    }


async def test_the_office_cancels_what_has_not_gone(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    admin = await principal(demo_db, ADMIN)
    async with demo_db.session() as session:
        outcome = await cancel_announcement(session, scope_of(admin), admin, seeded.to_tb, NOW)
        assert outcome == (Outcome.DONE, 2)
        await session.commit()
    assert await _states(demo_db, seeded.to_tb) == {
        DeliveryState.SENT: 1,
        DeliveryState.CANCELLED: 2,
    }
    assert await _state(demo_db, seeded.to_tb) is AnnouncementState.CANCELLED
    async with demo_db.session() as session:
        again = await cancel_announcement(session, scope_of(admin), admin, seeded.to_tb, NOW)
        resend = await resend_announcement(session, scope_of(admin), admin, seeded.to_tb, NOW)
    assert again == resend == (Outcome.NOT_NOW, 0)


async def test_the_author_resends_what_failed(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    lead_hn = await principal(demo_db, LEAD_HN)
    async with demo_db.session() as session:
        outcome = await resend_announcement(
            session, scope_of(lead_hn), lead_hn, seeded.done_hn, NOW
        )
        assert outcome == (Outcome.DONE, 1)
        await session.commit()
    assert await _states(demo_db, seeded.done_hn) == {
        DeliveryState.SENT: 1,
        DeliveryState.PENDING: 1,
    }
    # Queued again, so the progress job follows it and edits the lead's message.
    assert await _state(demo_db, seeded.done_hn) is AnnouncementState.QUEUED
