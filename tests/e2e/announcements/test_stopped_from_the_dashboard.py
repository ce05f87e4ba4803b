"""An announcement stopped from the dashboard: what had not gone is cancelled, and the
sender's progress message in the chat says so at the progress job's next round."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from bot.announcements.progress import run_progress
from bot.app.jobs import JobContext
from bot.people.access import load_principal
from bot.web.data.announcements import Outcome, cancel_announcement
from bot.web.data.scope import scope_of
from storage.models import Announcement, DeliveryState
from tests.fakes.delivery import (
    ADMIN,
    LEAD_SD470,
    MEMBER_NU_TB,
    MEMBER_SD470,
    deliver,
    last_announcement,
    later,
    rows,
)
from tests.fakes.rig import Rig


async def test_the_chat_shows_a_stop_made_on_the_dashboard(rig: Rig) -> None:
    rig.settings = dataclasses.replace(rig.settings, quiet_hours=None)
    rig.app.bot_data.settings = rig.settings
    admin = rig.admin
    await admin.send("/thongbao Họp mặt cuối năm lúc 8:00 ngày 22/12.")
    await admin.press("👥 Mọi hội viên")
    await admin.press("✅ Gửi")
    progress = admin.last
    rig.expect_rejections = True
    for slow in (MEMBER_NU_TB, LEAD_SD470, MEMBER_SD470):
        rig.fake.fail("sendMessage", status=500, chat_id=slow, times=None)
    await deliver(rig, now=later(seconds=1))
    number = await last_announcement(rig)

    async with rig.db.session() as session:
        principal = await load_principal(session, ADMIN)
        assert principal is not None
        outcome = await cancel_announcement(
            session, scope_of(principal), principal, number, datetime.now(UTC)
        )
        await session.commit()
    assert outcome == (Outcome.DONE, 3)
    await run_progress(JobContext(rig.db, rig.app.bot, rig.settings, datetime.now(UTC)))
    await rig.settle()
    assert progress.text == f"⏹ Đã dừng thông báo số {number}: đã gửi 6 tin, huỷ 3 tin chưa gửi."
    assert progress.labels() == []
    async with rig.db.session() as session:
        stopped = await session.get(Announcement, number)
        assert stopped is not None
        # Recorded, so the job does not redraw it at every round.
        assert stopped.progress_text == progress.text
    rig.fake.clear_faults()
    assert (await deliver(rig, now=later(hours=2))).claimed == 0
    assert {r.state for r in await rows(rig, topic=f"announce:{number}")} == {
        DeliveryState.SENT,
        DeliveryState.CANCELLED,
    }
