"""Benchmark: the dashboard's pages over 11,000 units × 8 periods, beside the chat's /baocao.

    python bench/dashboard.py                      # SQLite, a temporary file
    HOIBOT_BENCH_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/bench \
        python bench/dashboard.py [--reuse]

The rows are bench/figures.py's (the database's hoibot tables are dropped and rebuilt unless
--reuse). The dashboard is served on loopback as in production, and each page is fetched
with an admin's (or a province lead's) session cookie: its time is the whole request, the
login check, the queries and the HTML. The chat's /baocao for the same period and node is
measured in turns with it in the same run: its report built and written out as the
message, as its handler does. Medians of several runs, wall and CPU time of this process (the
server and the client share it). Goal: each page within 1.5× of /baocao and under 300 ms;
exits 1 when a page is not.
"""

from __future__ import annotations

import asyncio
import json
import socket
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from aiohttp import ClientSession, CookieJar
from figures import bench_database, build  # bench/figures.py: the same 11,000 units and 8 periods
from sqlalchemy import select, text

from bot.app.settings import Settings
from bot.app.web import WebServer
from bot.figures.report import build_progress, build_report
from bot.figures.report_text import report_text
from bot.text.i18n import use_locale
from bot.web.initdata import sign
from bot.web.server import Dashboard
from storage.db import Database
from storage.models import Member, ReportingPeriod, Role, Unit
from storage.people.members import add_role

RUNS = 15
RATIO, BUDGET_MS = 1.5, 300.0
TOKEN = "1000000001:bench-token"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN, LEAD = 9_000_001, 9_000_002


async def add_people(db: Database) -> tuple[int, int]:
    """An admin at the centre and a lead of one province; returns (root id, province id)."""
    async with db.session() as session:
        root = (await session.execute(select(Unit).where(Unit.code == "TW"))).scalar_one()
        province = (await session.execute(select(Unit).where(Unit.code == "P0"))).scalar_one()
        for telegram_id, unit, role in ((ADMIN, root, Role.ADMIN), (LEAD, province, Role.LEAD)):
            known = await session.execute(
                select(Member).where(Member.telegram_user_id == telegram_id)
            )
            if known.scalar_one_or_none() is None:
                member = Member(name=f"Bench {role}", telegram_user_id=telegram_id)
                session.add(member)
                await session.flush()
                await add_role(session, member, unit.id, role)
        await session.commit()
        return root.id, province.id


def init_data(user_id: int) -> str:
    fields = {"user": json.dumps({"id": user_id}), "auth_date": str(int(time.time()))}
    fields["hash"] = sign(fields, TOKEN)
    return urlencode(fields, quote_via=quote)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


Timed = Callable[[], Awaitable[Any]]


async def side_by_side(page: Timed, chat: Timed) -> tuple[float, float, float, float]:
    """Median wall and CPU milliseconds of each, run in turns so both meet the same load."""
    await page()  # warm caches, statement compilation, templates
    await chat()
    walls: tuple[list[float], list[float]] = ([], [])
    cpus: tuple[list[float], list[float]] = ([], [])
    for _ in range(RUNS):
        for index, run in enumerate((page, chat)):
            wall, cpu = time.perf_counter(), time.process_time()
            await run()
            walls[index].append((time.perf_counter() - wall) * 1000)
            cpus[index].append((time.process_time() - cpu) * 1000)
    return (
        statistics.median(walls[0]),
        statistics.median(cpus[0]),
        statistics.median(walls[1]),
        statistics.median(cpus[1]),
    )


async def measure(db: Database, period_id: int) -> bool:
    root_id, province_id = await add_people(db)
    settings = Settings(token=TOKEN, database_url=db.url, web_url="http://127.0.0.1")
    port = free_port()
    server = WebServer(db, mounts=[Dashboard(db, settings).mount])
    await server.start("127.0.0.1", port)
    try:
        async with db.session() as session:
            period = await session.get(ReportingPeriod, period_id)
            assert period is not None
            rows = await session.scalar(text("SELECT COUNT(*) FROM figure_values"))
        print(f"{db.engine.dialect.name}: {rows:,} figure rows; period {period.code}")
        print(f"  {'page':<36} {'wall ms':>8} {'cpu ms':>8}   {'chat ms':>8} {'cpu ms':>8}   ratio")
        admin = await measure_person(db, port, period, ADMIN, root_id, "admin")
        lead = await measure_person(db, port, period, LEAD, province_id, "lead")
        return admin and lead
    finally:
        await server.stop()


async def measure_person(
    db: Database, port: int, period: ReportingPeriod, who: int, node_id: int, label: str
) -> bool:
    """Each page for one person, at where their view starts, beside the chat's answer."""
    ok = True
    jar = CookieJar(unsafe=True)  # aiohttp keeps no cookies for a bare IP address otherwise
    async with ClientSession(f"http://127.0.0.1:{port}", cookie_jar=jar) as client:
        async with client.post("/app/login", data=init_data(who)) as login:
            assert login.status == 204, login.status

        def fetch(path: str) -> Timed:
            async def get() -> None:
                async with client.get(path) as response:
                    assert response.status == 200, (path, response.status)
                    await response.read()

            return get

        async def baocao() -> None:
            """/baocao: the report built and written as the chat's message."""
            async with db.session() as session:
                node = await session.get(Unit, node_id)
                assert node is not None
                with use_locale("vi"):
                    data = await build_report(session, period, node, approved_only=False, tz=TZ)
                    report_text(data)

        async def tiendo() -> None:
            """/baocao tiendo: the completeness of the node and its children."""
            async with db.session() as session:
                node = await session.get(Unit, node_id)
                assert node is not None
                await build_progress(session, period, node, TZ)

        query = f"?ky={period.id}&dv={node_id}"
        for page, path, chat, judged in (
            ("Kỳ báo cáo vs /baocao", f"/app/ky-bao-cao{query}", baocao, True),
            ("Báo cáo vs /baocao", f"/app/bao-cao{query}", baocao, True),
            ("Kỳ báo cáo vs /baocao tiendo", f"/app/ky-bao-cao{query}", tiendo, False),
        ):
            wall, cpu, chat_wall, chat_cpu = await side_by_side(fetch(path), chat)
            ratio = wall / chat_wall
            good = ratio <= RATIO and wall <= BUDGET_MS
            verdict = ("ok" if good else "TOO SLOW") if judged else "(for reading)"
            ok &= good or not judged
            print(
                f"  {page + ', ' + label:<36} {wall:8.1f} {cpu:8.1f}   "
                f"{chat_wall:8.1f} {chat_cpu:8.1f}   {ratio:4.2f} {verdict}"
            )
    return ok


async def main() -> int:
    db = bench_database()
    try:
        started = time.perf_counter()
        if "--reuse" in sys.argv:  # measure again over the rows of an earlier run
            async with db.session() as session:
                ids = await session.execute(text("SELECT id FROM reporting_periods ORDER BY id"))
                period_ids = list(ids.scalars())
        else:
            period_ids = await build(db)
        print(f"built in {time.perf_counter() - started:.0f} s at {datetime.now(UTC):%H:%M} UTC")
        return 0 if await measure(db, period_ids[-1]) else 1
    finally:
        await db.dispose()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
