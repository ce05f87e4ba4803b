"""Page 6, Nhật ký, in a real browser: the log by member, unit and day; the CSV download
with phone numbers masked; nothing of another province."""

from __future__ import annotations

import aiohttp

from tests.fakes.dashboard import DashboardRig, init_data
from tests.fakes.web_data import ADMIN, LEAD_HN, LEAD_TB, MEMBER_HN, principal, seed_dashboard

PAGE = "/app/nhat-ky"


async def _download(dashboard: DashboardRig, path: str) -> tuple[int, str]:
    cookies = {c["name"]: c["value"] for c in dashboard.browser.get_cookies()}
    async with (
        aiohttp.ClientSession(cookies=cookies) as client,
        client.get(dashboard.base + path) as response,
    ):
        return response.status, await response.text()


async def test_the_office_reads_everything_with_phones_masked(dashboard: DashboardRig) -> None:
    await seed_dashboard(dashboard.db)
    seen = await dashboard.open(PAGE, login=init_data(ADMIN), shot="log-admin")
    assert "Số của tôi là *******003" in seen.text
    assert "0912 000 003" not in seen.text
    assert "/lich" in seen.text and "xin chào" in seen.text
    status, text = await _download(dashboard, PAGE + ".csv")
    assert status == 200
    assert text.lstrip("\ufeff").startswith("id,at,direction,kind,")
    assert "*******003" in text and "0912 000 003" not in text
    assert len(text.strip().splitlines()) == 4


async def test_a_lead_reads_their_province_by_member_and_day(dashboard: DashboardRig) -> None:
    seeded = await seed_dashboard(dashboard.db)
    seen = await dashboard.open(PAGE, login=init_data(LEAD_HN), shot="log-lead")
    assert "Lê Văn Cường" in seen.text
    assert "/lich" not in seen.text and "xin chào" not in seen.text
    by_unit = await dashboard.open(f"{PAGE}?dv={seeded.units['HN']}", fresh=False)
    assert "Đơn vị: Hội Trường Sơn TP Hà Nội và các đơn vị trực thuộc." in by_unit.text
    assert "Số của tôi là *******003" in by_unit.text
    later = await dashboard.open(f"{PAGE}?tu=2026-11-19", fresh=False)
    assert "Nhật ký ở đây chưa có gì." in later.text
    status, text = await _download(dashboard, f"{PAGE}.csv?dv={seeded.units['HN']}")
    assert status == 200 and len(text.strip().splitlines()) == 2
    other = await dashboard.open(
        f"{PAGE}?dv={seeded.units['TB']}", fresh=False, shot="log-lead-foreign"
    )
    assert "không thuộc phạm vi" in other.text and "/lich" not in other.text
    status, text = await _download(dashboard, f"{PAGE}.csv?dv={seeded.units['TB']}")
    assert status == 403 and "/lich" not in text


async def test_another_provinces_member_shows_nothing(dashboard: DashboardRig) -> None:
    await seed_dashboard(dashboard.db)
    member_hn = (await principal(dashboard.db, MEMBER_HN)).member.id
    admin_view = await dashboard.open(f"{PAGE}?hv={member_hn}", login=init_data(ADMIN))
    assert "Lê Văn Cường" in admin_view.text
    seen = await dashboard.open(f"{PAGE}?hv={member_hn}", login=init_data(LEAD_TB))
    assert "Nhật ký ở đây chưa có gì." in seen.text
    assert "Lê Văn Cường" not in seen.text


async def test_a_member_sees_nothing(dashboard: DashboardRig) -> None:
    await seed_dashboard(dashboard.db)
    seen = await dashboard.open(PAGE, login=init_data(MEMBER_HN), shot="log-member")
    assert "lãnh đạo chi hội" in seen.text
    status, text = await _download(dashboard, PAGE + ".csv")
    assert status == 403 and "xin chào" not in text
