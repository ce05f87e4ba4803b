"""Logging in to the dashboard: Telegram's initData in the fragment, a session cookie, and
nothing at all for forged, expired or stranger logins, or for a member."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import update

from storage.models import Member
from tests.fakes.dashboard import DashboardRig, init_data
from tests.fakes.rig import TOKEN

ADMIN, LEAD_HN, MEMBER_HN, STRANGER = 1001, 1002, 1003, 999_999


async def test_an_admin_opening_the_app_from_telegram_sees_the_dashboard(
    dashboard: DashboardRig,
) -> None:
    seen = await dashboard.open("/app/", login=init_data(ADMIN), shot="login-admin")
    assert "Kỳ báo cáo" in seen.text
    assert "Không có gì để xem" not in seen.text


async def test_a_page_opened_outside_telegram_asks_to_open_it_from_telegram(
    dashboard: DashboardRig,
) -> None:
    seen = await dashboard.open("/app/ky-bao-cao")
    assert "/bangtin" in seen.text


async def test_forged_expired_and_foreign_logins_see_nothing(dashboard: DashboardRig) -> None:
    day_old = int(time.time()) - 25 * 3600
    forged = init_data(ADMIN).replace("1001", "1002", 1)
    for name, login in [
        ("forged", forged),
        ("wrong-token", init_data(ADMIN, token=TOKEN + "x")),
        ("expired", init_data(ADMIN, auth_date=day_old)),
        ("stranger", init_data(STRANGER)),
    ]:
        seen = await dashboard.open("/app/ky-bao-cao", login=login, shot=f"login-{name}")
        assert "Không có gì để xem" in seen.text, name
        assert "Hà Nội" not in seen.text, name


async def test_a_member_is_told_the_dashboard_is_for_leads(dashboard: DashboardRig) -> None:
    seen = await dashboard.open("/app/ky-bao-cao", login=init_data(MEMBER_HN), shot="member")
    assert "lãnh đạo" in seen.text.lower() or "chi hội" in seen.text.lower()
    assert "Hà Nội" not in seen.text


async def test_the_refusal_is_in_the_language_the_person_chose(dashboard: DashboardRig) -> None:
    async with dashboard.db.session() as session:
        await session.execute(
            update(Member).where(Member.telegram_user_id == MEMBER_HN).values(language="en")
        )
        await session.commit()
    seen = await dashboard.open("/app/ky-bao-cao", login=init_data(MEMBER_HN), shot="member-en")
    assert "Nothing to show" in seen.text
    assert "for chapter leads and the central office" in seen.text
    assert "Không có gì để xem" not in seen.text
    # A stranger is known only by their Telegram app's language.
    stranger = init_data(STRANGER, language="en")
    seen = await dashboard.open("/app/ky-bao-cao", login=stranger, shot="stranger-en")
    assert "does not know you as a member" in seen.text


async def test_a_login_replayed_after_it_expired_sees_nothing(dashboard: DashboardRig) -> None:
    login = init_data(LEAD_HN)
    seen = await dashboard.open("/app/ky-bao-cao", login=login)
    assert "Chưa có kỳ báo cáo nào được mở" in seen.text  # logged in: the page itself
    dashboard.app.skew = timedelta(hours=25)  # the cookie and the initData have both run out
    again = await dashboard.open("/app/ky-bao-cao", login=login, shot="login-replayed")
    assert "Không có gì để xem" in again.text
    assert "kỳ báo cáo nào" not in again.text
