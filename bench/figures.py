"""Benchmark: the figures report and the completeness view over 11,000 units × 8 periods.

    python bench/figures.py                      # SQLite, a temporary file
    HOIBOT_BENCH_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/bench \
        python bench/figures.py

The database's hoibot tables are dropped and rebuilt. Each measure is the median of several
runs, side by side in the same run with a hand-written SQL GROUP BY over the same rows; the
code must stay within 1.5× of it and under 200 ms. Exits 1 when it does not.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from bot.figures.indicators import DEFAULT_FILE, parse_indicator_file
from bot.figures.periods import PeriodSpan, reporting_period, timely_until
from bot.figures.report import build_progress, build_report
from bot.figures.service import open_period
from storage.db import Database
from storage.figures import (
    list_indicators,
    store_indicators,
)
from storage.models import FigureValue, Unit
from storage.people.units import get_root, rebuild_links

RUNS = 21
RATIO, BUDGET_MS = 1.5, 200.0
TZ_NAME = "Asia/Ho_Chi_Minh"


def units() -> list[dict[str, Any]]:
    """11,000 units: the centre, 63 provinces, 630 districts, 10,080 communes, 64 women's
    associations (one per province, also under the national one), 100 traditional units and
    62 liaison boards."""
    rows: list[dict[str, Any]] = []

    def add(code: str, name: str, kind: str, parent: int | None, also: int | None = None) -> int:
        rows.append(
            {
                "id": len(rows) + 1,
                "code": code,
                "name": name,
                "kind": kind,
                "parent_id": parent,
                "also_under_id": also,
            }
        )
        return len(rows)

    root = add("TW", "Trung ương Hội", "central", None)
    women = add("NU", "Hội Nữ CSTS Việt Nam", "women_association", root)
    for p in range(63):
        province = add(f"P{p}", f"Hội tỉnh {p:02d}", "province", root)
        add(f"P{p}-NU", f"Hội Nữ tỉnh {p:02d}", "women_association", province, women)
        for d in range(10):
            district = add(f"P{p}-D{d}", f"Hội huyện {p}-{d}", "district", province)
            for c in range(16):
                add(f"P{p}-D{d}-C{c}", f"Hội xã {p}-{d}-{c}", "commune", district)
    for t in range(100):
        add(f"T{t}", f"Đơn vị truyền thống {t}", "traditional_unit", root)
    for b in range(62):
        add(f"B{b}", f"Ban liên lạc {b}", "liaison_board", root)
    return rows


async def build(db: Database) -> list[int]:
    """Fill the database; returns the ids of the 8 periods."""
    await db.drop_everything()
    await db.upgrade()
    random.seed(20200401)
    rows = units()
    async with db.session() as session:
        for start in range(0, len(rows), 2000):
            await session.execute(insert(Unit), rows[start : start + 2000])
        await rebuild_links(session)
        await store_indicators(session, parse_indicator_file(DEFAULT_FILE))
        indicators = await list_indicators(session)
        await session.commit()
    period_ids = []
    for quarter in range(8):
        span = reporting_period(f"{2019 + quarter // 4}-Q{quarter % 4 + 1}", date(2021, 1, 1))
        assert isinstance(span, PeriodSpan)
        async with db.session() as session:
            period, _new = await open_period(
                session,
                span,
                deadline=span.ends_on + timedelta(days=10),
                grace_days=3,
                now=datetime.now(UTC),
            )
            period_ids.append(period.id)
            await session.commit()
        await fill(db, period.id, span.ends_on, [i.id for i in indicators])
    return period_ids


async def fill(db: Database, period_id: int, ends_on: date, indicator_ids: list[int]) -> None:
    """About 80% of units report (most on time), with figures for every indicator."""
    values: list[dict[str, Any]] = []
    async with db.session() as session:
        reports = (
            await session.execute(
                text(f"SELECT id, unit_id FROM unit_reports WHERE period_id = {period_id}")
            )
        ).all()
        updates = []
        for report_id, unit_id in reports:
            if random.random() > 0.8:
                continue
            day = ends_on + timedelta(days=random.randint(1, 20))
            moment = datetime(day.year, day.month, day.day, 3, tzinfo=UTC)
            state = "approved" if random.random() < 0.5 else "submitted"
            updates.append({"rid": report_id, "state": state, "at": moment})
            houses, gifts = random.randint(0, 3), random.randint(0, 900)
            figures = [
                houses,
                gifts,
                random.randint(0, 200),
                gifts * random.randint(200, 800) * 1000,
            ]
            for indicator_id, value in zip(indicator_ids, figures, strict=True):
                values.append(
                    {
                        "period_id": period_id,
                        "unit_id": unit_id,
                        "indicator_id": indicator_id,
                        "value": value,
                    }
                )
        await session.execute(
            text(
                "UPDATE unit_reports SET state = :state, first_submitted_at = :at, "
                "submitted_at = :at WHERE id = :rid"
            ),
            updates,
        )
        for start in range(0, len(values), 5000):
            await session.execute(insert(FigureValue), values[start : start + 5000])
        await session.commit()


# The same answers, written by hand: what the code's queries are measured against.
_CHILDREN = "SELECT descendant_id FROM unit_links WHERE ancestor_id = :root AND depth = 1"
HAND_REPORT = [
    f"""SELECT l.ancestor_id, v.indicator_id, SUM(v.value) FROM figure_values v
        JOIN unit_links l ON l.descendant_id = v.unit_id
        WHERE v.period_id = :period AND l.ancestor_id + 0 IN ({_CHILDREN})
        GROUP BY l.ancestor_id, v.indicator_id""",
    """SELECT u.kind, v.indicator_id, SUM(v.value) FROM figure_values v
       JOIN unit_links l ON l.descendant_id = v.unit_id AND l.ancestor_id = :root
       JOIN units u ON u.id = v.unit_id
       WHERE v.period_id = :period GROUP BY u.kind, v.indicator_id""",
]
_TALLY = """COUNT(*), SUM(CASE WHEN r.state <> 'missing' THEN 1 ELSE 0 END),
    SUM(CASE WHEN r.state <> 'missing' AND r.first_submitted_at < :until THEN 1 ELSE 0 END),
    SUM(CASE WHEN r.state = 'approved' THEN 1 ELSE 0 END)"""
HAND_COMPLETENESS = [
    f"""SELECT l.ancestor_id, {_TALLY} FROM unit_reports r
        JOIN unit_links l ON l.descendant_id = r.unit_id
        WHERE r.period_id = :period AND r.expected AND l.ancestor_id + 0 IN ({_CHILDREN})
        GROUP BY l.ancestor_id""",
    f"""SELECT u.kind, {_TALLY} FROM unit_reports r
        JOIN unit_links l ON l.descendant_id = r.unit_id AND l.ancestor_id = :root
        JOIN units u ON u.id = r.unit_id
        WHERE r.period_id = :period AND r.expected GROUP BY u.kind""",
]
_TOTAL = """SELECT v.indicator_id, SUM(v.value) FROM figure_values v
    JOIN unit_links l ON l.descendant_id = v.unit_id AND l.ancestor_id = :root
    WHERE v.period_id = :period GROUP BY v.indicator_id"""


async def side_by_side(
    ours: Callable[[], Awaitable[Any]], theirs: Callable[[], Awaitable[Any]]
) -> tuple[float, float]:
    """Median milliseconds of each, run in turns so that both meet the same machine load."""
    await ours()  # warm caches and statement compilation
    await theirs()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(RUNS):
        for run, kept in ((ours, times[0]), (theirs, times[1])):
            start = time.perf_counter()
            await run()
            kept.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


async def measure(db: Database, period_ids: list[int]) -> bool:
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(TZ_NAME)
    ok = True
    async with db.session() as session:
        root = await get_root(session)
        assert root is not None
        period = await session.get(
            __import__("storage.models", fromlist=["x"]).ReportingPeriod, period_ids[-1]
        )
        assert period is not None
        until = timely_until(period.deadline, period.grace_days, tz)
        params = {"root": root.id, "period": period.id, "until": until}

        async def hand(statements: list[str]) -> None:
            for statement in statements:
                (await session.execute(text(statement), params)).all()

        async def report() -> None:
            await build_report(session, period, root, approved_only=False, tz=tz)

        async def progress() -> None:
            await build_progress(session, period, root, tz)

        data = await build_report(session, period, root, approved_only=False, tz=tz)
        hand_total = (await session.execute(text(_TOTAL), params)).all()
        assert dict(hand_total) == dict(data.totals), "the report's sums differ from SQL's"
        rows = await session.scalar(text("SELECT COUNT(*) FROM figure_values"))
        expected = data.tally.expected
        print(f"{db.engine.dialect.name}: {rows:,} figure rows, {expected:,} units expected")
        for name, ours, theirs in (
            # the report shows each group's "reported/expected" too
            ("report", report, lambda: hand(HAND_REPORT + HAND_COMPLETENESS)),
            ("completeness", progress, lambda: hand(HAND_COMPLETENESS)),
        ):
            code_ms, hand_ms = await side_by_side(ours, theirs)
            ratio = code_ms / hand_ms
            good = ratio <= RATIO and code_ms <= BUDGET_MS
            ok &= good
            print(
                f"  {name:<13} code {code_ms:7.1f} ms   hand-written SQL {hand_ms:7.1f} ms   "
                f"ratio {ratio:4.2f}   {'ok' if good else 'TOO SLOW'}"
            )
    return ok


def bench_database() -> Database:
    """HOIBOT_BENCH_DATABASE_URL, or a SQLite file in a new temporary folder."""
    url = os.environ.get("HOIBOT_BENCH_DATABASE_URL", "")
    if not url:
        folder = Path(tempfile.mkdtemp(prefix="hoibot-bench-"))
        url = f"sqlite+aiosqlite:///{folder / 'bench.sqlite3'}"
    return Database(url)


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
        print(f"built in {time.perf_counter() - started:.0f} s")
        return 0 if await measure(db, period_ids) else 1
    finally:
        await db.dispose()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
