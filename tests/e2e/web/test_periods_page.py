"""Page 1, Kỳ báo cáo, in a real browser as an admin, a lead of one province and a member."""

from __future__ import annotations

from datetime import date

from selenium.webdriver.common.by import By
from sqlalchemy import func, select, update

from storage.models import Delivery, Member, Membership, ReportingPeriod, Role
from storage.people.members import add_role
from tests.fakes.dashboard import DashboardRig, init_data
from tests.fakes.figures import seed_figures

ADMIN, LEAD_HN, MEMBER_HN = 1001, 1002, 1003
PAGE = "/app/ky-bao-cao"


async def test_an_admin_sees_every_unit_with_its_state_in_words(dashboard: DashboardRig) -> None:
    seeded = await seed_figures(dashboard.db)
    seen = await dashboard.open(
        f"{PAGE}?ky={seeded.q1_2020}", login=init_data(ADMIN), shot="periods-admin"
    )
    assert "quý I/2020" in seen.text
    for name in ("Hội Trường Sơn TP Hà Nội", "Hội Trường Sơn tỉnh Thái Bình", "Sư đoàn 470"):
        assert name in seen.text
    # Expected, sent, on time, late, not sent, approved; the state in words, not only colour.
    assert "Hội Trường Sơn TP Hà Nội 1 1 1 0 0 1 đã gửi đủ" in seen.flat
    assert "Hội Trường Sơn tỉnh Thái Bình 2 0 0 0 2 0 chưa ai gửi" in seen.flat
    assert "Toàn Trung ương Hội (40%) 5 2 2 0 3 1 còn thiếu" in seen.flat
    assert "Nhắc 3 đơn vị chưa gửi" in seen.text


async def test_a_lead_sees_their_province_only(dashboard: DashboardRig) -> None:
    seeded = await seed_figures(dashboard.db)
    seen = await dashboard.open(PAGE, login=init_data(LEAD_HN), shot="periods-lead")
    assert "Hội Trường Sơn TP Hà Nội" in seen.text
    assert "Thái Bình" not in seen.text
    assert "Số liệu của Hội Trường Sơn TP Hà Nội" in seen.text  # its figures and history
    assert "100" in seen.text
    other = await dashboard.open(
        f"{PAGE}?ky={seeded.q1_2020}&dv={seeded.units['TB']}", fresh=False, shot="periods-lead-tb"
    )
    assert "không thuộc phạm vi" in other.text
    assert "Thái Bình" not in other.text
    root = await dashboard.open(f"{PAGE}?dv={seeded.units['TW']}", fresh=False)
    assert "Sư đoàn 470" not in root.text


async def test_a_member_sees_nothing(dashboard: DashboardRig) -> None:
    await seed_figures(dashboard.db)
    seen = await dashboard.open(PAGE, login=init_data(MEMBER_HN), shot="periods-member")
    assert "lãnh đạo chi hội" in seen.text
    assert "Hà Nội" not in seen.text


async def test_a_cookie_stops_working_when_the_role_is_taken_away(
    dashboard: DashboardRig,
) -> None:
    await seed_figures(dashboard.db)
    seen = await dashboard.open(PAGE, login=init_data(LEAD_HN))
    assert "Hội Trường Sơn TP Hà Nội" in seen.text
    async with dashboard.db.session() as session:
        await session.execute(
            update(Membership).where(Membership.role == Role.LEAD).values(role=Role.MEMBER)
        )
        await session.commit()
    again = await dashboard.open(PAGE, fresh=False, shot="periods-role-removed")
    assert "Hà Nội" not in again.text
    assert "lãnh đạo chi hội" in again.text


async def test_drilling_down_shows_a_units_figures_and_history(dashboard: DashboardRig) -> None:
    seeded = await seed_figures(dashboard.db)
    await dashboard.open(f"{PAGE}?ky={seeded.q1_2020}", login=init_data(ADMIN))
    seen = await dashboard.open(
        f"{PAGE}?ky={seeded.q1_2020}&dv={seeded.units['SD470']}", fresh=False, shot="periods-unit"
    )
    assert "Số liệu của Hội Trường Sơn Sư đoàn 470" in seen.text
    assert "Lịch sử" in seen.text
    assert "1.000.000" in seen.text


async def test_the_chase_button_reminds_each_missing_unit_once(dashboard: DashboardRig) -> None:
    seeded = await seed_figures(dashboard.db)
    await dashboard.open(f"{PAGE}?ky={seeded.q1_2020}", login=init_data(ADMIN))
    seen = await dashboard.click("chase")
    assert "Đã xếp 2 lời nhắc" in seen.text  # the leads of Thái Bình and Hội Nữ
    async with dashboard.db.session() as session:
        reminders = Delivery.topic.like("fig-remind:%")
        chased = select(func.count()).select_from(Delivery).where(reminders)
        first = (await session.execute(chased)).scalar_one()
    again = await dashboard.click("chase")
    assert "Đã xếp 0 lời nhắc" in again.text
    async with dashboard.db.session() as session:
        assert (await session.execute(chased)).scalar_one() == first == 2


async def test_a_chase_posted_without_the_forms_token_reminds_nobody(
    dashboard: DashboardRig,
) -> None:
    seeded = await seed_figures(dashboard.db)
    await dashboard.open(f"{PAGE}?ky={seeded.q1_2020}", login=init_data(ADMIN))
    form = {"ky": str(seeded.q1_2020), "dv": str(seeded.units["TW"])}
    assert await dashboard.post_form(f"{PAGE}/nhac", form) == 403
    assert await dashboard.post_form(f"{PAGE}/nhac", {**form, "csrf": "x" * 64}) == 403
    async with dashboard.db.session() as session:
        reminders = select(func.count()).select_from(Delivery)
        assert (
            await session.execute(reminders.where(Delivery.topic.like("fig-remind:%")))
        ).scalar_one() == 0


async def test_a_lead_of_two_units_can_start_at_either(dashboard: DashboardRig) -> None:
    seeded = await seed_figures(dashboard.db)
    async with dashboard.db.session() as session:
        lead = await session.execute(select(Member).where(Member.telegram_user_id == LEAD_HN))
        await add_role(session, lead.scalar_one(), seeded.units["SD470"], Role.LEAD)
        await session.commit()
    seen = await dashboard.open(PAGE, login=init_data(LEAD_HN))
    assert "Hội Trường Sơn TP Hà Nội" in seen.text
    header = dashboard.browser.find_element(By.TAG_NAME, "header").text
    assert "Đơn vị của đồng chí:" in header
    other = await dashboard.open(f"{PAGE}?dv={seeded.units['SD470']}", fresh=False)
    assert "Số liệu của Hội Trường Sơn Sư đoàn 470" in other.text
    refused = await dashboard.open(f"{PAGE}?dv={seeded.units['TB']}", fresh=False)
    assert "không thuộc phạm vi" in refused.text


async def test_a_unit_shows_its_record_over_the_last_periods(dashboard: DashboardRig) -> None:
    seeded = await seed_figures(dashboard.db)
    async with dashboard.db.session() as session:
        # Hà Nội's report of 2019 came long after that period's deadline.
        await session.execute(
            update(ReportingPeriod)
            .where(ReportingPeriod.id == seeded.q1_2019)
            .values(deadline=date(2019, 4, 10), grace_days=0)
        )
        await session.commit()
    seen = await dashboard.open(
        f"{PAGE}?ky={seeded.q1_2020}", login=init_data(ADMIN), shot="periods-record"
    )
    record = seen.flat[seen.flat.index("Các kỳ gần đây") :]
    # Period, expected, sent, on time, late, not sent: the chosen one first.
    assert "quý I/2020 5 2 2 0 3 quý I/2019 5 1 0 1 4" in record
    hanoi = await dashboard.open(f"{PAGE}?ky={seeded.q1_2020}&dv={seeded.units['HN']}", fresh=False)
    record = hanoi.flat[hanoi.flat.index("Các kỳ gần đây") :]
    assert "quý I/2020 1 1 1 0 0 quý I/2019 1 1 0 1 0" in record
    # From the older period, the newer one is not "the last".
    older = await dashboard.open(f"{PAGE}?ky={seeded.q1_2019}", fresh=False)
    assert "Các kỳ gần đây" not in older.text
