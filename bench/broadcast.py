"""A broadcast's three speeds: queueing it, sending it unpaced, sending it at Telegram's pace.

1. 100,000 recipients queued (rows built and inserted, one transaction): goal under 5 s.
2. A `hoibot worker` process with pacing lifted, into the fake Bot API server in this
   process: goal at least 1,000 messages/s, the paid-broadcast ceiling, so the only limit
   left is Telegram's.
3. The same worker at the ordinary 30 messages/s, against a fake that answers 429 to any
   call over Telegram's limits: goal at least 98% of 30/s, and no 429 at all.

    python bench/broadcast.py                     # SQLite
    HOIBOT_BENCH_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        python bench/broadcast.py
    python bench/broadcast.py --unpaced 5000 --paced 300   # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

from bot.delivery import cancel, enqueue_many, message_rows
from bot.fakeapi import FakeTelegram, SeenMessage
from bot.fakeapi.faults import Stats
from storage.db import Database
from storage.models import Member, Membership, Role, Unit, UnitKind

TOKEN = "7000000001:bench-token-000000000000000000000000"
FIRST_ID = 5_000_000
TEXT = (
    "<b>Thông báo số 9/TB-HTS</b>: kỷ niệm 65 năm ngày mở đường Trường Sơn. "
    "Đề nghị các chi hội tổ chức gặp mặt và báo cáo kết quả trước ngày 20."
)
ACK = {"inline_keyboard": [[{"text": "Đã nhận", "callback_data": "1|ack|9"}]]}


async def prepare(url: str, members: int) -> Database:
    db = Database(url)
    await db.drop_everything()
    await db.upgrade()
    async with db.session() as session:
        unit = Unit(code="TW", name="Trung ương Hội", kind=UnitKind.CENTRAL)
        session.add(unit)
        await session.flush()
        for first in range(0, members, 20_000):
            people = range(FIRST_ID + first, FIRST_ID + min(first + 20_000, members))
            await session.execute(
                insert(Member),
                [{"name": f"Hội viên {i}", "telegram_user_id": i, "chat_id": i} for i in people],
            )
        ids = (await session.execute(select(Member.id))).scalars().all()
        await session.execute(
            insert(Membership),
            [{"member_id": i, "unit_id": unit.id, "role": Role.MEMBER} for i in ids],
        )
        await session.commit()
    return db


async def recipients(db: Database, count: int) -> list[tuple[int, int | None]]:
    async with db.session() as session:
        query = select(Member.chat_id, Member.id).order_by(Member.id).limit(count)
        return [(chat or 0, member) for chat, member in (await session.execute(query)).all()]


async def queue(db: Database, people: list[tuple[int, int | None]], topic: str) -> float:
    began = time.perf_counter()
    async with db.session() as session:
        rows = message_rows(people, TEXT, reply_markup=ACK, topic=topic, dedupe_prefix=topic)
        await enqueue_many(session, rows)
        await session.commit()
    return time.perf_counter() - began


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (Linux), to tell its cost from a busy machine's."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def send(
    fake: FakeTelegram, db: Database, folder: Path, count: int, env: dict[str, str]
) -> tuple[list[float], float]:
    """Run a worker until `count` messages arrived: their arrival times at the fake, and
    the worker's CPU time per message between the first and the last."""
    arrivals: list[float] = []
    cpu = [0.0, 0.0]

    def seen(_message: SeenMessage) -> None:
        arrivals.append(time.monotonic())
        if len(arrivals) == 1:
            cpu[0] = cpu_seconds(worker.pid)

    fake.world.listeners[:] = [seen]
    variables = {k: v for k, v in os.environ.items() if not k.startswith(("HOIBOT_", "TELEGRAM_"))}
    variables.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        HOIBOT_DATABASE_URL=db.url,
        HOIBOT_TELEGRAM_API_URL=fake.base_url,
        HOIBOT_TELEGRAM_FILE_URL=fake.base_file_url,
        **env,
    )
    with (folder / "worker.log").open("ab") as log:
        worker = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "worker",
            env=variables, cwd=folder, stdout=log, stderr=log,
        )  # fmt: skip
        done = asyncio.ensure_future(
            fake.wait_until(lambda: len(arrivals) >= count, timeout=max(120, count / 20))
        )
        exited = asyncio.ensure_future(worker.wait())
        await asyncio.wait([done, exited], return_when=asyncio.FIRST_COMPLETED)
        if exited.done():
            done.cancel()
            tail = (folder / "worker.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the worker stopped early:\n{tail}")
        cpu[1] = cpu_seconds(worker.pid)
        worker.send_signal(signal.SIGTERM)
        await exited
        done.result()
    return arrivals, (cpu[1] - cpu[0]) / max(len(arrivals) - 1, 1)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queued", type=int, default=100_000)
    parser.add_argument("--unpaced", type=int, default=30_000)
    parser.add_argument("--paced", type=int, default=900)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hoibot-bench-"))
    url = os.environ.get("HOIBOT_BENCH_DATABASE_URL") or (
        f"sqlite+aiosqlite:///{folder / 'bench.sqlite3'}"
    )
    print(f"database: {url.split('://')[0]}, {args.queued:,} members")
    db = await prepare(url, args.queued)
    people = await recipients(db, args.queued)

    took = await queue(db, people, "queued")
    print(f"1. queued {len(people):,} recipients in {took:.2f} s: {took / 5:.2f} of the 5 s budget")
    async with db.session() as session:
        await cancel(session, "queued")
        await session.commit()

    async with FakeTelegram(token=TOKEN) as fake:
        wanted = people[: max(args.unpaced, args.paced)]
        for chat_id, _ in wanted:
            fake.user(chat_id, first_name="Hội viên")
        await queue(db, people[: args.unpaced], "unpaced")
        unpaced = {"HOIBOT_DELIVERY_PER_SECOND": "0", "HOIBOT_DELIVERY_PER_CHAT_PER_SECOND": "0"}
        arrivals, cpu = await send(fake, db, folder, args.unpaced, unpaced)
        rate = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])
        print(
            f"2. pacing lifted: {len(arrivals):,} messages at {rate:,.0f}/s: "
            f"{rate / 1000:.2f} of the paid ceiling (1,000/s); the worker spent "
            f"{cpu * 1e6:.0f} µs of CPU a message ({1 / cpu:,.0f}/s on a core of its own)"
        )

        fake.enforce_limits(global_per_second=30, per_chat_per_second=1, per_group_per_minute=20)
        fake.stats = Stats()
        await queue(db, people[-args.paced :], "paced")
        for chat_id, _ in people[-args.paced :]:
            fake.user(chat_id, first_name="Hội viên")
        arrivals, _ = await send(fake, db, folder, args.paced, {})
        # A limit of 30 in every second fills ceil(n/30) windows: n messages over the span
        # from the first to the last, plus the last window.
        rate = len(arrivals) / (arrivals[-1] - arrivals[0] + 1)
        print(
            f"3. at Telegram's pace: {len(arrivals):,} messages at {rate:.2f}/s: "
            f"{rate / 30:.3f} of 30/s, {fake.stats.too_many_requests} answered 429"
        )
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
