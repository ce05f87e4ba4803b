"""Page 3, Văn bản: each directive with, by unit, how many got it on Telegram, confirmed
and carried it out; the units it named that nobody on Telegram could get; who was chased
and when; a search that ignores diacritics.

The figures come from bot/web/data/directives.py (the chat's tracking, limited to the
viewer's subtrees). A directive not sent to anyone in the viewer's units is refused as if
it did not exist.
"""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.errors import NotAllowed
from bot.directives.render import kind_label
from bot.text.formatting import format_moment
from bot.text.i18n import N_, gettext
from bot.web.data.directives import (
    chases,
    directive_totals,
    get_visible_directive,
    list_directives,
    unit_breakdown,
    unit_people,
    unreached_units,
)
from bot.web.data.scope import scope_of
from bot.web.pages import SETTINGS, Rendered, Shown, page
from bot.web.viewer import Viewer, number_in, require_unit

PATH = "/app/van-ban"
PAGE_SIZE = 20
PEOPLE = 50
NOT_YOURS = N_("This record does not exist, or it is outside the units you look after.")


def offset_in(request: web.Request) -> int:
    given = request.query.get("tu", "0")
    return int(given) if given.isdigit() else 0


@page(PATH, N_("Directives"), nav=30)
async def list_page(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """The directives the viewer's units received, newest first, searched by words."""
    scope = scope_of(viewer.principal)
    search = request.query.get("q", "").strip()[:200]
    offset = offset_in(request)
    rows, total = await list_directives(session, scope, search, offset, PAGE_SIZE)
    tz = request.app[SETTINGS].tz
    return Rendered(
        "pages/directives.html",
        {
            "rows": rows,
            "total": total,
            "search": search,
            "offset": offset,
            "size": PAGE_SIZE,
            "kind": kind_label,
            "when": lambda at: format_moment(at, tz) if at else "",
        },
    )


def state_words(state: str) -> str:
    words = {
        "carried_out": gettext("carried out"),
        "received": gettext("confirmed"),
        "delivered": gettext("got it, not confirmed"),
        "waiting": gettext("not sent yet"),
        "failed": gettext("could not be sent"),
        "no_telegram": gettext("not on Telegram"),
    }
    return words.get(state, state)


@page(PATH + r"/{number:\d+}")
async def detail_page(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """One directive: totals, units (drill-down with ?dv=), people, the unreached, chases."""
    scope = scope_of(viewer.principal)
    directive = await get_visible_directive(session, scope, int(request.match_info["number"]))
    if directive is None:
        raise NotAllowed(NOT_YOURS)
    unit = None
    if "dv" in request.query:
        unit = await require_unit(session, viewer, number_in(request.query["dv"]))
    lines = await unit_breakdown(session, scope, directive.id, unit.id if unit else None)
    people = None
    if unit is not None:
        people = await unit_people(session, scope, directive.id, unit.id, 0, PEOPLE)
    unreached, unreached_total = await unreached_units(session, scope, directive.id)
    tz = request.app[SETTINGS].tz
    return Rendered(
        "pages/directive.html",
        {
            "directive": directive,
            "kind": kind_label(directive.kind) or "",
            "totals": await directive_totals(session, scope, directive.id),
            "unit": unit,
            "lines": lines or [],
            "people": people,
            "state_words": state_words,
            "unreached": unreached,
            "unreached_total": unreached_total,
            "chases": await chases(session, scope, directive.id),
            "when": lambda at: format_moment(at, tz) if at else "",
            "path": PATH,
        },
    )
