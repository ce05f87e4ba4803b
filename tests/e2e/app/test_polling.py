"""`hoibot run` (long polling) loses nothing it let Telegram forget: an update in hand when
the process is killed is handled when it starts again, once."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.fakeapi import FakeTelegram
from storage.db import Database
from storage.models import HandledUpdate, Interaction
from tests.fakes.processes import HoibotProcess, until_called


@pytest.mark.slow
async def test_an_update_in_hand_when_run_is_killed_is_answered_after_a_restart(
    fake: FakeTelegram, demo_db: Database, tmp_path: Path
) -> None:
    member = fake.user(1003, first_name="Cường")
    # The answer is slow (and would fail): the update is in hand when the process is killed.
    fake.fail("sendMessage", status=502, delay=4.0, chat_id=1003)
    first = await HoibotProcess.start("run", fake, demo_db, tmp_path)
    sent = await member.send("/toi", wait=False)
    await until_called(fake, "sendMessage", timeout=60)
    # The process has asked for what comes next: Telegram has forgotten the update.
    update_id = sent["update_id"]
    await asyncio.wait_for(_confirmed(fake, update_id), timeout=3)
    await first.stop(signal.SIGKILL)
    assert not member.seen
    fake.clear_faults()
    second = await HoibotProcess.start("run", fake, demo_db, tmp_path)
    try:
        await fake.wait_until(lambda: bool(member.seen), timeout=60)
        assert "Lê Văn Cường" in (member.last.text or "")
    finally:
        assert await second.stop() == 0, second.text()
    assert len(member.seen) == 1
    async with demo_db.session() as session:
        handled = select(func.count()).where(HandledUpdate.update_id == update_id)
        assert (await session.execute(handled)).scalar_one() == 1
        logged = select(func.count()).where(Interaction.kind == "command")
        assert (await session.execute(logged)).scalar_one() == 1, "the /toi is logged once"


async def _confirmed(fake: FakeTelegram, update_id: int) -> None:
    while fake.updates.confirmed < update_id:
        await asyncio.sleep(0.02)
