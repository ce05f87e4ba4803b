"""Page 2, Báo cáo, in a real browser: totals, the paragraph with the money in words, the
chart by province, approved figures only, the .xlsx file and the comparison of periods."""

from __future__ import annotations

import io

from aiohttp import ClientSession, CookieJar
from openpyxl import load_workbook
from selenium.webdriver.common.by import By

from tests.fakes.dashboard import DashboardRig, init_data
from tests.fakes.figures import seed_figures

ADMIN, LEAD_HN, LEAD_TB = 1001, 1002, 1005
PAGE = "/app/bao-cao"


async def test_an_admin_sees_totals_paragraph_and_chart(dashboard: DashboardRig) -> None:
    seeded = await seed_figures(dashboard.db)
    seen = await dashboard.open(
        f"{PAGE}?ky={seeded.q1_2020}", login=init_data(ADMIN), shot="reports-admin"
    )
    assert "6.000.000 ₫" in seen.flat  # Hà Nội's 5.000.000 and Sư đoàn 470's 1.000.000
    assert "số liệu từ 2/5 đơn vị, chưa đầy đủ" in seen.flat
    assert "sáu triệu đồng" in seen.flat  # the ready paragraph says the money in words
    bars = dashboard.browser.find_elements(By.CSS_SELECTOR, "#chart svg rect")
    labels = dashboard.browser.find_element(By.CSS_SELECTOR, "#chart svg").text
    assert len(bars) == 2  # a bar per province: Hà Nội and Thái Bình
    assert "Hội Trường Sơn TP Hà Nội: 5.000.000 ₫" in labels


async def test_approved_only_leaves_out_what_is_not_approved(dashboard: DashboardRig) -> None:
    seeded = await seed_figures(dashboard.db)
    seen = await dashboard.open(
        f"{PAGE}?ky={seeded.q1_2020}&duyet=1", login=init_data(ADMIN), shot="reports-approved"
    )
    assert "5.000.000 ₫" in seen.flat
    assert "6.000.000 ₫" not in seen.flat


async def test_comparing_with_the_same_quarter_a_year_before(dashboard: DashboardRig) -> None:
    seeded = await seed_figures(dashboard.db)
    await dashboard.open(f"{PAGE}?ky={seeded.q1_2020}", login=init_data(ADMIN))
    seen = await dashboard.click("compare")
    assert "quý I/2019" in seen.flat
    assert "Hội Trường Sơn TP Hà Nội 5.000.000 ₫ 3.000.000 ₫ +2.000.000 ₫" in seen.flat


async def test_a_lead_sees_their_province_and_nothing_of_another(dashboard: DashboardRig) -> None:
    seeded = await seed_figures(dashboard.db)
    seen = await dashboard.open(PAGE, login=init_data(LEAD_TB), shot="reports-lead")
    assert "Hội Trường Sơn tỉnh Thái Bình" in seen.flat
    assert "Hà Nội" not in seen.flat
    hanoi = f"ky={seeded.q1_2020}&dv={seeded.units['HN']}"
    for path in (f"{PAGE}?{hanoi}", f"{PAGE}/so-sanh?{hanoi}", f"{PAGE}?ky=1&dv=abc"):
        other = await dashboard.open(path, fresh=False)
        assert "không thuộc phạm vi" in other.flat, path
        assert "5.000.000" not in other.flat, path


async def test_the_excel_file_is_the_reports_and_only_for_its_scope(
    dashboard: DashboardRig,
) -> None:
    seeded = await seed_figures(dashboard.db)
    jar = CookieJar(unsafe=True)  # aiohttp keeps no cookies for a bare IP address otherwise
    async with ClientSession(dashboard.base, cookie_jar=jar) as lead:
        async with lead.post("/app/login", data=init_data(LEAD_HN)) as login:
            assert login.status == 204
        query = f"ky={seeded.q1_2020}&dv={seeded.units['HN']}"
        async with lead.get(f"{PAGE}/xlsx?{query}") as mine:
            assert mine.status == 200
            book = load_workbook(io.BytesIO(await mine.read()))
        cells = [str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
        assert "5000000" in cells
        async with lead.get(f"{PAGE}/xlsx?ky={seeded.q1_2020}&dv={seeded.units['TB']}") as other:
            assert other.status == 403
            assert other.content_type == "text/html"
