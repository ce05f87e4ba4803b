"""Webhook mode: updates arrive over HTTP with the secret token; anything else gets 403."""

from __future__ import annotations

import logging
import socket

import httpx
import pytest

from bot.app.application import HoiApplication, build_application, start_webhook, stop_polling
from bot.app.runner import webhook_path
from bot.fakeapi import FakeTelegram
from storage.db import Database
from tests.fakes.rig import rig_settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SECRET = "s3cret-Token_1"


async def serve_webhook(fake: FakeTelegram, db: Database) -> tuple[HoiApplication, str]:
    """The real bot serving its webhook on a free port of loopback; its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    settings = rig_settings(
        fake,
        db,
        webhook_url=url,
        webhook_secret=SECRET,
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )
    application = build_application(settings, db)
    await start_webhook(application, webhook_path(settings))
    fake.attach(application)
    return application, url


async def test_webhook_serves_updates_and_refuses_requests_without_the_secret(
    fake: FakeTelegram, demo_db: Database
) -> None:
    application, url = await serve_webhook(fake, demo_db)
    try:
        assert fake.webhook.info()["url"] == url
        member = fake.user(1003, first_name="Cường")
        await member.send("/toi")
        assert "Lê Văn Cường" in (member.last.text or "")

        update = {
            "update_id": 999,
            "message": {
                "message_id": 1,
                "date": 0,
                "text": "/toi",
                "chat": {"id": 1003, "type": "private"},
                "from": {"id": 1003, "is_bot": False, "first_name": "X"},
            },
        }
        async with httpx.AsyncClient() as client:
            missing = await client.post(url, json=update)
            wrong = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
            )
        assert (missing.status_code, wrong.status_code) == (403, 403)
        await fake.wait_idle()
        assert len(member.seen) == 1, "a forged update is not answered"
    finally:
        await stop_polling(application)


async def test_a_body_that_is_not_an_update_gets_400_without_a_traceback(
    fake: FakeTelegram, demo_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    application, url = await serve_webhook(fake, demo_db)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    bodies = {
        "malformed JSON": b'{"update_id": 1, "message": ',
        "an empty body": b"",
        "over 1 MB": b'{"update_id": 1, "pad": "' + b"x" * (1024 * 1024 + 10) + b'"}',
        "JSON that is not an update": b"[1, 2, 3]",
        "not UTF-8": b"\xff\xfe{",
    }
    try:
        async with httpx.AsyncClient() as client:
            for what, body in bodies.items():
                answer = await client.post(url, content=body, headers=headers)
                assert answer.status_code == 400, what
            wrong = await client.post(url, content=b"{}", headers={"Content-Type": "x"})
            assert wrong.status_code == 403, "no secret: 403 before the body is read"
    finally:
        await stop_polling(application)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def toi_update(update_id: int) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "text": "/toi",
            "entities": [{"type": "bot_command", "offset": 0, "length": 4}],
            "chat": {"id": 1003, "type": "private"},
            "from": {"id": 1003, "is_bot": False, "first_name": "Cường"},
        },
    }


async def test_an_update_is_answered_before_200_once_and_503_while_the_database_is_away(
    fake: FakeTelegram, demo_db: Database
) -> None:
    application, url = await serve_webhook(fake, demo_db)
    member = fake.user(1003, first_name="Cường")
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    processor = application.update_processor
    try:
        async with httpx.AsyncClient() as client:
            first = await client.post(url, json=toi_update(5001), headers=headers)
            assert first.status_code == 200
            assert len(member.seen) == 1, "answered before Telegram heard 200"
            again = await client.post(url, json=toi_update(5001), headers=headers)
            assert again.status_code == 200, "a repeat is acknowledged"
            assert len(member.seen) == 1, "and not handled twice"

            away = Database("sqlite+aiosqlite:////nonexistent-folder/hoibot.sqlite3")
            processor.db = away  # type: ignore[attr-defined]
            down = await client.post(url, json=toi_update(5002), headers=headers)
            assert down.status_code == 503, "Telegram is to send it again"
            processor.db = demo_db  # type: ignore[attr-defined]
            await away.dispose()
            back = await client.post(url, json=toi_update(5002), headers=headers)
            assert back.status_code == 200
            assert len(member.seen) == 2, "the retried update is answered once it is back"
    finally:
        await stop_polling(application)
