"""SIGTERM stops `hoibot webhook` cleanly: what it holds is finished, nothing new is taken."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import aiohttp
import pytest

from bot.fakeapi import FakeTelegram
from storage.db import Database
from tests.fakes.processes import HoibotProcess, command_update, post_update, until_called


@pytest.mark.slow
async def test_sigterm_finishes_the_update_in_hand_refuses_new_ones_and_exits(
    fake: FakeTelegram, demo_db: Database, tmp_path: Path
) -> None:
    member = fake.user(1003, first_name="Cường")
    webhook = await HoibotProcess.start("webhook", fake, demo_db, tmp_path)
    await webhook.ready()
    # The answer is slow: the update is in hand (within the five seconds a stopping process
    # waits for it).
    fake.fail("sendMessage", delay=3.0, chat_id=1003)
    async with aiohttp.ClientSession() as session:
        in_hand = asyncio.create_task(
            post_update(session, webhook.hook, command_update(7001, 1003))
        )
        await until_called(fake, "sendMessage")
        webhook.process.send_signal(signal.SIGTERM)
        health = f"http://127.0.0.1:{webhook.port}/healthz"
        while await _status(session, health) == 200:
            await asyncio.sleep(0.05)  # until the signal is handled: a balancer sees it too
        late = await post_update(session, webhook.hook, command_update(7002, 1003))
        assert late == 503, f"a new update is not taken:\n{webhook.text()}"
        assert await in_hand == 200, "the update in hand was finished and acknowledged"
    # Within the 10 s an orchestrator waits before SIGKILL.
    assert await webhook.stop(timeout=10) == 0, webhook.text()
    assert len(member.seen) == 1 and "Lê Văn Cường" in (member.last.text or "")
    assert "Traceback" not in webhook.text()


async def _status(session: aiohttp.ClientSession, url: str) -> int:
    async with session.get(url) as answer:
        return answer.status
