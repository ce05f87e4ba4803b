"""The period's report as data: totals, by kind of unit and by subtree, completeness.

Every number comes from the sums made in SQL (`storage.figures`); bot.figures.report_text
writes it out for the chat and the files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.figures.periods import timely_until
from bot.figures.service import unit_names
from bot.text.i18n import _
from storage.figures import (
    Tally,
    completeness,
    list_indicators,
    missing_under,
    sums_by_units,
    sums_under,
    units_under,
)
from storage.models import Indicator, ReportingPeriod, Unit, UnitKind
from storage.people.units import list_children


@dataclass(frozen=True)
class Group:
    unit: Unit | None
    kind: str | None
    sums: Mapping[int, int]
    tally: Tally


@dataclass(frozen=True)
class ReportData:
    period: ReportingPeriod
    root: Unit
    approved_only: bool
    indicators: Sequence[Indicator]
    totals: Mapping[int, int]
    tally: Tally
    by_kind: Sequence[Group]
    children: Sequence[Group]


async def build_report(
    session: AsyncSession,
    period: ReportingPeriod,
    root: Unit,
    *,
    approved_only: bool,
    tz: ZoneInfo,
) -> ReportData:
    indicators = await list_indicators(session, active_only=False)
    totals, by_child, by_kind = await sums_under(
        session, period.id, root.id, approved_only=approved_only
    )
    until = timely_until(period.deadline, period.grace_days, tz)
    tally, tally_child, tally_kind = await completeness(session, period.id, root.id, until)
    shown = [i for i in indicators if i.active or i.id in totals]
    children = list(await list_children(session, root.id))
    known = {c.id for c in children}
    extra = [i for i in set(by_child) | set(tally_child) if i not in known]
    children += (await unit_names(session, extra)).values()
    kinds = sorted(set(by_kind) | set(tally_kind), key=lambda k: list(UnitKind).index(UnitKind(k)))
    return ReportData(
        period=period,
        root=root,
        approved_only=approved_only,
        indicators=shown,
        totals=totals,
        tally=tally,
        by_kind=[Group(None, k, by_kind.get(k, {}), tally_kind.get(k, Tally())) for k in kinds],
        children=[
            Group(c, None, by_child.get(c.id, {}), tally_child.get(c.id, Tally()))
            for c in children
            if c.id in by_child or c.id in tally_child
        ],
    )


MAX_MISSING_LISTED = 15


@dataclass(frozen=True)
class Progress:
    """The completeness view of one node: all, by kind, by child; the missing when few."""

    whole: Tally
    by_kind: Mapping[str, Tally]
    children: Sequence[tuple[Unit, Tally]]
    missing: Sequence[Unit]


async def build_progress(
    session: AsyncSession, period: ReportingPeriod, node: Unit, tz: ZoneInfo
) -> Progress:
    until = timely_until(period.deadline, period.grace_days, tz)
    whole, by_child, by_kind = await completeness(session, period.id, node.id, until)
    children = [
        (c, by_child[c.id]) for c in await list_children(session, node.id) if c.id in by_child
    ]
    missing: list[Unit] = []
    if 0 < whole.missing <= MAX_MISSING_LISTED:
        missing = await missing_under(session, period.id, node.id, limit=MAX_MISSING_LISTED)
    return Progress(whole, by_kind, children, missing)


async def chart_bars(
    session: AsyncSession, data: ReportData
) -> tuple[list[tuple[str, Mapping[int, int]]], str]:
    """Bars by province when the subtree has several, else by unit under the root."""
    provinces = await units_under(session, data.root.id, UnitKind.PROVINCE)
    if len(provinces) >= 2:
        sums = await sums_by_units(
            session, data.period.id, [p.id for p in provinces], approved_only=data.approved_only
        )
        return [(p.name, sums.get(p.id, {})) for p in provinces], _("province")
    bars = [(g.unit.name, g.sums) for g in data.children if g.unit is not None]
    return bars or [(data.root.name, data.totals)], _("unit")
