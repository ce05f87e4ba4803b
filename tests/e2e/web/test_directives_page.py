"""Page 3, Văn bản, in a real browser as an admin, a lead of one province and a member."""

from __future__ import annotations

from tests.fakes.dashboard import DashboardRig, init_data
from tests.fakes.web_data import ADMIN, LEAD_TB, MEMBER_HN, seed_dashboard

PAGE = "/app/van-ban"
OUTSIDE = "không thuộc phạm vi"


async def test_an_admin_sees_every_directive_by_unit(dashboard: DashboardRig) -> None:
    seeded = await seed_dashboard(dashboard.db)
    listed = await dashboard.open(PAGE, login=init_data(ADMIN), shot="directives-admin")
    assert "Kế hoạch kiểm tra thi đua năm 2020" in listed.text
    assert "Công văn về ngày 19/5" in listed.text
    seen = await dashboard.open(f"{PAGE}/{seeded.everyone}", fresh=False, shot="directive-admin")
    assert "1 trên 12 người đã xác nhận" in seen.flat
    for unit in ("Hội Trường Sơn TP Hà Nội", "Hội Trường Sơn tỉnh Thái Bình", "Sư đoàn 470"):
        assert unit in seen.text
    # Nobody on Telegram in the commune (its one member has not joined) or its branch.
    assert "Hội Trường Sơn xã Vũ Thư" in seen.text and "Chi hội thôn Đông" in seen.text
    # Thái Bình and Sư đoàn 470 were reminded; nobody has told their parents yet.
    reminders = seen.flat.split("Nhắc nhở", 1)[1]
    assert "Hội Trường Sơn tỉnh Thái Bình 10:00 20/11/2026 —" in reminders
    assert "Hội Trường Sơn Sư đoàn 470 10:00 20/11/2026 —" in reminders
    assert "Hà Nội" not in reminders


async def test_search_needs_no_accents(dashboard: DashboardRig) -> None:
    await seed_dashboard(dashboard.db)
    seen = await dashboard.open(f"{PAGE}?q=cong+van", login=init_data(ADMIN))
    assert "Công văn về ngày 19/5" in seen.text
    assert "Kế hoạch kiểm tra" not in seen.text
    none = await dashboard.open(f"{PAGE}?q=khong+co+dau", fresh=False)
    assert "Không có văn bản nào" in none.text


async def test_a_lead_sees_their_province_and_drills_down_to_people(
    dashboard: DashboardRig,
) -> None:
    seeded = await seed_dashboard(dashboard.db)
    listed = await dashboard.open(PAGE, login=init_data(LEAD_TB), shot="directives-lead")
    assert "Kế hoạch kiểm tra thi đua năm 2020" in listed.text
    assert "Công văn về ngày 19/5" not in listed.text  # sent to Hà Nội alone
    seen = await dashboard.open(f"{PAGE}/{seeded.everyone}", fresh=False, shot="directive-lead")
    assert "0 trên 4 người đã xác nhận" in seen.flat
    assert "Hà Nội" not in seen.text and "Sư đoàn 470" not in seen.text
    commune = await dashboard.open(
        f"{PAGE}/{seeded.everyone}?dv={seeded.units['TB-XA']}", fresh=False
    )
    assert "Lý Văn Nam — chưa dùng Telegram" in commune.text


async def test_a_lead_asking_for_another_provinces_directive_sees_nothing(
    dashboard: DashboardRig,
) -> None:
    seeded = await seed_dashboard(dashboard.db)
    await dashboard.open(PAGE, login=init_data(LEAD_TB))
    for path in (
        f"{PAGE}/{seeded.hanoi}",
        f"{PAGE}/{seeded.everyone}?dv={seeded.units['HN']}",
        f"{PAGE}/{seeded.everyone}?dv={seeded.units['TW']}",
    ):
        seen = await dashboard.open(path, fresh=False, shot="directive-lead-foreign")
        assert OUTSIDE in seen.text, path
        assert "Hà Nội" not in seen.text and "Trần Thị Bình" not in seen.text


async def test_a_member_sees_nothing(dashboard: DashboardRig) -> None:
    seeded = await seed_dashboard(dashboard.db)
    seen = await dashboard.open(
        f"{PAGE}/{seeded.everyone}", login=init_data(MEMBER_HN), shot="directives-member"
    )
    assert "lãnh đạo chi hội" in seen.text
    assert "Kế hoạch" not in seen.text
