"""Page 5's data: per unit, members on Telegram out of those registered, open invites and
leads; the coverage as one number; the map of the tree's upper levels."""

from __future__ import annotations

from bot.web.data.scope import scope_of
from bot.web.data.units import coverage, tree_map, unit_view
from storage.db import Database
from tests.fakes.web_data import (
    ADMIN,
    LEAD_HN,
    LEAD_TB,
    MEMBER_TB,
    NOW,
    principal,
    seed_dashboard,
)


async def test_coverage_counts_the_viewers_part_of_the_tree(demo_db: Database) -> None:
    await seed_dashboard(demo_db)
    found = {}
    async with demo_db.session() as session:
        for who in (ADMIN, LEAD_HN, LEAD_TB, MEMBER_TB):
            found[who] = await coverage(session, scope_of(await principal(demo_db, who)))
    assert (found[ADMIN].registered, found[ADMIN].joined, found[ADMIN].percent) == (12, 10, 83)
    assert (found[LEAD_HN].registered, found[LEAD_HN].joined) == (4, 3)
    assert (found[LEAD_TB].registered, found[LEAD_TB].joined) == (4, 3)
    assert (found[MEMBER_TB].registered, found[MEMBER_TB].joined) == (0, 0)


async def test_a_unit_shows_its_members_invites_and_leads(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    admin = scope_of(await principal(demo_db, ADMIN))
    async with demo_db.session() as session:
        view = await unit_view(session, admin, None, NOW)
    assert view is not None
    heads, children = view
    assert [h.code for h in heads] == ["TW"]
    by_code = {c.code: c for c in children}
    assert set(by_code) == {"HN", "TB", "NU", "SD470"}
    tb = by_code["TB"]
    # Thái Bình's lead and member, the women's group member, the commune's farmer.
    assert (tb.coverage.registered, tb.coverage.joined) == (4, 3)
    assert (tb.open_invites, tb.leads, tb.has_children) == (1, ["Hoàng Văn Em"], True)
    assert (by_code["SD470"].has_children, by_code["SD470"].open_invites) == (False, 0)
    assert seeded.units["TB"] == tb.unit_id


async def test_a_lead_drills_down_their_subtree_and_no_further(demo_db: Database) -> None:
    seeded = await seed_dashboard(demo_db)
    lead_tb = scope_of(await principal(demo_db, LEAD_TB))
    async with demo_db.session() as session:
        view = await unit_view(session, lead_tb, None, NOW)
        assert view is not None
        assert [h.code for h in view[0]] == ["TB"]
        assert {c.code for c in view[1]} == {"NU-TB", "TB-XA"}
        view = await unit_view(session, lead_tb, seeded.units["TB-XA"], NOW)
        assert view is not None
        assert [(c.code, c.coverage.registered, c.coverage.joined) for c in view[1]] == [
            ("TB-XA-CH", 0, 0)
        ]
        for foreign in ("HN", "TW", "NU", "SD470"):
            assert await unit_view(session, lead_tb, seeded.units[foreign], NOW) is None


async def test_the_map_shows_the_upper_levels_in_tree_order(demo_db: Database) -> None:
    await seed_dashboard(demo_db)
    admin = scope_of(await principal(demo_db, ADMIN))
    lead_hn = scope_of(await principal(demo_db, LEAD_HN))
    async with demo_db.session() as session:
        nodes = await tree_map(session, admin, NOW, depth=2)
        mine = await tree_map(session, lead_hn, NOW, depth=2)
    shown = [(n.level, n.code) for n in nodes]
    assert shown[0] == (0, "TW")
    # The Thái Bình women's group sits under its province and under the women's association.
    assert shown.count((2, "NU-TB")) == 2
    assert (2, "TB-XA") in shown and (3, "TB-XA-CH") not in shown
    tb = shown.index((1, "TB"))
    assert set(shown[tb + 1 : tb + 3]) == {(2, "NU-TB"), (2, "TB-XA")}
    assert [(n.level, n.code) for n in mine] == [(0, "HN")]
