"""Page 6's data: the interaction log by member, unit and date, a page at a time, within
the viewer's scope, and its CSV export with phone numbers masked."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

from bot.web.data.log import LogFilter, export_csv, log_page
from bot.web.data.scope import Scope, scope_of
from storage.db import Database
from tests.fakes.web_data import (
    ADMIN,
    LEAD_HN,
    LEAD_TB,
    MEMBER_HN,
    NOW,
    principal,
    seed_dashboard,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


async def _csv(db: Database, scope: Scope, wanted: LogFilter) -> list[list[str]]:
    async with db.session() as session:
        text = "".join([chunk async for chunk in export_csv(session, scope, wanted, TZ)])
    return list(csv.reader(io.StringIO(text)))


async def test_each_viewer_reads_the_log_of_their_units(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    texts = {}
    async with demo_db.session() as session:
        for who in (ADMIN, LEAD_HN, LEAD_TB, MEMBER_HN):
            scope = scope_of(await principal(demo_db, who))
            lines, _next = await log_page(session, scope, LogFilter(), TZ)
            texts[who] = [line.text for line in lines]
        lead_hn = scope_of(await principal(demo_db, LEAD_HN))
        foreign = LogFilter(unit_id=seeded.units["TB"])
        assert await log_page(session, lead_hn, foreign, TZ) == ([], None)
    masked = "Số của tôi là *******003"
    assert texts[ADMIN] == ["xin chào", "/lich", masked]
    assert texts[LEAD_HN] == [masked]
    assert texts[LEAD_TB] == ["/lich"]
    assert texts[MEMBER_HN] == []


async def test_the_log_filters_by_member_and_day_and_pages_back(demo_db: Database) -> None:
    await seed_dashboard(demo_db)
    admin = scope_of(await principal(demo_db, ADMIN))
    member_hn = (await principal(demo_db, MEMBER_HN)).member.id
    async with demo_db.session() as session:
        today = NOW.astimezone(TZ).date()
        lines, _next = await log_page(session, admin, LogFilter(since=today), TZ)
        assert [line.text for line in lines] == ["xin chào"]
        lines, _next = await log_page(session, admin, LogFilter(until=today), TZ)
        assert len(lines) == 3
        lines, _next = await log_page(session, admin, LogFilter(member_id=member_hn), TZ)
        assert [line.member_name for line in lines] == ["Lê Văn Cường"]

        first, after = await log_page(session, admin, LogFilter(), TZ, limit=2)
        assert after == first[-1].id
        rest, end = await log_page(session, admin, LogFilter(), TZ, before_id=after, limit=2)
        assert ([line.text for line in first + rest], end) == (
            ["xin chào", "/lich", "Số của tôi là *******003"],
            None,
        )


async def test_the_csv_export_masks_phones_and_keeps_the_scope(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    admin = scope_of(await principal(demo_db, ADMIN))
    lead_hn = scope_of(await principal(demo_db, LEAD_HN))
    lead_tb = scope_of(await principal(demo_db, LEAD_TB))
    rows = await _csv(demo_db, admin, LogFilter())
    assert rows[0][:4] == ["id", "at", "direction", "kind"]
    assert len(rows) == 4
    text = rows[0].index("text")
    assert [row[text] for row in await _csv(demo_db, lead_hn, LogFilter())][1:] == [
        "Số của tôi là *******003"
    ]
    assert await _csv(demo_db, lead_tb, LogFilter(unit_id=seeded.units["HN"])) == []
