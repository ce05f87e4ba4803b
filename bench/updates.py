"""Updates per second and latency: hoibot's /toi against a bare python-telegram-bot echo bot.

Both bots run in this process against the same fake Bot API server, one after the other,
with the same concurrency. hoibot's /toi reads the member and their units from the
database, replies, and logs both directions; the echo bot only replies.

    python bench/updates.py                       # SQLite, 1,000,000 members
    HOIBOT_BENCH_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        python bench/updates.py
    python bench/updates.py --members 20000 --updates 1000   # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.app import build_application, start_polling, stop_polling
from bot.demo import seed_demo
from bot.fakeapi import FakeTelegram
from bot.settings import Settings
from storage.db import Database
from storage.models import Member, Membership, Role, Unit

TOKEN = "7000000001:bench-token-000000000000000000000000"
USERS = 200
CONCURRENCY = 64


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


async def prepare(url: str, members: int) -> Database:
    db = Database(url)
    await db.drop_everything()
    await db.upgrade()
    async with db.session() as session:
        await seed_demo(session)
        unit_id = (await session.execute(select(Unit.id).where(Unit.code == "HN"))).scalar_one()
        start = 2_000_000
        for first in range(0, members, 20_000):
            batch = range(first, min(first + 20_000, members))
            await session.execute(
                insert(Member),
                [
                    {
                        "name": f"Hội viên {i}",
                        "phone": f"09{i:08d}",
                        "telegram_user_id": start + i,
                        "chat_id": start + i,
                        "reachable": True,
                    }
                    for i in batch
                ],
            )
        ids = (
            (
                await session.execute(
                    select(Member.id).where(Member.telegram_user_id >= start).order_by(Member.id)
                )
            )
            .scalars()
            .all()
        )
        for first in range(0, len(ids), 20_000):
            await session.execute(
                insert(Membership),
                [
                    {"member_id": i, "unit_id": unit_id, "role": Role.MEMBER}
                    for i in ids[first : first + 20_000]
                ],
            )
        await session.commit()
    return db


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


async def run_bot(
    start: Callable[[FakeTelegram], Awaitable[Any]],
    stop: Callable[[Any], Awaitable[None]],
    user_ids: list[int],
    updates: int,
    rate: float,
) -> dict[str, float]:
    """Throughput with everything queued at once, then latency at a steady `rate` per second."""
    async with FakeTelegram(token=TOKEN) as fake:
        app = await start(fake)
        fake.attach(app)
        users = [fake.user(uid, first_name="Bench") for uid in user_ids]
        sent_at: dict[int, float] = {}
        latencies: list[float] = []

        def seen(message: Any) -> None:
            began = sent_at.pop(message.chat_id, None)
            if began is not None:
                latencies.append(time.perf_counter() - began)

        fake.on_seen(seen)
        await users[0].send("/toi")  # warm up connections and caches
        rss_before = rss_mb()
        began = time.perf_counter()
        for i in range(updates):
            await users[i % len(users)].send("/toi", wait=False)
        await fake.wait_idle(timeout=600)
        throughput = updates / (time.perf_counter() - began)
        rss_after = rss_mb()

        latencies.clear()
        steady = int(rate * 10)
        tick = time.perf_counter()
        for i in range(steady):
            user = users[i % len(users)]
            sent_at[user.id] = time.perf_counter()
            await user.send("/toi", wait=False)
            tick += 1 / rate
            await asyncio.sleep(max(0.0, tick - time.perf_counter()))
        await fake.wait_idle(timeout=120)
        await stop(app)
    latencies.sort()
    return {
        "updates_per_s": throughput,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "answered": len(latencies) / steady,
        "rss_growth_mb": rss_after - rss_before,
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("HOIBOT_BENCH_DATABASE_URL") or (
        f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    )
    print(f"database: {url.split('://')[0]}, members: {args.members:,}, updates: {args.updates:,}")
    began = time.perf_counter()
    db = await prepare(url, args.members)
    print(f"prepared in {time.perf_counter() - began:.1f} s, process RSS {rss_mb():.0f} MB")
    member_ids = [2_000_000 + i * (args.members // USERS) for i in range(USERS)]

    async def start_echo(fake: FakeTelegram) -> Any:
        app = (
            Application.builder()
            .token(TOKEN)
            .base_url(fake.base_url)
            .concurrent_updates(CONCURRENCY)
            .build()
        )
        app.add_handler(MessageHandler(filters.TEXT, echo))
        await app.initialize()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        await app.start()
        return app

    async def stop_echo(app: Any) -> None:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()

    async def start_hoibot(fake: FakeTelegram) -> Any:
        settings = Settings(
            token=TOKEN,
            database_url=url,
            telegram_api_url=fake.base_url,
            telegram_file_url=fake.base_file_url,
            run_jobs=False,
        )
        app = build_application(settings, db)
        await start_polling(app, poll_timeout=1)
        return app

    # Rounds alternate echo and hoibot, so a busy moment of a shared machine falls on both;
    # each figure is the median over the rounds.
    rounds: dict[str, list[dict[str, float]]] = {"echo": [], "hoibot": []}
    for _round in range(args.rounds):
        rounds["echo"].append(
            await run_bot(start_echo, stop_echo, member_ids, args.updates, args.rate)
        )
        rounds["hoibot"].append(
            await run_bot(start_hoibot, stop_polling, member_ids, args.updates, args.rate)
        )
    echo_figures = {k: statistics.median(r[k] for r in rounds["echo"]) for k in rounds["echo"][0]}
    hoibot_figures = {
        k: statistics.median(r[k] for r in rounds["hoibot"]) for k in rounds["hoibot"][0]
    }
    print(f"medians of {args.rounds} alternating rounds")
    print(f"{'':24}{'echo bot':>12}{'hoibot /toi':>14}")
    for key in ("updates_per_s", "p50_ms", "p99_ms", "answered", "rss_growth_mb"):
        print(f"{key:24}{echo_figures[key]:>12.2f}{hoibot_figures[key]:>14.2f}")
    each = [
        h["updates_per_s"] / e["updates_per_s"]
        for e, h in zip(rounds["echo"], rounds["hoibot"], strict=True)
    ]
    ratio = hoibot_figures["updates_per_s"] / echo_figures["updates_per_s"]
    print(
        f"throughput ratio hoibot/echo: {ratio:.2f} (goal >= 0.70); rounds: "
        + ", ".join(f"{r:.2f}" for r in each)
    )
    print(
        f"hoibot p99 at {args.rate:.0f} updates/s: {hoibot_figures['p99_ms']:.1f} ms (goal < 50 ms)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the whole run: {peak:.0f} MB")
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
