"""The bot process serves the dashboard on HOIBOT_WEB_PORT, beside /healthz, on one app."""

from __future__ import annotations

from aiohttp import ClientSession

from bot.app.application import build_application, start_polling, start_webhook, stop_polling
from bot.fakeapi import FakeTelegram
from storage.db import Database
from tests.fakes.dashboard import free_port
from tests.fakes.rig import rig_settings


async def test_long_polling_with_a_web_port_serves_the_dashboard(
    fake: FakeTelegram, demo_db: Database
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = rig_settings(fake, demo_db, web_port=port, web_listen="127.0.0.1", web_url=base)
    application = build_application(settings, demo_db)
    await start_polling(application, poll_timeout=1)
    try:
        async with ClientSession(base) as browser:
            async with browser.get("/app/ky-bao-cao") as page:
                assert page.status == 401  # not logged in: the page says to open it from Telegram
                assert "/bangtin" in await page.text()
            async with browser.get("/healthz") as health:
                assert health.status == 200
    finally:
        await stop_polling(application)
    async with ClientSession() as browser:
        try:
            await browser.get(f"{base}/healthz")
        except OSError:
            return
    raise AssertionError("the dashboard still answers after the bot stopped")


async def test_a_webhook_process_serves_the_dashboard_on_its_own_port_too(
    fake: FakeTelegram, demo_db: Database
) -> None:
    hook_port, web_port = free_port(), free_port()
    settings = rig_settings(
        fake,
        demo_db,
        webhook_url=f"http://127.0.0.1:{hook_port}/hook",
        webhook_secret="s3cret",
        webhook_listen="127.0.0.1",
        webhook_port=hook_port,
        web_port=web_port,
        web_listen="127.0.0.1",
        web_url=f"http://127.0.0.1:{web_port}",
    )
    application = build_application(settings, demo_db)
    await start_webhook(application, "hook")
    try:
        async with ClientSession() as browser:
            for port in (hook_port, web_port):  # one application, listening on both
                async with browser.get(f"http://127.0.0.1:{port}/app/ky-bao-cao") as page:
                    assert page.status == 401
                async with browser.post(f"http://127.0.0.1:{port}/hook") as hook:
                    assert hook.status == 403  # the webhook wants its secret
    finally:
        await stop_polling(application)
