"""Page 2's comparison: one figure of a period beside another period's, unit by unit (by
default the same quarter, month or year a year earlier), for the node the URL names."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.figures.indicators import indicator_name
from bot.figures.report import build_report
from bot.figures.service import label
from bot.figures.validation import show_value
from bot.web.pages import SETTINGS, Rendered, Shown, page
from bot.web.pages.reports import PATH, charted_figure
from bot.web.tree import chosen_period
from bot.web.viewer import Viewer, require_unit, unit_in
from storage.models import ReportingPeriod


@dataclass(frozen=True)
class Line:
    name: str
    now: int
    before: int

    @property
    def change(self) -> int:
        return self.now - self.before


def year_before(period: ReportingPeriod, periods: list[ReportingPeriod]) -> ReportingPeriod | None:
    """The same span a year earlier, else the latest period before this one."""
    earlier = [p for p in periods if p.starts_on < period.starts_on]
    for other in earlier:
        if other.precision == period.precision and (
            other.starts_on.month,
            other.starts_on.year + 1,
        ) == (period.starts_on.month, period.starts_on.year):
            return other
    return earlier[0] if earlier else None


@page(PATH + "/so-sanh")
async def compare(request: web.Request, viewer: Viewer, session: AsyncSession) -> Shown:
    """This period beside another, by unit, for one figure."""
    period, periods = await chosen_period(session, request.query.get("ky"))
    if period is None:
        raise web.HTTPNotFound()
    root = await require_unit(session, viewer, unit_in(request, viewer))
    given = request.query.get("voi", "")
    other = next((p for p in periods if given.isdigit() and p.id == int(given)), None)
    other = other or year_before(period, periods)
    approved = request.query.get("duyet") == "1"
    tz = request.app[SETTINGS].tz
    data = await build_report(session, period, root, approved_only=approved, tz=tz)
    fields: dict[str, object] = {
        "data": data,
        "other": other,
        "periods": [p for p in periods if p.id != period.id],
        "label": label,
        "lines": [],
    }
    if other is not None:
        before = await build_report(session, other, root, approved_only=approved, tz=tz)
        sums = [g.sums for g in (*data.children, *before.children)] + [data.totals]
        figure = charted_figure(data.indicators, sums, request.query.get("ct"))
        if figure is not None:
            earlier = {g.unit.id: g.sums for g in before.children if g.unit is not None}
            lines = [
                Line(
                    g.unit.name,
                    g.sums.get(figure.id, 0),
                    earlier.get(g.unit.id, {}).get(figure.id, 0),
                )
                for g in data.children
                if g.unit is not None
            ]
            fields.update(
                figure=figure,
                name=indicator_name,
                value=lambda amount: show_value(figure, amount),
                lines=lines,
                total=Line(
                    root.name, data.totals.get(figure.id, 0), before.totals.get(figure.id, 0)
                ),
            )
    return Rendered("pages/compare.html", fields)
