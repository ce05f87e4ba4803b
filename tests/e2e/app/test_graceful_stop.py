"""SIGTERM stops `hoibot webhook` cleanly: what it holds is finished, nothing new is taken."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import aiohttp
import pytest

from bot.fakeapi import FakeTelegram
from storage.db import Database
from tests.fakes.processes import HoibotProcess, command_update, post_update


@pytest.mark.slow
async def test_sigterm_finishes_the_update_in_hand_refuses_new_ones_and_exits(
    fake: FakeTelegram, demo_db: Database, tmp_path: Path
) -> None:
    member = fake.user(1003, first_name="Cường")
    webhook = await HoibotProcess.start("webhook", fake, demo_db, tmp_path)
    await webhook.ready()
    # The answer is slow: the update is in hand. Four seconds, within the five a stopping
    # process waits for it, leave time for the signal to be seen on a loaded machine.
    fake.fail("sendMessage", delay=4.0, chat_id=1003)
    async with aiohttp.ClientSession() as session:
        in_hand = asyncio.create_task(
            post_update(session, webhook.hook, command_update(7001, 1003))
        )
        await fake.wait_until(lambda: bool(fake.calls_to("sendMessage")), timeout=30)
        webhook.process.send_signal(signal.SIGTERM)
        health = f"http://127.0.0.1:{webhook.port}/healthz"
        while await _status(session, health) == 200:
            await asyncio.sleep(0.05)  # until the signal is handled: a balancer sees it too
        late = await post_update(session, webhook.hook, command_update(7002, 1003))
        assert late == 503, "a new update is not taken: Telegram sends it again elsewhere"
        assert await in_hand == 200, "the update in hand was finished and acknowledged"
    # Within the 10 s an orchestrator waits before SIGKILL.
    assert await webhook.stop(timeout=10) == 0, webhook.text()
    assert len(member.seen) == 1 and "Lê Văn Cường" in (member.last.text or "")
    assert "Traceback" not in webhook.text()


async def _status(session: aiohttp.ClientSession, url: str) -> int:
    async with session.get(url) as answer:
        return answer.status
