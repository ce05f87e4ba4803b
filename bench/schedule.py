"""/lich against /toi, side by side, over a calendar of 50,000 items across 11,000 units.

The real bot answers a simulated member through the fake Telegram server; each reply is timed
from the moment the update is queued until the member sees the answer. Rounds alternate
/toi and /lich so both meet the same machine state. The target: /lich within 2x /toi.
Also times importing the 2024 key-task table.

    python bench/schedule.py                      # temporary SQLite file
    python bench/schedule.py --database-url postgresql+asyncpg://postgres@127.0.0.1/bench
    (or HOIBOT_BENCH_DATABASE_URL=...)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text

from bot.app.application import build_application, start_polling, stop_polling
from bot.app.settings import Settings
from bot.fakeapi import FakeTelegram
from bot.fakeapi.seen import SeenMessage
from bot.periods import parse_period
from bot.schedule.importing import apply_import, read_document
from bot.schedule.items import month_day, period_columns, status_for
from storage.db import Database
from storage.models import (
    ItemAudience,
    Member,
    Membership,
    Role,
    ScheduleAudience,
    ScheduleItem,
    Unit,
    UnitKind,
)
from storage.models.schedule import ALWAYS
from storage.people.units import rebuild_links
from storage.schedule import items_in_range_query

TOKEN = "7000000002:hoibot-bench-token-00000000000000000"
PROVINCES, DISTRICTS, UNITS, ITEMS = 63, 10, 11_000, 50_000
ME = 424_242


def build_units() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {
            "id": 1,
            "code": "TW",
            "name": "Trung ương Hội",
            "kind": UnitKind.CENTRAL,
            "parent_id": None,
        }
    ]
    districts = []
    for p in range(1, PROVINCES + 1):
        pid = len(rows) + 1
        rows.append(
            {
                "id": pid,
                "code": f"P{p:02d}",
                "name": f"Hội tỉnh {p}",
                "kind": UnitKind.PROVINCE,
                "parent_id": 1,
            }
        )
        for d in range(1, DISTRICTS + 1):
            did = len(rows) + 1
            rows.append(
                {
                    "id": did,
                    "code": f"P{p:02d}-D{d:02d}",
                    "name": f"Hội huyện {p}.{d}",
                    "kind": UnitKind.DISTRICT,
                    "parent_id": pid,
                }
            )
            districts.append(did)
    commune = 0
    while len(rows) < UNITS:
        parent = districts[commune % len(districts)]
        commune += 1
        rows.append(
            {
                "id": len(rows) + 1,
                "code": f"C{commune:05d}",
                "name": f"Chi hội xã {commune}",
                "kind": UnitKind.COMMUNE,
                "parent_id": parent,
            }
        )
    return rows


@cache
def period_of(text_: str, year: int) -> Any:
    return parse_period(text_, default_year=year)


def random_period(rng: random.Random, today: date) -> str:
    day = today + timedelta(days=rng.randint(-365, 365))
    kind = rng.random()
    if kind < 0.6:
        return f"{day.day}/{day.month}/{day.year}"
    if kind < 0.7:
        return f"{rng.randint(7, 16)}h00 ngày {day.day}/{day.month}/{day.year}"
    if kind < 0.8:
        return f"tháng {day.month}/{day.year}"
    if kind < 0.85:
        return f"quý {(day.month - 1) // 3 + 1}/{day.year}"
    if kind < 0.9:
        return f"T{day.month},{day.month % 12 + 1}/{day.year}" if day.month < 12 else "T11,12/2026"
    if kind < 0.95:
        return f"trước {day.day}/{day.month}/{day.year}"
    return "sẽ thông báo sau"


async def seed(db: Database, rng: random.Random, today: date) -> int:
    """Units, one member each (the bench member in a commune), and the calendar."""
    units = build_units()
    now = datetime.now(UTC)
    async with db.session() as session:
        await session.execute(insert(Unit), units)
        await rebuild_links(session)
        members = [
            {
                "id": u["id"],
                "name": f"Hội viên {u['id']}",
                "telegram_user_id": None,
                "chat_id": None,
                "reachable": True,
            }
            for u in units
        ]
        mine = units[5000]["id"]
        members[mine - 1].update(telegram_user_id=ME, chat_id=ME, name="Người đo")
        await session.execute(insert(Member), members)
        await session.execute(
            insert(Membership),
            [{"member_id": u["id"], "unit_id": u["id"], "role": Role.MEMBER} for u in units],
        )
        by_kind: dict[UnitKind, list[int]] = {}
        for unit in units:
            by_kind.setdefault(unit["kind"], []).append(unit["id"])
        items, audience = [], []
        for item_id in range(1, ITEMS + 1):
            pick = rng.random()
            everyone = pick < 0.02
            kind = (
                UnitKind.PROVINCE
                if pick < 0.1
                else UnitKind.DISTRICT
                if pick < 0.3
                else UnitKind.COMMUNE
            )
            owner = 1 if everyone else rng.choice(by_kind[kind])
            period = period_of(random_period(rng, today), today.year)
            items.append(
                {
                    "id": item_id,
                    "title": f"Việc số {item_id}",
                    "details": None,
                    "place": None,
                    "period_written": period.text,
                    "status": status_for(period),
                    "recurring": False,
                    "month_day": None,
                    "responsible": None,
                    "owner_unit_id": owner,
                    "audience": ItemAudience.EVERYONE if everyone else ItemAudience.SUBTREE,
                    "revision": 1,
                    "created_at": now,
                    "updated_at": now,
                    **period_columns(period),
                }
            )
            dated = period.end is not None
            audience.append(
                {
                    "item_id": item_id,
                    "unit_id": None if everyone else owner,
                    "start_on": period.start if dated else None,
                    "end_on": period.end if dated else ALWAYS,
                }
            )
        for yearly, (d, m) in enumerate(((19, 5), (6, 12), (27, 7)), start=ITEMS + 1):
            period = period_of(f"{d}/{m}/2020", 2020)
            items.append(
                {
                    **items[0],
                    "id": yearly,
                    "title": "Ngày kỷ niệm",
                    "recurring": True,
                    "month_day": month_day(period),
                    "owner_unit_id": 1,
                    "audience": ItemAudience.EVERYONE,
                    **period_columns(period),
                }
            )
            audience.append(
                {"item_id": yearly, "unit_id": None, "start_on": None, "end_on": ALWAYS}
            )
        for start in range(0, len(items), 5000):
            await session.execute(insert(ScheduleItem), items[start : start + 5000])
            await session.execute(insert(ScheduleAudience), audience[start : start + 5000])
        await session.commit()
    return int(mine)


async def explain(db: Database, unit_id: int, today: date) -> None:
    query = items_in_range_query([unit_id], today, today + timedelta(days=92))
    compiled = query.compile(db.engine.sync_engine, compile_kwargs={"literal_binds": True})
    prefix = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN "
    async with db.engine.connect() as conn:
        rows = (await conn.execute(text(prefix + str(compiled)))).all()
    print("query plan of /lich:")
    for row in rows:
        print("   ", row[-1])


async def timed(fake: FakeTelegram, user: Any, command: str, seen: list[SeenMessage]) -> float:
    before = len(seen)
    start = time.perf_counter()
    await user.send(command, wait=False)
    await fake.wait_until(lambda: len(seen) > before, timeout=30)
    elapsed = time.perf_counter() - start
    await fake.wait_idle(timeout=30)
    return elapsed


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("HOIBOT_BENCH_DATABASE_URL", ""))
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    url = args.database_url or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    db = Database(url)
    await db.drop_everything()
    await db.upgrade()
    today = datetime.now(UTC).date()
    started = time.perf_counter()
    mine = await seed(db, random.Random(2024), today)
    if not db.is_sqlite:
        async with db.engine.begin() as conn:
            # Rows were inserted with their ids: move the sequences past them.
            for table in ("units", "members", "schedule_items"):
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
            await conn.execute(text("ANALYZE"))
    async with db.session() as session:
        count = len((await session.execute(select(ScheduleItem.id))).all())
        units = len((await session.execute(select(Unit.id))).all())
    print(
        f"database: {db.engine.dialect.name}; {units} units, {count} items "
        f"(seeded in {time.perf_counter() - started:.1f}s)"
    )
    await explain(db, mine, today)

    guidance = (
        Path(__file__).resolve().parents[1]
        / "tests"
        / "data"
        / "huong-dan-cong-tac-dan-van-2024.txt"
    ).read_text()
    started = time.perf_counter()
    async with db.session() as session:
        plan = read_document(guidance, filename="huong-dan.txt", default_year=today.year)
        root = await session.get(Unit, 1)
        assert root is not None
        result = await apply_import(session, plan, root, actor_id=None, dry_run=False)
        await session.commit()
    print(
        f"import of the 2024 key-task table: {len(result.rows)} items in "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )

    async with FakeTelegram(token=TOKEN) as fake:
        settings = Settings(
            token=TOKEN,
            database_url=url,
            telegram_api_url=fake.base_url,
            telegram_file_url=fake.base_file_url,
            bot_username="bench_bot",
            run_jobs=False,
        )
        application = build_application(settings, db)
        await start_polling(application, poll_timeout=1)
        fake.attach(application)
        user = fake.user(ME, first_name="Đo")
        seen: list[SeenMessage] = []
        fake.on_seen(lambda message: seen.append(message) if message.chat_id == ME else None)
        commands = ["/toi", "/lich", "/lich quý này"]
        for command in commands:  # warm up caches and connections
            await timed(fake, user, command, seen)
        answer = user.last.text or ""
        times: dict[str, list[float]] = {command: [] for command in commands}
        for _ in range(args.rounds):
            for command in commands:
                times[command].append(await timed(fake, user, command, seen))
        await stop_polling(application)
    print(f"last /lich answer: {len(answer)} characters, {answer.count(chr(10)) + 1} lines")
    base = statistics.median(times["/toi"])
    print(f"{'command':<14} {'median ms':>10} {'mean ms':>9} {'p90 ms':>8} {'x /toi':>7}")
    for command, values in times.items():
        ordered = sorted(values)
        p90 = ordered[int(len(ordered) * 0.9) - 1]
        ratio = statistics.median(values) / base
        print(
            f"{command:<14} {statistics.median(values) * 1000:>10.1f} "
            f"{statistics.mean(values) * 1000:>9.1f} {p90 * 1000:>8.1f} {ratio:>7.2f}"
        )
    ratio = statistics.median(times["/lich"]) / base
    print(
        f"ratio /lich : /toi = {ratio:.2f} (target: at most 2.00) -> "
        f"{'OK' if ratio <= 2 else 'TOO SLOW'}"
    )
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
