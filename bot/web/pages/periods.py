"""Page 1, Kỳ báo cáo: for a period, the units under a node with expected / sent / on time /
late / missing / approved, down the tree a click at a time, and the node's record over the
last periods; a leaf shows its figures and their history; a button asks the missing units'
leads again (once per unit and period).

The numbers come from the same queries as the chat's `/baocao tiendo`
(bot/figures/report.py, storage/figures/completeness.py).
"""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.errors import NotAllowed
from bot.figures.indicators import indicator_name
from bot.figures.report import build_progress
from bot.figures.service import label
from bot.text.formatting import format_moment
from bot.text.i18n import N_
from bot.web.chasing import chase_missing
from bot.web.csrf import checked_form, form_token
from bot.web.data.periods import recent_periods, tally_by_period
from bot.web.pages import SETTINGS, Rendered, Shown, page
from bot.web.tree import ancestors_within, chosen_period, tally_state
from bot.web.viewer import Viewer, number_in, require_unit, unit_in
from storage.figures import current_values, get_report, list_changes, list_indicators

PATH = "/app/ky-bao-cao"


@page(PATH, N_("Reporting periods"), nav=10)
async def show_period(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """The tally of one node of the tree for one period, and its children's."""
    period, periods = await chosen_period(session, request.query.get("ky"))
    if period is None:
        return Rendered("pages/periods.html", {"period": None, "periods": []})
    node = await require_unit(session, viewer, unit_in(request, viewer))
    tz = request.app[SETTINGS].tz
    progress = await build_progress(session, period, node, tz)
    fields: dict[str, object] = {
        "period": period,
        "periods": periods,
        "label": label,
        "node": node,
        "trail": await ancestors_within(session, node, viewer.home),
        "whole": progress.whole,
        "state": tally_state,
        "children": progress.children,
        "missing": progress.missing,
        "chased": request.query.get("da-nhac"),
        "csrf": form_token(request),
        "record": await tally_by_period(
            session,
            node.id,
            recent_periods(period, periods),
            tz,
            whole_tree=viewer.is_admin and node.id == viewer.home.id,
        ),
    }
    report = await get_report(session, period.id, node.id)
    if report is not None:
        indicators = await list_indicators(session, active_only=False)
        names = {i.id: indicator_name(i) for i in indicators}
        values = await current_values(session, period.id, node.id)
        fields["report"] = report
        fields["when"] = lambda at: format_moment(at, tz)
        fields["values"] = [(names[i], v) for i, v in values.items() if i in names]
        fields["changes"] = [
            (names.get(c.indicator_id, "?"), c)
            for c in await list_changes(session, period.id, node.id)
        ]
    return Rendered("pages/periods.html", fields)


@page(PATH + "/nhac", method="POST")
async def chase(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """Ask the leads of the units under a node that have not reported, once per unit."""
    form = await checked_form(request)
    period, _periods = await chosen_period(session, form.get("ky", ""))
    if period is None:
        raise NotAllowed(N_("This reporting period no longer exists."))
    node = await require_unit(session, viewer, number_in(form.get("dv", "")))
    settings = request.app[SETTINGS]
    queued = await chase_missing(session, period, node, settings.tz, settings.default_locale)
    raise web.HTTPSeeOther(f"{PATH}?ky={period.id}&dv={node.id}&da-nhac={queued}")
