"""Page 5, Đơn vị và hội viên, in a real browser as an admin, a lead and a member."""

from __future__ import annotations

from tests.fakes.dashboard import DashboardRig, init_data
from tests.fakes.web_data import ADMIN, LEAD_TB, MEMBER_TB, seed_dashboard

PAGE = "/app/don-vi"


async def test_the_office_sees_the_coverage_and_the_map(dashboard: DashboardRig) -> None:
    await seed_dashboard(dashboard.db)
    seen = await dashboard.open(PAGE, login=init_data(ADMIN), shot="units-admin")
    assert "10 trên 12 hội viên đã đăng ký đã dùng bot trên Telegram (83%)." in seen.text
    # Thái Bình: four registered, three on Telegram, one open invite, its lead.
    assert (
        "Hội Trường Sơn tỉnh Thái Bình › hội tỉnh / thành phố 4 3 75% 1 Hoàng Văn Em Nhật ký"
        in seen.flat
    )
    tree = seen.flat.split("Sơ đồ các cấp", 1)[1]
    assert "Hội Trường Sơn xã Vũ Thư 0% (0/1)" in tree
    assert tree.count("Hội Nữ CSTS tỉnh Thái Bình") == 2  # under its province and under Hội Nữ


async def test_a_lead_drills_down_their_province_and_no_further(dashboard: DashboardRig) -> None:
    seeded = await seed_dashboard(dashboard.db)
    seen = await dashboard.open(PAGE, login=init_data(LEAD_TB), shot="units-lead")
    assert "3 trên 4 hội viên" in seen.text
    assert "Hà Nội" not in seen.text and "Sư đoàn 470" not in seen.text
    commune = await dashboard.open(f"{PAGE}?dv={seeded.units['TB-XA']}", fresh=False)
    assert "Chi hội thôn Đông" in commune.text
    for code in ("HN", "TW", "SD470"):
        other = await dashboard.open(
            f"{PAGE}?dv={seeded.units[code]}", fresh=False, shot="units-lead-foreign"
        )
        assert "không thuộc phạm vi" in other.text
        assert "Trần Thị Bình" not in other.text and "Ngô Văn Khải" not in other.text


async def test_a_member_sees_nothing(dashboard: DashboardRig) -> None:
    await seed_dashboard(dashboard.db)
    seen = await dashboard.open(PAGE, login=init_data(MEMBER_TB), shot="units-member")
    assert "lãnh đạo chi hội" in seen.text
    assert "Thái Bình" not in seen.text
