"""Page 2, Báo cáo: a period's totals by kind of unit and by unit, the completeness line,
the ready paragraph (money in words), a bar chart by province drawn as SVG, the .xlsx file,
the approved-only switch, and a comparison with another period by unit.

Everything is built by the chat's own report (bot/figures/report.py, report_text.py,
exports.py), for the node of the tree the URL names, once `require_unit` allowed it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aiohttp import web
from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.figures.exports import workbook_of
from bot.figures.indicators import indicator_name
from bot.figures.report import ReportData, build_report, chart_bars
from bot.figures.report_text import completeness_line, paragraph
from bot.figures.service import label
from bot.figures.validation import show_value
from bot.people.roles import kind_name
from bot.text.i18n import N_, _
from bot.web.chart import Bar, bar_chart
from bot.web.pages import SETTINGS, Rendered, Shown, page
from bot.web.tree import ancestors_within, chosen_period
from bot.web.viewer import Viewer, require_unit, unit_in
from storage.figures import units_under
from storage.models import Indicator, IndicatorKind, UnitKind

PATH = "/app/bao-cao"


async def _report(request: web.Request, viewer: Viewer, session: AsyncSession) -> ReportData | None:
    period, _periods = await chosen_period(session, request.query.get("ky"))
    if period is None:
        return None
    root = await require_unit(session, viewer, unit_in(request, viewer))
    approved = request.query.get("duyet") == "1"
    tz = request.app[SETTINGS].tz
    return await build_report(session, period, root, approved_only=approved, tz=tz)


@page(PATH, N_("Reports"), nav=20)
async def show_report(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """The report of a period for one node of the tree."""
    data = await _report(request, viewer, session)
    if data is None:
        return Rendered("pages/reports.html", {"data": None})
    _period, periods = await chosen_period(session, None)
    bars, by_what = await province_bars(session, data)
    charted = charted_figure(
        data.indicators, [sums for _name, sums in bars], request.query.get("ct")
    )
    chart = ""
    if charted is not None:
        title = f"{indicator_name(charted)} — {by_what}"
        colour = "#b22222" if charted.kind is IndicatorKind.MONEY else "#2e6f9e"
        shown = [
            Bar(name, sums.get(charted.id, 0), show_value(charted, sums.get(charted.id, 0)))
            for name, sums in sorted(bars, key=lambda bar: bar[0])
        ]
        chart = bar_chart(shown, title, colour)
    return Rendered(
        "pages/reports.html",
        {
            "data": data,
            "periods": periods,
            "label": label,
            "trail": await ancestors_within(session, data.root, viewer.home),
            "name": indicator_name,
            "value": show_value,
            "kind_name": lambda kind: kind_name(UnitKind(kind)).capitalize(),
            "completeness": completeness_line(data.tally),
            "paragraph": paragraph(data),
            # Built and escaped by bot/web/chart.py; Markup keeps Jinja2 from escaping it twice.
            "chart": Markup(chart),
            "charted": charted,
            "query": _query(data),
        },
    )


@page(PATH + "/xlsx")
async def download(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """The same report as the chat's .xlsx file."""
    data = await _report(request, viewer, session)
    if data is None:
        raise web.HTTPNotFound()
    content = await workbook_of(session, data, request.app[SETTINGS].tz)
    name = f"so-lieu-{data.period.code}-{data.root.code}.xlsx"
    return web.Response(
        body=content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def province_bars(
    session: AsyncSession, data: ReportData
) -> tuple[list[tuple[str, Mapping[int, int]]], str]:
    """The chat's chart bars (`chart_bars`). When the provinces are children of the root, as
    in the association's tree, the report's own sums are theirs, and a second sum over the
    whole tree is spared; otherwise chart_bars asks for them."""
    provinces = await units_under(session, data.root.id, UnitKind.PROVINCE)
    children = {g.unit.id: g.sums for g in data.children if g.unit is not None}
    if len(provinces) >= 2 and all(p.id in children for p in provinces):
        return [(p.name, children[p.id]) for p in provinces], _("province")
    return await chart_bars(session, data)


def charted_figure(
    indicators: Sequence[Indicator], sums: Sequence[Mapping[int, int]], chosen: str | None
) -> Indicator | None:
    """The figure the chart shows: the one asked for, else money, else the first with data."""
    for indicator in indicators:
        if chosen and indicator.code == chosen:
            return indicator
    with_data = [i for i in indicators if any(s.get(i.id) for s in sums)]
    money = [i for i in with_data if i.kind is IndicatorKind.MONEY]
    candidates = money or with_data or list(indicators)
    return candidates[0] if candidates else None


def _query(data: ReportData) -> str:
    return f"ky={data.period.id}&dv={data.root.id}" + ("&duyet=1" if data.approved_only else "")
