"""Page 5, Đơn vị và hội viên: how many of the registered members joined Telegram, for the
viewer's part of the tree as one number and unit by unit (a click goes down a level), with
open invites and leads; and a map of the tree's upper levels, indented, each unit with
its coverage as a bar.

The figures come from bot/web/data/units.py; a unit named by the URL goes through
`require_unit` first.
"""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.people.roles import kind_name
from bot.text.i18n import N_
from bot.web.data.scope import scope_of
from bot.web.data.units import coverage, tree_map, unit_view
from bot.web.pages import Rendered, Shown, page
from bot.web.tree import ancestors_within
from bot.web.viewer import Viewer, number_in, require_unit

PATH = "/app/don-vi"
MAP_DEPTH = 2


def coverage_class(percent: int) -> str:
    """The colour of a coverage figure (the figure itself is always shown beside it)."""
    return "good" if percent >= 80 else "late" if percent >= 40 else "bad"


@page(PATH, N_("Units and members"), nav=50)
async def show_units(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """The coverage of the viewer's tree, one unit and its children, and the map."""
    scope = scope_of(viewer.principal)
    now = datetime.now(UTC)
    unit = None
    if "dv" in request.query:
        unit = await require_unit(session, viewer, number_in(request.query["dv"]))
    view = await unit_view(session, scope, unit.id if unit else None, now)
    heads, children = view if view is not None else ([], [])
    return Rendered(
        "pages/units.html",
        {
            "whole": await coverage(session, scope),
            "unit": unit,
            "trail": await ancestors_within(session, unit, viewer.home) if unit else [],
            "heads": heads,
            "children": children,
            "map": await tree_map(session, scope, now, MAP_DEPTH) if unit is None else [],
            "kind_name": kind_name,
            "css": coverage_class,
            "path": PATH,
        },
    )
