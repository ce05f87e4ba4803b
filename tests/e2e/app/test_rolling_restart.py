"""A rolling restart (issue 11): two `hoibot webhook` processes behind a balancer, each
stopped with SIGTERM and started again in turn, while people write and a broadcast goes
out. Nothing is lost and, the stops being graceful, nothing comes twice."""

from __future__ import annotations

import asyncio
import functools
import signal
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from bot.delivery import enqueue_many, message_rows
from bot.fakeapi import FakeTelegram, SeenMessage
from storage.db import Database
from storage.models import Member
from tests.fakes.balancer import Balancer
from tests.fakes.processes import HoibotProcess, command_update

UPDATES, RECIPIENTS = 150, 600
ASKERS, LISTENERS = 7_100_000, 6_100_000
# The webhook processes send the outbox too (one leads): the lead moves at each restart.
SENDING = {"HOIBOT_DELIVERY_PER_SECOND": "40", "HOIBOT_RUN_JOBS": "1"}


async def prepare(db: Database, fake: FakeTelegram) -> None:
    people = list(range(ASKERS, ASKERS + UPDATES)) + list(range(LISTENERS, LISTENERS + RECIPIENTS))
    for chat in people:
        fake.user(chat, first_name="Hội viên")
    async with db.session() as session:
        await session.execute(
            insert(Member),
            [{"name": f"Hội viên {c}", "telegram_user_id": c, "chat_id": c} for c in people],
        )
        query = select(Member.chat_id, Member.id).where(Member.telegram_user_id < ASKERS)
        recipients = [(chat or 0, member) for chat, member in (await session.execute(query))]
        text = "Thông báo: họp chi hội sáng thứ Bảy."
        await enqueue_many(session, message_rows(recipients, text, topic="roll"))
        await session.commit()


@pytest.mark.slow
async def test_restarting_one_process_at_a_time_loses_nothing_and_repeats_nothing(
    fake: FakeTelegram, db: Database, tmp_path: Path
) -> None:
    per_chat: Counter[int] = Counter()

    def seen(message: SeenMessage) -> None:
        per_chat[message.chat_id] += 1

    fake.on_seen(seen)
    await prepare(db, fake)
    processes = [await HoibotProcess.start("webhook", fake, db, tmp_path, **SENDING)]
    processes.append(await HoibotProcess.start("webhook", fake, db, tmp_path, **SENDING))
    for process in processes:
        await process.ready()
    alive = list(processes)
    balancer = Balancer(lambda: [process.hook for process in alive])
    updates = [command_update(910_000_000 + i, ASKERS + i) for i in range(UPDATES)]
    try:
        posting = asyncio.create_task(balancer.run(updates, per_second=15))
        for share in (UPDATES // 3, 2 * UPDATES // 3):
            await _until(functools.partial(_taken, balancer, share))
            old = alive[0]
            old.process.send_signal(signal.SIGTERM)  # systemctl restart: SIGTERM, then start
            assert await old.stop(timeout=10) == 0, old.text()
            alive.remove(old)
            new = await HoibotProcess.start("webhook", fake, db, tmp_path, **SENDING)
            processes.append(new)
            await new.ready()
            alive.append(new)
        await asyncio.wait_for(posting, 120)
        await _until(lambda: all(per_chat[c] for c in range(LISTENERS, LISTENERS + RECIPIENTS)))
        for process in alive:
            assert await process.stop(timeout=10) == 0, process.text()
    finally:
        for process in processes:
            if process.process.returncode is None:
                process.process.kill()
                await process.process.wait()

    assert len(balancer.acknowledged) == UPDATES
    assert [c for c in range(ASKERS, ASKERS + UPDATES) if per_chat[c] != 1] == []
    assert [c for c in range(LISTENERS, LISTENERS + RECIPIENTS) if per_chat[c] != 1] == []
    leaders = [p for p in processes if "this process now sends the outbox" in p.text()]
    assert len(leaders) >= 2, "the lead moved at a restart, mid-broadcast"
    assert not [p for p in processes if "Traceback" in p.text()]


def _taken(balancer: Balancer, share: int) -> bool:
    return len(balancer.acknowledged) >= share


async def _until(predicate: Callable[[], bool], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)
