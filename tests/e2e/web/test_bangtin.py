"""/bangtin in the chat: leads and admins get a button that opens the dashboard, and a
one-time link for a computer; members and strangers get a polite no."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from aiohttp import ClientSession, CookieJar

from bot.app.web import WebServer
from bot.web.server import Dashboard
from tests.fakes.dashboard import free_port
from tests.fakes.rig import Rig


@pytest.fixture
async def served(rig: Rig) -> AsyncIterator[str]:
    """The rig's bot with the dashboard turned on and served on loopback."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = replace(rig.settings, web_url=base, web_port=port)
    rig.app.bot_data.settings = settings
    server = WebServer(rig.db, mounts=[Dashboard(rig.db, settings).mount])
    await server.start("127.0.0.1", port)
    yield base
    await server.stop()


async def test_an_admin_gets_a_button_that_opens_the_app_and_a_menu_button(
    rig: Rig, served: str
) -> None:
    await rig.admin.send("/bangtin")
    last = rig.admin.last
    assert "Bảng tin" in (last.text or "")
    assert last.raw["reply_markup"]["inline_keyboard"][0][0]["web_app"] == {"url": f"{served}/app/"}
    menu = rig.fake.world.menu_buttons[1001]
    assert menu["type"] == "web_app"
    assert menu["web_app"]["url"] == f"{served}/app/"


async def test_members_and_strangers_are_refused(rig: Rig, served: str) -> None:
    for person in (rig.member_hn, rig.stranger):
        await person.send("/bangtin")
        assert "web_app" not in str(person.last.raw.get("reply_markup", ""))
        assert "Xin lỗi" in (person.last.text or "")
    assert 1003 not in rig.fake.world.menu_buttons


async def test_a_link_for_a_computer_works_once(rig: Rig, served: str) -> None:
    await rig.lead_hn.send("/bangtin link")
    found = re.search(r"http://\S+", rig.lead_hn.last.text or "")
    assert found is not None
    # unsafe: aiohttp keeps no cookies for a bare IP address unless told to.
    jar = CookieJar(unsafe=True)
    async with ClientSession(cookie_jar=jar) as browser:
        async with browser.get(found.group(0)) as first:
            assert first.status == 200
            assert "Hội Trường Sơn TP Hà Nội" in await first.text()
        async with browser.post(f"{served}/app/logout") as logged_out:
            assert logged_out.status == 401  # back on the page that asks to open Telegram
            assert "Hà Nội" not in await logged_out.text()
    async with ClientSession() as other, other.get(found.group(0)) as again:
        assert again.status == 403
        assert "Hà Nội" not in await again.text()


async def test_without_the_setting_the_lead_is_told_it_is_off(rig: Rig) -> None:
    await rig.lead_hn.send("/bangtin")
    assert "chưa được bật" in (rig.lead_hn.last.text or "")
