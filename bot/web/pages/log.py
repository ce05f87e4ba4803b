"""Page 6, Nhật ký: the interaction log by member, unit and day, newest first, a page at a
time; and the same rows as a CSV file, phone numbers masked (the columns of
`hoibot log export`).

The rows come from bot/web/data/log.py, limited to the viewer's subtrees; a unit named by
the URL goes through `require_unit` first.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.text.formatting import format_moment
from bot.text.i18n import N_
from bot.web.data.log import LogFilter, export_csv, log_page
from bot.web.data.scope import scope_of
from bot.web.pages import SETTINGS, Rendered, Shown, page
from bot.web.viewer import Viewer, number_in, require_unit

PATH = "/app/nhat-ky"
PAGE_SIZE = 50


def _day(text: str) -> date | None:
    """A day from a date field (2026-11-24); anything else is no limit."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


async def _filter(
    request: web.Request, viewer: Viewer, session: AsyncSession
) -> tuple[LogFilter, str]:
    """What the address asks for, and the name of the unit it names ("" for none)."""
    query = request.query
    unit = None
    if query.get("dv"):
        unit = await require_unit(session, viewer, number_in(query["dv"]))
    member = query.get("hv", "")
    wanted = LogFilter(
        member_id=int(member) if member.isdigit() else None,
        unit_id=unit.id if unit else None,
        since=_day(query.get("tu", "")),
        until=_day(query.get("den", "")),
    )
    return wanted, unit.name if unit else ""


def _query(wanted: LogFilter) -> dict[str, str]:
    fields = {
        "hv": wanted.member_id,
        "dv": wanted.unit_id,
        "tu": wanted.since.isoformat() if wanted.since else None,
        "den": wanted.until.isoformat() if wanted.until else None,
    }
    return {key: str(value) for key, value in fields.items() if value is not None}


@page(PATH, N_("Interaction log"), nav=60)
async def show_log(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """A page of the log, newest first, filtered by member, unit and days."""
    wanted, unit_name = await _filter(request, viewer, session)
    before = request.query.get("truoc", "")
    tz = request.app[SETTINGS].tz
    lines, older = await log_page(
        session,
        scope_of(viewer.principal),
        wanted,
        tz,
        before_id=int(before) if before.isdigit() else None,
        limit=PAGE_SIZE,
    )
    fields = _query(wanted)
    return Rendered(
        "pages/log.html",
        {
            "lines": lines,
            "wanted": wanted,
            "unit_name": unit_name,
            "older": urlencode({**fields, "truoc": older}) if older else "",
            "filtered": bool(fields),
            "csv": PATH + ".csv?" + urlencode(fields),
            "when": lambda at: format_moment(at, tz),
            "path": PATH,
        },
    )


@page(PATH + ".csv")
async def download(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """The filtered log as CSV, oldest first, phones masked, streamed in chunks."""
    wanted, _unit_name = await _filter(request, viewer, session)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": 'attachment; filename="nhat-ky.csv"',
            "Cache-Control": "no-store",
        }
    )
    await response.prepare(request)
    await response.write("\ufeff".encode())  # so that Excel reads the Vietnamese as UTF-8
    tz = request.app[SETTINGS].tz
    async for chunk in export_csv(session, scope_of(viewer.principal), wanted, tz):
        await response.write(chunk.encode())
    await response.write_eof()
    return response
