"""Benchmark: a directive's progress by unit at the root, on the dashboard and in the chat.

    python bench/dashboard_directives.py                   # SQLite, a temporary file
    HOIBOT_BENCH_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/bench \
        python bench/dashboard_directives.py

bench/figures.py's 11,000 units (women's groups under their province and under the national
women's association), 30,000 members spread over them and 3 directives sent to everyone, all
delivered, some confirmed. The database's hoibot tables are dropped and rebuilt. Side by side
in turns: the dashboard's page 3 for one directive as an admin at the root (served on
loopback, the whole request) against the chat's `/chidao N tiendo` at the root (its queries),
and the progress by unit alone (bot/directives/tracking.py's `unit_lines`). Medians, wall
and CPU time of this process. Goal: the page within 1.5× of the chat and under 300 ms.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from datetime import UTC, datetime
from typing import Any

from aiohttp import ClientSession, CookieJar
from dashboard import ADMIN, TOKEN, add_people, free_port, init_data, side_by_side
from figures import bench_database, units
from sqlalchemy import insert, select, text

from bot.app.settings import Settings
from bot.app.web import WebServer
from bot.directives.reach import units_confirmed, unreached_after
from bot.directives.tracking import totals, unit_lines
from bot.web.server import Dashboard
from storage.db import Database
from storage.models import (
    Delivery,
    DeliveryState,
    Directive,
    DirectiveReceipt,
    DirectiveRule,
    DirectiveState,
    Member,
    Purpose,
    RecipientScope,
    Unit,
)
from storage.people.units import get_root, rebuild_links

MEMBERS, DIRECTIVES = 30_000, 3
RATIO, BUDGET_MS = 1.5, 300.0


async def build(db: Database) -> list[int]:
    """Fill the database; returns the directives' ids."""
    await db.drop_everything()
    await db.upgrade()
    random.seed(20261203)
    unit_rows = units()
    now = datetime.now(UTC)
    members = [
        {"name": f"Hội viên {n}", "telegram_user_id": 10_000_000 + n, "chat_id": n}
        for n in range(1, MEMBERS + 1)
    ]
    async with db.session() as session:
        for start in range(0, len(unit_rows), 2000):
            await session.execute(insert(Unit), unit_rows[start : start + 2000])
        await rebuild_links(session)
        for start in range(0, MEMBERS, 5000):
            await session.execute(insert(Member), members[start : start + 5000])
        member_ids = list((await session.execute(select(Member.id).order_by(Member.id))).scalars())
        member_units = [random.randint(1, len(unit_rows)) for _ in member_ids]
        ids = []
        for number in range(1, DIRECTIVES + 1):
            directive = Directive(
                state=DirectiveState.PUBLISHED,
                number=f"{number}-KH/TW",
                title=f"Kế hoạch {number}",
                created_at=now,
                updated_at=now,
                published_at=now,
            )
            session.add(directive)
            await session.flush()
            ids.append(directive.id)
            session.add(
                DirectiveRule(
                    directive_id=directive.id,
                    scope=RecipientScope.SUBTREE,
                    unit_id=1,
                    purpose=Purpose.ACT,
                )
            )
            receipts: list[dict[str, Any]] = []
            deliveries: list[dict[str, Any]] = []
            for member_id, unit_id in zip(member_ids, member_units, strict=True):
                key = f"directive:{directive.id}:{member_id}"
                confirmed = now if random.random() < 0.6 else None
                receipts.append(
                    {
                        "directive_id": directive.id,
                        "member_id": member_id,
                        "unit_id": unit_id,
                        "purpose": Purpose.ACT,
                        "delivery_key": key,
                        "received_at": confirmed,
                        "carried_out_at": confirmed if random.random() < 0.3 else None,
                    }
                )
                deliveries.append(
                    {
                        "chat_id": member_id,
                        "member_id": member_id,
                        "state": DeliveryState.SENT,
                        "text": "",
                        "dedupe_key": key,
                        "next_attempt_at": now,
                        "created_at": now,
                        "sent_at": now,
                    }
                )
            for start in range(0, MEMBERS, 5000):
                await session.execute(insert(DirectiveReceipt), receipts[start : start + 5000])
                await session.execute(insert(Delivery), deliveries[start : start + 5000])
        await session.commit()
    return ids


async def measure(db: Database, directive_id: int) -> bool:
    await add_people(db)
    settings = Settings(token=TOKEN, database_url=db.url, web_url="http://127.0.0.1")
    port = free_port()
    server = WebServer(db, mounts=[Dashboard(db, settings).mount])
    await server.start("127.0.0.1", port)
    async with db.session() as session:
        root = await get_root(session)
        assert root is not None
        receipts = await session.scalar(text("SELECT COUNT(*) FROM directive_receipts"))
    print(f"{db.engine.dialect.name}: {receipts:,} receipts; directive {directive_id} at the root")
    print(f"  {'measure':<34} {'wall ms':>8} {'cpu ms':>8}   {'chat ms':>8} {'cpu ms':>8}   ratio")
    jar = CookieJar(unsafe=True)  # aiohttp keeps no cookies for a bare IP address otherwise
    try:
        async with ClientSession(f"http://127.0.0.1:{port}", cookie_jar=jar) as client:
            async with client.post("/app/login", data=init_data(ADMIN)) as login:
                assert login.status == 204, login.status

            async def page() -> None:
                async with client.get(f"/app/van-ban/{directive_id}") as response:
                    assert response.status == 200, response.status
                    await response.read()

            async def tiendo() -> None:
                """/chidao N tiendo at the root: the queries its handler runs."""
                async with db.session() as session:
                    await totals(session, directive_id, [root.id])
                    await units_confirmed(session, directive_id, [root.id])
                    await unreached_after(session, directive_id, [root.id])
                    await unit_lines(session, directive_id, root.id)

            async def by_unit() -> None:
                async with db.session() as session:
                    await unit_lines(session, directive_id, root.id)

            ok = True
            for name, ours, judged in (
                ("page 3 vs /chidao N tiendo", page, True),
                ("unit_lines vs /chidao N tiendo", by_unit, False),
            ):
                wall, cpu, chat_wall, chat_cpu = await side_by_side(ours, tiendo)
                ratio = wall / chat_wall
                good = ratio <= RATIO and wall <= BUDGET_MS
                verdict = ("ok" if good else "TOO SLOW") if judged else "(for reading)"
                ok &= good or not judged
                print(
                    f"  {name:<34} {wall:8.1f} {cpu:8.1f}   "
                    f"{chat_wall:8.1f} {chat_cpu:8.1f}   {ratio:4.2f} {verdict}"
                )
            return ok
    finally:
        await server.stop()


async def main() -> int:
    db = bench_database()
    try:
        started = time.perf_counter()
        directive_ids = await build(db)
        print(f"built in {time.perf_counter() - started:.0f} s at {datetime.now(UTC):%H:%M} UTC")
        return 0 if await measure(db, directive_ids[-1]) else 1
    finally:
        await db.dispose()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
