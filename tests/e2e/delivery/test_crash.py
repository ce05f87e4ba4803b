"""Real `hoibot worker` processes: killed mid-broadcast, and two at once.

The fake Telegram runs in this process; the workers reach it over loopback through
HOIBOT_TELEGRAM_API_URL, and share the test database (SQLite file or PostgreSQL).
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select, update

from bot.delivery import DeliveryPolicy, Sender, enqueue_many, message_rows
from bot.delivery.leader import LeaderLock
from bot.fakeapi import FakeTelegram, SeenMessage
from bot.fakeapi.faults import most_in_window
from storage.db import Database
from storage.models import Delivery, DeliveryState, Member
from tests.fakes.rig import TOKEN


class Worker:
    """One `hoibot worker` process, its log in a file."""

    def __init__(self, process: asyncio.subprocess.Process, log: Path) -> None:
        self.process, self.log = process, log

    @classmethod
    async def start(cls, fake: FakeTelegram, db: Database, folder: Path, **env: str) -> Worker:
        variables = {
            k: v for k, v in os.environ.items() if not k.startswith(("HOIBOT_", "TELEGRAM_"))
        }
        variables.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            HOIBOT_DATABASE_URL=db.url,
            HOIBOT_TELEGRAM_API_URL=fake.base_url,
            HOIBOT_TELEGRAM_FILE_URL=fake.base_file_url,
            # Never reached in a test: a dead sender's claims go again when another takes
            # the lead, not after this timeout.
            HOIBOT_DELIVERY_STUCK_SECONDS="3600",
        )
        variables.update(env)
        log = folder / f"worker-{time.monotonic_ns()}.log"
        with log.open("wb") as output:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", "worker",
                env=variables, cwd=folder, stdout=output, stderr=output,
            )  # fmt: skip
        return cls(process, log)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    async def stop(self, signum: int = signal.SIGTERM) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signum)
        return await asyncio.wait_for(self.process.wait(), timeout=60)


class Recipients:
    """Who saw what, as the broadcast goes: counted from the fake's records."""

    def __init__(self, fake: FakeTelegram, chat_ids: list[int]) -> None:
        self.arrivals: list[float] = []
        self.per_chat: Counter[int] = Counter()
        for chat_id in chat_ids:
            fake.user(chat_id, first_name="Hội viên")
        fake.on_seen(self._seen)

    def _seen(self, seen: SeenMessage) -> None:
        self.arrivals.append(time.monotonic())
        self.per_chat[seen.chat_id] += 1

    @property
    def duplicates(self) -> dict[int, int]:
        return {chat: count for chat, count in self.per_chat.items() if count > 1}


async def prepare_broadcast(db: Database, chat_ids: list[int], **options: Any) -> None:
    async with db.session() as session:
        await session.execute(
            insert(Member),
            [{"name": f"Hội viên {c}", "telegram_user_id": c, "chat_id": c} for c in chat_ids],
        )
        query = select(Member.chat_id, Member.id).where(
            Member.telegram_user_id.between(min(chat_ids), max(chat_ids))
        )
        recipients = [(chat or 0, member) for chat, member in (await session.execute(query)).all()]
        text = "<b>Thông báo số 9/TB-HTS</b>: kỷ niệm 65 năm ngày mở đường Trường Sơn."
        await enqueue_many(session, message_rows(recipients, text, topic="tb9", **options))
        await session.commit()


async def count_states(db: Database) -> dict[DeliveryState, int]:
    async with db.session() as session:
        query = select(Delivery.state, func.count()).group_by(Delivery.state)
        return {DeliveryState(s): n for s, n in (await session.execute(query)).all()}


async def wait_for(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not await predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


@pytest.mark.slow
async def test_a_sender_killed_mid_broadcast_resumes_and_only_calls_in_flight_repeat(
    fake: FakeTelegram, db: Database, tmp_path: Path
) -> None:
    total, kill_after = 20_000, 6_000
    chat_ids = list(range(3_000_000, 3_000_000 + total))
    people = Recipients(fake, chat_ids)
    await prepare_broadcast(db, chat_ids, paid=True)
    lane = {"HOIBOT_PAID_BROADCAST": "1", "HOIBOT_PAID_PER_SECOND": "1000"}
    first = await Worker.start(fake, db, tmp_path, **lane)
    await fake.wait_until(lambda: len(people.per_chat) >= kill_after, timeout=60)
    assert await first.stop(signal.SIGKILL) == -signal.SIGKILL
    async with db.session() as session:
        query = select(Delivery.chat_id).where(Delivery.state == DeliveryState.SENDING)
        in_flight = set((await session.execute(query)).scalars())

    second = await Worker.start(fake, db, tmp_path, **lane)
    await fake.wait_until(lambda: len(people.per_chat) == total, timeout=90)

    async def all_recorded() -> bool:
        return (await count_states(db)).get(DeliveryState.SENT) == total

    await wait_for(all_recorded, 30, "every row to be recorded as sent")
    assert await second.stop() == 0, second.text()
    requeued = re.search(r"re-queued (\d+) deliveries left in flight", second.text())
    possibly_sent = int(requeued.group(1)) if requeued else 0

    duplicates = people.duplicates
    assert not set(chat_ids) - set(people.per_chat), "every recipient got the message"
    assert set(duplicates) <= in_flight, "only rows in flight at the kill came twice"
    assert max(duplicates.values(), default=1) == 2
    assert possibly_sent == len(in_flight)


@pytest.mark.slow
async def test_a_standby_takes_over_from_a_killed_sender_and_resends_its_claims_at_once(
    fake: FakeTelegram, db: Database, tmp_path: Path
) -> None:
    total, kill_after = 6_000, 2_000
    chat_ids = list(range(5_000_000, 5_000_000 + total))
    people = Recipients(fake, chat_ids)
    await prepare_broadcast(db, chat_ids, paid=True)
    lane = {"HOIBOT_PAID_BROADCAST": "1", "HOIBOT_PAID_PER_SECOND": "1000"}
    first = await Worker.start(fake, db, tmp_path, **lane)
    await fake.wait_until(lambda: len(people.per_chat) >= 1, timeout=30)
    standby = await Worker.start(fake, db, tmp_path, **lane)
    await fake.wait_until(lambda: len(people.per_chat) >= kill_after, timeout=60)
    assert "this process now sends the outbox" not in standby.text(), "one leads"
    assert await first.stop(signal.SIGKILL) == -signal.SIGKILL
    async with db.session() as session:
        query = select(Delivery.chat_id).where(Delivery.state == DeliveryState.SENDING)
        in_flight = set((await session.execute(query)).scalars())

    # HOIBOT_DELIVERY_STUCK_SECONDS is an hour: only the lease brings the claims back.
    await fake.wait_until(lambda: len(people.per_chat) == total, timeout=60)

    async def all_recorded() -> bool:
        return (await count_states(db)).get(DeliveryState.SENT) == total

    await wait_for(all_recorded, 30, "every row to be recorded as sent")
    assert await standby.stop() == 0, standby.text()
    assert "this process now sends the outbox" in standby.text()
    assert in_flight, "the sender was killed with rows in flight"
    assert f"re-queued {len(in_flight)} deliveries left in flight" in standby.text()
    assert set(people.duplicates) <= in_flight, "only rows in flight at the kill came twice"


async def test_two_senders_one_leads_the_pace_holds_and_the_other_takes_over(
    fake: FakeTelegram, db: Database, tmp_path: Path
) -> None:
    total = 240
    chat_ids = list(range(4_000_000, 4_000_000 + total))
    people = Recipients(fake, chat_ids)
    fake.enforce_limits(global_per_second=30, per_chat_per_second=1, per_group_per_minute=20)
    await prepare_broadcast(db, chat_ids)
    first = await Worker.start(fake, db, tmp_path)
    await fake.wait_until(lambda: len(people.per_chat) >= 1, timeout=30)
    second = await Worker.start(fake, db, tmp_path)
    await fake.wait_until(lambda: len(people.per_chat) >= total // 2, timeout=60)
    assert await first.stop() == 0, first.text()  # the leader goes; the other takes over
    await fake.wait_until(lambda: len(people.per_chat) == total, timeout=60)
    assert await second.stop() == 0, second.text()

    assert "this process now sends the outbox" in first.text()
    assert "this process now sends the outbox" in second.text()
    assert not people.duplicates and len(people.per_chat) == total
    assert fake.stats.too_many_requests == 0
    window = most_in_window(people.arrivals, 1.0)
    assert window <= 30


async def test_one_lead_at_a_time_and_the_lead_goes_with_its_holder(db: Database) -> None:
    first, second = LeaderLock(db), LeaderLock(db)
    assert await first.hold()
    assert await first.hold(), "holding again keeps it"
    assert not await second.hold()
    await first.release()
    assert await second.hold()
    assert not await first.hold()
    await second.release()


async def test_rows_a_dead_sender_left_sending_are_requeued_once_old_enough(db: Database) -> None:
    async with db.session() as session:
        await enqueue_many(session, message_rows([(1, None), (2, None), (3, None)], "Tin"))
        await session.commit()
    now = datetime.now(UTC)
    async with db.session() as session:
        await session.execute(
            update(Delivery)
            .where(Delivery.chat_id.in_([1, 2]))
            .values(state=DeliveryState.SENDING, claimed_at=now - timedelta(minutes=5))
        )
        await session.execute(
            update(Delivery)
            .where(Delivery.chat_id == 3)
            .values(state=DeliveryState.SENDING, claimed_at=now - timedelta(seconds=5))
        )
        await session.commit()
    sender = Sender(db, bot=None, policy=DeliveryPolicy(stuck_seconds=60))
    try:
        assert await sender.lead()
        assert sender.possibly_sent == 0, "claimed without a lease: left to the timeout"
        assert await sender.recover() == 2
        assert sender.possibly_sent == 2
        states = await count_states(db)
        assert states == {DeliveryState.PENDING: 2, DeliveryState.SENDING: 1}
    finally:
        await sender.close()


async def test_taking_the_lead_requeues_at_once_the_claims_of_every_other_lease(
    db: Database,
) -> None:
    async with db.session() as session:
        await enqueue_many(session, message_rows([(c, None) for c in (1, 2, 3, 4)], "Tin"))
        await session.commit()
    now = datetime.now(UTC)
    claims = {1: "dead-host:41:aa", 2: "dead-host:41:aa", 3: "other:7:bb", 4: None}
    async with db.session() as session:
        for chat_id, lease in claims.items():
            await session.execute(
                update(Delivery)
                .where(Delivery.chat_id == chat_id)
                .values(state=DeliveryState.SENDING, claimed_at=now, claimed_by=lease)
            )
        await session.commit()
    sender = Sender(db, bot=None, policy=DeliveryPolicy(stuck_seconds=60))
    try:
        assert await sender.lead()
        assert sender.possibly_sent == 3, "a second ago, but under leases no longer held"
        async with db.session() as session:
            query = select(Delivery.chat_id).where(Delivery.state == DeliveryState.SENDING)
            assert list((await session.execute(query)).scalars()) == [4], "no lease: timeout"
        assert sender.lease is not None and sender.lease.split(":")[1] == str(os.getpid())
    finally:
        await sender.close()
