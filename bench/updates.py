"""Updates per second and latency: hoibot's /toi against a bare python-telegram-bot echo bot.

The bots run in this process against the same fake Bot API server, one after the other,
with the same concurrency. hoibot's /toi reads the member and their units from the
database, replies, and logs both directions; the echo bot only replies. The goal compares
hoibot with a bare python-telegram-bot echo bot (PTB's default httpx transport); a second
echo bot on hoibot's aiohttp transport, and a third that answers every /toi with the very
answer hoibot gives (same text, same HTML, so Telegram's side and PTB's parsing of the sent
message cost the same), show what hoibot's own work costs: knowing the member, claiming
the update, keeping it, logging both directions.

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
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from population import forget, member_id_of, populate
from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.app.application import build_application, start_polling, stop_polling
from bot.app.settings import Settings
from bot.app.transport import AiohttpRequest
from bot.fakeapi import FakeTelegram
from bot.people.access import load_principal
from bot.text.i18n import use_locale
from handlers.people.profile import who_am_i
from storage.db import Database

TOKEN = "7000000001:bench-token-000000000000000000000000"
USERS = 200
CONCURRENCY = 64


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def same_answer(answer: str) -> Handler:
    """An echo bot's handler that answers with hoibot's /toi answer, in HTML as hoibot does."""

    async def answer_as_hoibot(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(answer, parse_mode="HTML")

    return answer_as_hoibot


async def hoibot_answer(db: Database, telegram_user_id: int) -> str:
    """What hoibot answers this member's /toi, in Vietnamese."""
    async with db.session() as session:
        principal = await load_principal(session, telegram_user_id)
    assert principal is not None
    with use_locale("vi"):
        return who_am_i(principal, "vi")


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
        began, cpu_began = time.perf_counter(), time.process_time()
        for i in range(updates):
            await users[i % len(users)].send("/toi", wait=False)
        await fake.wait_idle(timeout=600)
        throughput = updates / (time.perf_counter() - began)
        cpu_per_update = (time.process_time() - cpu_began) / updates
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
        "cpu_ms_per_update": cpu_per_update * 1000,
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
    parser.add_argument("--database-url", default=os.environ.get("HOIBOT_BENCH_DATABASE_URL"))
    parser.add_argument(
        "--drop", action="store_true", help="drop the generated data at the end (else reused)"
    )
    args = parser.parse_args()
    url = args.database_url or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    print(f"database: {url.split('://')[0]}, members: {args.members:,}, updates: {args.updates:,}")
    began = time.perf_counter()
    db = await populate(url, args.members)
    print(f"prepared in {time.perf_counter() - began:.1f} s, process RSS {rss_mb():.0f} MB")
    member_ids = [member_id_of(i * (args.members // USERS)) for i in range(USERS)]

    answer = await hoibot_answer(db, member_ids[0])

    def echo_starter(transport: bool, handler: Handler) -> Callable[[FakeTelegram], Awaitable[Any]]:
        async def start_echo(fake: FakeTelegram) -> Any:
            builder = (
                Application.builder()
                .token(TOKEN)
                .base_url(fake.base_url)
                .concurrent_updates(CONCURRENCY)
            )
            if transport:
                builder = builder.request(AiohttpRequest()).get_updates_request(
                    AiohttpRequest(connection_pool_size=1)
                )
            app = builder.build()
            app.add_handler(MessageHandler(filters.TEXT, handler))
            await app.initialize()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            await app.start()
            return app

        return start_echo

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

    contestants: dict[str, tuple[Callable[[FakeTelegram], Awaitable[Any]], Any]] = {
        "echo": (echo_starter(transport=False, handler=echo), stop_echo),
        "echo_aiohttp": (echo_starter(transport=True, handler=echo), stop_echo),
        "same_answer": (echo_starter(transport=True, handler=same_answer(answer)), stop_echo),
        "hoibot": (start_hoibot, stop_polling),
    }
    # Rounds alternate the bots, so a busy moment of a shared machine falls on all of them;
    # each figure is the median over the rounds.
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in contestants}
    for _round in range(args.rounds):
        for name, (start, stop) in contestants.items():
            rounds[name].append(await run_bot(start, stop, member_ids, args.updates, args.rate))
    figures = {
        name: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        for name, runs in rounds.items()
    }
    print(f"medians of {args.rounds} alternating rounds")
    columns = {"echo": "echo bot", "echo_aiohttp": "echo, aiohttp"}
    columns |= {"same_answer": "same answer", "hoibot": "hoibot /toi"}
    print(f"{'':20}" + "".join(f"{title:>15}" for title in columns.values()))
    for key in figures["echo"]:
        print(f"{key:20}" + "".join(f"{figures[name][key]:>15.2f}" for name in columns))

    def extra_cpu(against: str) -> str:
        each = [
            h["cpu_ms_per_update"] - e["cpu_ms_per_update"]
            for e, h in zip(rounds[against], rounds["hoibot"], strict=True)
        ]
        return (
            f"{statistics.median(each):.2f} ms (rounds: "
            + ", ".join(f"{x:.2f}" for x in each)
            + ")"
        )

    def ratio(against: str) -> str:
        each = [
            h["updates_per_s"] / e["updates_per_s"]
            for e, h in zip(rounds[against], rounds["hoibot"], strict=True)
        ]
        whole = figures["hoibot"]["updates_per_s"] / figures[against]["updates_per_s"]
        return f"{whole:.2f} (rounds: " + ", ".join(f"{r:.2f}" for r in each) + ")"

    print(f"throughput hoibot / bare PTB echo bot: {ratio('echo')}; goal >= 0.70")
    print(f"throughput hoibot / echo bot on hoibot's aiohttp transport: {ratio('echo_aiohttp')}")
    print(f"throughput hoibot / the same answer on that transport: {ratio('same_answer')}")
    print(f"hoibot's CPU per update beyond the echo on its transport: {extra_cpu('echo_aiohttp')}")
    own = extra_cpu("same_answer")
    print(f"hoibot's own CPU per /toi (beyond the same answer): {own}; goal <= 1 ms")
    p99 = figures["hoibot"]["p99_ms"]
    print(f"hoibot p99 at {args.rate:.0f} updates/s: {p99:.1f} ms (goal < 50 ms)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the whole run: {peak:.0f} MB")
    if args.drop:
        await forget(db)
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
