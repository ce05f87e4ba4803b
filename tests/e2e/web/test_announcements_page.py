"""Page 4, Thông báo, in a real browser: progress, failures in words, and the two actions
(stop, resend) for the author and the office only, each with the form's token."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.announcements.queueing import topic
from storage.models import Delivery, DeliveryState
from tests.fakes.dashboard import DashboardRig, init_data
from tests.fakes.web_data import ADMIN, LEAD_HN, LEAD_TB, MEMBER_TB, seed_dashboard

PAGE = "/app/thong-bao"


async def _count(dashboard: DashboardRig, announcement: int, state: DeliveryState) -> int:
    async with dashboard.db.session() as session:
        query = select(func.count()).where(
            Delivery.topic == topic(announcement), Delivery.state == state
        )
        return int((await session.execute(query)).scalar_one())


def _token(dashboard: DashboardRig) -> str:
    field = dashboard.browser.find_element("name", "csrf")
    return str(field.get_attribute("value"))


async def test_the_office_sees_progress_and_stops_what_has_not_gone(
    dashboard: DashboardRig,
) -> None:
    seeded = await seed_dashboard(dashboard.db)
    listed = await dashboard.open(PAGE, login=init_data(ADMIN), shot="announcements-admin")
    assert "Họp mặt 22/12" in listed.text and "Chúc mừng 19/5" in listed.text
    seen = await dashboard.open(f"{PAGE}/{seeded.to_tb}", fresh=False, shot="announcement-admin")
    assert "Đang chờ 2" in seen.flat and "Đã gửi 1" in seen.flat
    assert "Chưa dùng Telegram (không gửi tới được) 1" in seen.flat
    await asyncio.to_thread(dashboard.browser.execute_script, "window.confirm = () => true")
    stopped = await dashboard.click("cancel")
    assert "Đã dừng: 2 tin sẽ không được gửi." in stopped.text
    assert "Dừng trước khi gửi 2" in stopped.flat
    assert await _count(dashboard, seeded.to_tb, DeliveryState.CANCELLED) == 2


async def test_the_author_resends_what_failed_with_the_reason_in_words(
    dashboard: DashboardRig,
) -> None:
    seeded = await seed_dashboard(dashboard.db)
    await dashboard.open(PAGE, login=init_data(LEAD_HN))
    seen = await dashboard.open(f"{PAGE}/{seeded.done_hn}", fresh=False, shot="announcement-lead")
    assert "đã chặn bot hoặc đã xoá tài khoản Telegram" in seen.text
    resent = await dashboard.click("resend")
    assert "Sẽ gửi lại 1 tin." in resent.text
    assert "Đang chờ 1" in resent.flat and "Không gửi được 0" in resent.flat
    assert await _count(dashboard, seeded.done_hn, DeliveryState.FAILED) == 0
    assert await _count(dashboard, seeded.done_hn, DeliveryState.PENDING) == 1


async def test_a_form_without_its_token_or_from_another_lead_changes_nothing(
    dashboard: DashboardRig,
) -> None:
    seeded = await seed_dashboard(dashboard.db)
    await dashboard.open(f"{PAGE}/{seeded.done_hn}", login=init_data(LEAD_HN))
    token = await asyncio.to_thread(_token, dashboard)
    assert await dashboard.post_form(f"{PAGE}/{seeded.done_hn}/gui-lai", {}) == 403
    assert await dashboard.post_form(f"{PAGE}/{seeded.done_hn}/gui-lai", {"csrf": "x" * 64}) == 403
    # The Hà Nội lead's own token does not let them stop the office's notice to Thái Bình.
    assert await dashboard.post_form(f"{PAGE}/{seeded.to_tb}/dung", {"csrf": token}) == 403
    assert await _count(dashboard, seeded.done_hn, DeliveryState.FAILED) == 1
    assert await _count(dashboard, seeded.to_tb, DeliveryState.PENDING) == 2


async def test_a_lead_sees_their_province_only_and_cannot_stop_the_offices_notice(
    dashboard: DashboardRig,
) -> None:
    seeded = await seed_dashboard(dashboard.db)
    listed = await dashboard.open(PAGE, login=init_data(LEAD_TB), shot="announcements-lead")
    assert "Họp mặt 22/12" in listed.text
    assert "Chúc mừng 19/5" not in listed.text
    seen = await dashboard.open(f"{PAGE}/{seeded.to_tb}", fresh=False)
    assert "Chỉ người gửi hoặc Trung ương Hội mới dừng hoặc gửi lại được." in seen.text
    assert "Dừng 2 tin chưa gửi" not in seen.text
    other = await dashboard.open(
        f"{PAGE}/{seeded.done_hn}", fresh=False, shot="announcement-lead-foreign"
    )
    assert "không thuộc phạm vi" in other.text
    assert "Chúc mừng" not in other.text


async def test_a_member_sees_nothing(dashboard: DashboardRig) -> None:
    seeded = await seed_dashboard(dashboard.db)
    seen = await dashboard.open(
        f"{PAGE}/{seeded.to_tb}", login=init_data(MEMBER_TB), shot="announcements-member"
    )
    assert "lãnh đạo chi hội" in seen.text
    assert "Họp mặt" not in seen.text
