"""A broadcast's speeds: queueing it, sending it unpaced, on the paid lane, at Telegram's pace.

1. `--recipients` queued (rows built and inserted, one transaction): goal 100,000 in under
   5 s, a million in under 60 s.
2. A `hoibot worker` process with pacing lifted, into the fake Bot API server in this
   process: goal at least 1,000 messages/s, the paid-broadcast ceiling, so the only limit
   left is Telegram's.
3. `--paid` messages on the paid lane (HOIBOT_PAID_BROADCAST on, 1,000 a second), twice:
   the fake answering at once, then as a Telegram `--away` ms away (each answer that late
   after the call arrived): goal the lane holding 1,000/s, never more in any second, with
   the worker under half a core.
4. The same worker at the ordinary 30 messages/s, against a fake that answers 429 to any
   call over Telegram's limits: goal at least 98% of 30/s, and no 429 at all.

The association is the benchmarks' own (bench/population.py): `--members` generated
members, reused by the next run of either benchmark unless `--drop`.

    python bench/broadcast.py                     # SQLite
    python bench/broadcast.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/x
    python bench/broadcast.py --database-url … --members 10000000 --recipients 1000000 \\
        --paid 100000                             # the ten-million goals
    python bench/broadcast.py --unpaced 5000 --paced 300 --paid 0   # a quick run
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

from population import FIRST_ID, forget, populate
from sqlalchemy import select

from bot.delivery import cancel, enqueue_many, message_rows
from bot.fakeapi import FakeTelegram, SeenMessage
from bot.fakeapi.faults import Stats, most_in_window
from storage.db import Database
from storage.models import Member

TOKEN = "7000000001:bench-token-000000000000000000000000"
TEXT = (
    "<b>Thông báo số 9/TB-HTS</b>: kỷ niệm 65 năm ngày mở đường Trường Sơn. "
    "Đề nghị các chi hội tổ chức gặp mặt và báo cáo kết quả trước ngày 20."
)
ACK = {"inline_keyboard": [[{"text": "Đã nhận", "callback_data": "1|ack|9"}]]}


async def recipients(db: Database, count: int) -> list[tuple[int, int | None]]:
    async with db.session() as session:
        query = (
            select(Member.chat_id, Member.id)
            .where(Member.telegram_user_id >= FIRST_ID)
            .order_by(Member.telegram_user_id)
            .limit(count)
        )
        return [(chat or 0, member) for chat, member in (await session.execute(query)).all()]


async def queue(
    db: Database, people: list[tuple[int, int | None]], topic: str, *, paid: bool = False
) -> tuple[float, float]:
    """Queue one broadcast: wall time and this process's CPU time, in seconds."""
    began, cpu = time.perf_counter(), time.process_time()
    async with db.session() as session:
        rows = message_rows(
            people, TEXT, reply_markup=ACK, topic=topic, dedupe_prefix=topic, paid=paid
        )
        await enqueue_many(session, rows)
        await session.commit()
    return time.perf_counter() - began, time.process_time() - cpu


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
    parser.add_argument("--database-url", default=os.environ.get("HOIBOT_BENCH_DATABASE_URL"))
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--recipients", type=int, default=100_000, help="queued at once (1.)")
    parser.add_argument("--unpaced", type=int, default=30_000)
    parser.add_argument("--paid", type=int, default=30_000, help="sent on the paid lane")
    parser.add_argument(
        "--away", type=int, default=100, help="ms from Telegram back to the bot, the 2nd paid run"
    )
    parser.add_argument("--paced", type=int, default=900)
    parser.add_argument(
        "--drop", action="store_true", help="drop the generated data at the end (else reused)"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hoibot-bench-"))
    url = args.database_url or f"sqlite+aiosqlite:///{folder / 'bench.sqlite3'}"
    print(f"database: {url.split('://')[0]}, {args.members:,} members")
    began = time.perf_counter()
    db = await populate(url, args.members)
    print(f"prepared in {time.perf_counter() - began:.0f} s")
    sent = args.unpaced + 2 * args.paid + args.paced  # by the worker, in steps 2-4
    people = await recipients(db, max(args.recipients, sent))

    took, cpu = await queue(db, people[: args.recipients], "queued")
    budget = 5 if args.recipients <= 100_000 else 60
    print(
        f"1. queued {args.recipients:,} recipients in {took:.2f} s: {took / budget:.2f} of the "
        f"{budget} s budget; {cpu * 1e6 / args.recipients:.1f} µs of CPU a recipient"
    )
    async with db.session() as session:
        await cancel(session, "queued")
        await session.commit()
    if not db.is_sqlite:
        # What autovacuum does after a mass change, at once: the million pending rows just
        # cancelled would otherwise stay in the queue's index and slow every claim after.
        async with db.engine.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.exec_driver_sql("VACUUM ANALYZE deliveries")

    async with FakeTelegram(token=TOKEN) as fake:
        for chat_id, _ in people[:sent]:
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

        first = args.unpaced
        for away in (0, args.away) if args.paid else ():
            # Telegram counts a call when it arrives; its answer comes back `away` ms later.
            lane = people[first : first + args.paid]
            first += args.paid
            await queue(db, lane, f"paid{away}", paid=True)
            if away:
                fake.fail("sendMessage", delay=away / 1000, times=None)
            paid = {"HOIBOT_PAID_BROADCAST": "1", "HOIBOT_PAID_PER_SECOND": "1000"}
            arrivals, cpu = await send(fake, db, folder, args.paid, paid)
            fake.clear_faults()
            rate = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])
            where = f"answers {away} ms after arriving" if away else "answered at once"
            print(
                f"3. paid lane, {where}: {len(arrivals):,} messages at {rate:,.0f}/s: "
                f"{rate / 1000:.3f} of 1,000/s, {most_in_window(arrivals, 1.0):,} in the "
                f"busiest second; the worker spent {cpu * 1e6:.0f} µs of CPU a message, "
                f"{cpu * rate:.2f} of a core (goal under 0.5)"
            )

        fake.enforce_limits(global_per_second=30, per_chat_per_second=1, per_group_per_minute=20)
        fake.stats = Stats()
        await queue(db, people[first : first + args.paced], "paced")
        arrivals, _ = await send(fake, db, folder, args.paced, {})
        # A limit of 30 in every second fills ceil(n/30) windows: n messages over the span
        # from the first to the last, plus the last window.
        rate = len(arrivals) / (arrivals[-1] - arrivals[0] + 1)
        print(
            f"4. at Telegram's pace: {len(arrivals):,} messages at {rate:.2f}/s: "
            f"{rate / 30:.3f} of 30/s, {fake.stats.too_many_requests} answered 429"
        )
    if args.drop:
        await forget(db)
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
