"""/healthz says whether the database answers with the current schema; /metrics counts."""

from __future__ import annotations

from pathlib import Path

import httpx
from telegram import Update

from bot.app.web import WebServer
from storage.db import Database
from tests.e2e.app.test_webhook import free_port, toi_update
from tests.fakes.delivery import queue
from tests.fakes.rig import Rig


async def get(port: int, path: str) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.get(f"http://127.0.0.1:{port}{path}")


async def test_health_is_200_on_the_current_schema_and_503_otherwise(
    db: Database, tmp_path: Path
) -> None:
    unreachable = Database("sqlite+aiosqlite:////nonexistent-folder/x.sqlite3")
    empty = Database(f"sqlite+aiosqlite:///{tmp_path / 'empty.sqlite3'}")
    answers = []
    for database in (db, unreachable, empty):
        server, port = WebServer(database), free_port()
        await server.start("127.0.0.1", port)
        try:
            answers.append((await get(port, "/healthz")).status_code)
        finally:
            await server.stop()
    await unreachable.dispose()
    await empty.dispose()
    assert answers == [200, 503, 503], "up to date; unreachable; schema not there"


async def test_metrics_count_updates_and_the_outbox(rig: Rig) -> None:
    assert rig.member_hn.id == 1003  # the fake knows the chat the update comes from
    await rig.app.update_queue.put(Update.de_json(toi_update(8001), rig.app.bot))
    await rig.settle()
    await queue(rig, 1003, "Thông báo chờ gửi")
    server, port = WebServer(rig.db), free_port()
    await server.start("127.0.0.1", port)
    try:
        answer = await get(port, "/metrics")
    finally:
        await server.stop()
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    text = answer.text
    assert 'hoibot_updates_total{kind="command",outcome="ok"}' in text
    assert "hoibot_update_seconds_bucket" in text
    assert 'hoibot_outbox_rows{lane="free",state="pending"} 1.0' in text
    assert "hoibot_sender_leader" in text and "hoibot_sends_total" in text
