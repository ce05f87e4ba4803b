"""Page 3's data: directives by unit within the viewer's scope, the units nobody on
Telegram could get, the chases, and the search without diacritics."""

from __future__ import annotations

from bot.web.data.directives import (
    chases,
    get_visible_directive,
    list_directives,
    unit_breakdown,
    unit_people,
    unreached_units,
)
from bot.web.data.scope import scope_of
from storage.db import Database
from tests.fakes.web_data import ADMIN, LEAD_HN, LEAD_TB, MEMBER_HN, principal, seed_dashboard


async def test_the_office_sees_every_directive_and_a_lead_what_reached_their_units(
    demo_db: Database,
) -> None:
    seeded = await seed_dashboard(demo_db)
    admin = scope_of(await principal(demo_db, ADMIN))
    lead_hn = scope_of(await principal(demo_db, LEAD_HN))
    lead_tb = scope_of(await principal(demo_db, LEAD_TB))
    async with demo_db.session() as session:
        rows, total = await list_directives(session, admin, "", 0, 20)
        assert (total, [r.id for r in rows]) == (2, [seeded.hanoi, seeded.everyone])
        everyone = rows[1].counts
        # Ten demo people and two registered members who are not on Telegram.
        assert (everyone.recipients, everyone.no_telegram, everyone.received) == (12, 2, 1)

        rows, total = await list_directives(session, lead_hn, "", 0, 20)
        assert (total, [r.id for r in rows]) == (2, [seeded.hanoi, seeded.everyone])
        # Only Hà Nội's four members are counted for its lead.
        assert (rows[1].counts.recipients, rows[1].counts.received) == (4, 1)

        rows, total = await list_directives(session, lead_tb, "", 0, 20)
        assert (total, [r.id for r in rows]) == (1, [seeded.everyone])
        assert (rows[0].counts.recipients, rows[0].counts.no_telegram) == (4, 1)


async def test_a_lead_gets_nothing_of_another_provinces_directive(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    lead_tb = scope_of(await principal(demo_db, LEAD_TB))
    member = scope_of(await principal(demo_db, MEMBER_HN))
    hanoi_unit = seeded.units["HN"]
    async with demo_db.session() as session:
        assert await get_visible_directive(session, lead_tb, seeded.hanoi) is None
        assert await get_visible_directive(session, lead_tb, seeded.everyone) is not None
        assert await unit_breakdown(session, lead_tb, seeded.everyone, hanoi_unit) is None
        assert await unit_breakdown(session, lead_tb, seeded.hanoi, hanoi_unit) is None
        assert await unreached_units(session, lead_tb, seeded.hanoi) == ([], 0)
        assert await unit_people(session, lead_tb, seeded.everyone, hanoi_unit, 0, 20) is None
        assert await list_directives(session, member, "", 0, 20) == ([], 0)
        assert await get_visible_directive(session, member, seeded.everyone) is None


async def test_units_are_broken_down_from_where_the_viewer_stands(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    admin = scope_of(await principal(demo_db, ADMIN))
    lead_tb = scope_of(await principal(demo_db, LEAD_TB))
    async with demo_db.session() as session:
        lines = await unit_breakdown(session, admin, seeded.everyone, None)
        assert lines is not None
        by_unit = {line.unit_id: line.counts for line in lines}
        assert by_unit[seeded.units["HN"]].received == 1
        assert by_unit[seeded.units["TB"]].recipients == 4
        assert by_unit[seeded.units["TW"]].recipients == 1  # the admin, at the central office

        lines = await unit_breakdown(session, lead_tb, seeded.everyone, None)
        assert lines is not None
        assert [(line.unit_id, line.counts.recipients) for line in lines] == [
            (seeded.units["TB"], 4)
        ]
        lines = await unit_breakdown(session, lead_tb, seeded.everyone, seeded.units["TB"])
        assert lines is not None
        assert {line.unit_id for line in lines} == {
            seeded.units["TB"],
            seeded.units["NU-TB"],
            seeded.units["TB-XA"],
        }
        found = await unit_people(session, lead_tb, seeded.everyone, seeded.units["TB-XA"], 0, 9)
        assert found is not None
        assert [(p.name, p.state) for p in found[0]] == [("Lý Văn Nam", "no_telegram")]


async def test_a_unit_with_two_parents_counts_under_each(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    admin = scope_of(await principal(demo_db, ADMIN))
    women, tb = seeded.units["NU-TB"], seeded.units["TB"]
    async with demo_db.session() as session:
        lines = await unit_breakdown(session, admin, seeded.everyone, None)
        assert lines is not None
        by_unit = {line.unit_id: line for line in lines}
        # Thái Bình's women's group lies under Thái Bình and under the national women's
        # association: its one member is counted in both lines.
        national = by_unit[seeded.units["NU"]]
        assert (national.counts.recipients, national.has_more) == (2, True)
        assert by_unit[tb].counts.recipients == 4
        for parent in (seeded.units["NU"], tb):
            below = await unit_breakdown(session, admin, seeded.everyone, parent)
            assert below is not None
            assert [
                (line.unit_id, line.counts.recipients) for line in below if line.unit_id == women
            ] == [(women, 1)]


async def test_units_nobody_on_telegram_could_get_are_named(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    admin = scope_of(await principal(demo_db, ADMIN))
    lead_hn = scope_of(await principal(demo_db, LEAD_HN))
    lead_tb = scope_of(await principal(demo_db, LEAD_TB))
    async with demo_db.session() as session:
        # The commune's one member has not joined; its branch has no members at all.
        expected = {seeded.units["TB-XA"], seeded.units["TB-XA-CH"]}
        found, total = await unreached_units(session, admin, seeded.everyone)
        assert ({unit for unit, _name in found}, total) == (expected, 2)
        found, total = await unreached_units(session, lead_tb, seeded.everyone)
        assert ({unit for unit, _name in found}, total) == (expected, 2)
        assert await unreached_units(session, lead_hn, seeded.everyone) == ([], 0)
        found, total = await unreached_units(session, admin, seeded.everyone, limit=1)
        assert (len(found), total) == (1, 2)


async def test_chased_units_are_shown_within_the_scope(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    admin = scope_of(await principal(demo_db, ADMIN))
    lead_hn = scope_of(await principal(demo_db, LEAD_HN))
    lead_tb = scope_of(await principal(demo_db, LEAD_TB))
    async with demo_db.session() as session:
        chased = await chases(session, admin, seeded.everyone)
        assert {c.unit_id for c in chased} == {seeded.units["TB"], seeded.units["SD470"]}
        assert all(c.escalated_at is None for c in chased)
        chased = await chases(session, lead_tb, seeded.everyone)
        assert [c.unit_name for c in chased] == ["Hội Trường Sơn tỉnh Thái Bình"]
        assert await chases(session, lead_hn, seeded.everyone) == []


async def test_search_ignores_diacritics_and_case_and_keeps_the_scope(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    admin = scope_of(await principal(demo_db, ADMIN))
    lead_tb = scope_of(await principal(demo_db, LEAD_TB))
    async with demo_db.session() as session:
        for words in ("ke hoach", "KẾ HOẠCH thi", "kiem tra"):
            rows, _total = await list_directives(session, admin, words, 0, 20)
            assert [r.id for r in rows] == [seeded.everyone], words
        rows, _total = await list_directives(session, admin, "cong van", 0, 20)
        assert [r.id for r in rows] == [seeded.hanoi]
        assert await list_directives(session, lead_tb, "cong van", 0, 20) == ([], 0)
        assert await list_directives(session, admin, "khong co", 0, 20) == ([], 0)
