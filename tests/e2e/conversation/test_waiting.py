"""What the bot waits for: one record per member, routed to the feature that asked, ended by
a command, and given up (the member told once) when it goes stale."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from bot.app.jobs import JobContext
from bot.conversation.expiry import expire_stale
from storage.models import (
    Announcement,
    AnnouncementState,
    FigureDraft,
    FigureValue,
    Member,
    ScheduleDraft,
    Wait,
)
from tests.fakes.delivery import deliver
from tests.fakes.figures import open_q1, store_default_indicators
from tests.fakes.rig import Rig

ADMIN, LEAD_HN, LEAD_TB = 1001, 1002, 1005


async def wait_of(rig: Rig, telegram_id: int) -> Wait | None:
    async with rig.db.session() as session:
        query = (
            select(Wait)
            .join(Member, Member.id == Wait.member_id)
            .where(Member.telegram_user_id == telegram_id)
        )
        return (await session.execute(query)).scalar_one_or_none()


async def count(rig: Rig, model: type, **where: object) -> int:
    async with rig.db.session() as session:
        query = select(func.count()).select_from(model).filter_by(**where)
        return int((await session.execute(query)).scalar_one())


async def age_wait(rig: Rig, telegram_id: int, days: int) -> None:
    """As if the bot had asked `days` days earlier."""
    wait = await wait_of(rig, telegram_id)
    assert wait is not None
    async with rig.db.session() as session:
        await session.execute(
            update(Wait)
            .where(Wait.member_id == wait.member_id)
            .values(
                asked_at=wait.asked_at - timedelta(days=days),
                stale_at=wait.stale_at - timedelta(days=days),
            )
        )
        await session.commit()


def job_at(rig: Rig, moment: datetime) -> JobContext:
    return JobContext(rig.db, rig.app.bot, rig.settings, moment)


async def test_a_calendar_draft_left_a_week_is_given_up_and_the_lead_told_once(rig: Rig) -> None:
    lead = rig.lead_hn
    await lead.send("/lichmoi")
    await lead.send("Gặp mặt kỷ niệm ngày truyền thống")
    wait = await wait_of(rig, LEAD_HN)
    assert wait is not None and (wait.feature, wait.step) == ("schedule", "period")
    assert wait.stale_at - wait.asked_at == timedelta(days=7)

    now = datetime.now(UTC)
    assert await expire_stale(job_at(rig, now + timedelta(days=6))) == 0, "not stale yet"
    assert await count(rig, ScheduleDraft) == 1
    assert await expire_stale(job_at(rig, now + timedelta(days=8))) == 1
    assert await expire_stale(job_at(rig, now + timedelta(days=9))) == 0, "told once"
    await deliver(rig, now=now + timedelta(days=10))

    notices = [text for text in lead.texts() if "hơn 7 ngày" in text]
    assert len(notices) == 1, lead.texts()
    assert "mục lịch" in notices[0] and "/lich" in notices[0]
    assert await count(rig, ScheduleDraft) == 0
    assert await wait_of(rig, LEAD_HN) is None
    await lead.send("19/5/2027")
    assert "/help" in (lead.last.text or ""), "a date now is not the given-up item's time"


async def test_coming_back_to_a_stale_submission_says_so_once_and_keeps_nothing(
    rig: Rig,
) -> None:
    await store_default_indicators(rig.db)
    await open_q1(rig)
    rig.app.bot_data.settings = replace(rig.settings, draft_days=2)
    lead = rig.lead_tb
    await lead.send("/nop")
    assert "1/4. Nhà tình nghĩa" in lead.last.shown
    wait = await wait_of(rig, LEAD_TB)
    assert wait is not None and wait.feature == "figures"
    assert wait.stale_at - wait.asked_at == timedelta(days=2), "HOIBOT_DRAFT_DAYS"

    await age_wait(rig, LEAD_TB, days=3)
    before = len(lead.texts())
    await lead.send("3")
    said = lead.texts()[before:]
    assert any("hơn 2 ngày" in text and "/nop" in text for text in said), said
    assert "/help" in said[-1], "the 3 is not taken as a figure of the given-up report"
    assert await count(rig, FigureDraft) == 0
    assert await count(rig, FigureValue) == 0
    assert await wait_of(rig, LEAD_TB) is None

    again = len(lead.texts())
    await lead.send("4")
    assert not any("hơn 2 ngày" in text for text in lead.texts()[again:]), "told once"


async def test_a_command_ends_the_wait_and_the_draft_stays(rig: Rig) -> None:
    admin = rig.admin
    await admin.send("/thongbao")
    wait = await wait_of(rig, ADMIN)
    assert wait is not None and (wait.feature, wait.step) == ("announce", "content")
    await admin.send("/toi")
    assert await wait_of(rig, ADMIN) is None
    await admin.send("Họp chi hội lúc 8:00 thứ Hai")
    assert "/help" in (admin.last.text or ""), "the text is not taken as the announcement"
    assert await count(rig, Announcement, state=AnnouncementState.DRAFT) == 1


async def test_each_answer_goes_to_the_feature_that_asked(rig: Rig) -> None:
    """A lead in the middle of a calendar item and an admin writing an announcement type the
    same words: each lands in its own draft, and nobody else's."""
    lead, admin = rig.lead_hn, rig.admin
    await lead.send("/lichmoi")
    await admin.send("/thongbao")
    await lead.send("Họp chi hội quý I")
    await admin.send("Họp chi hội quý I")
    lead_wait, admin_wait = await wait_of(rig, LEAD_HN), await wait_of(rig, ADMIN)
    assert lead_wait is not None and (lead_wait.feature, lead_wait.step) == ("schedule", "period")
    assert admin_wait is None, "the announcement's content was taken; it asks with buttons now"
    async with rig.db.session() as session:
        draft = (await session.execute(select(ScheduleDraft))).scalar_one()
        announcement = (await session.execute(select(Announcement))).scalar_one()
    assert "Họp chi hội quý I" in draft.payload
    assert "Họp chi hội quý I" in (announcement.text or "")
