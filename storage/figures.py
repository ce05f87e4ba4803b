"""Queries over charity figures. Repositories never commit: the caller does.

Sums are made in SQL: values join `unit_links` (the closure of the tree) on the unit, so a
subtree's total is one GROUP BY whatever its depth, and a unit under two parents counts
once in each parent's subtree and once in any common ancestor's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import (
    FigureChange,
    FigureDraft,
    FigureValue,
    Indicator,
    Member,
    Membership,
    ReportingPeriod,
    ReportState,
    Role,
    Unit,
    UnitKind,
    UnitLink,
    UnitReport,
)


async def list_indicators(session: AsyncSession, *, active_only: bool = True) -> list[Indicator]:
    query = select(Indicator).order_by(Indicator.position, Indicator.id)
    if active_only:
        query = query.where(Indicator.active.is_(True))
    return list((await session.execute(query)).scalars())


async def store_indicators(session: AsyncSession, specs: Sequence[Any]) -> tuple[int, int, int]:
    """Create or update indicators by code, in the given order; the others stop being asked.

    `specs` are `bot.figures.indicators.IndicatorSpec`. Returns (created, updated, retired).
    """
    stored = {i.code: i for i in await list_indicators(session, active_only=False)}
    created = updated = 0
    for position, spec in enumerate(specs):
        indicator = stored.get(spec.code)
        if indicator is None:
            indicator = Indicator(code=spec.code)
            session.add(indicator)
            stored[spec.code] = indicator
            created += 1
        else:
            updated += 1
        indicator.kind, indicator.position, indicator.active = spec.kind, position, True
        indicator.name_vi, indicator.name_en = spec.name_vi, spec.name_en
        indicator.unit_vi, indicator.unit_en = spec.unit_vi, spec.unit_en
        indicator.words = json.dumps(list(spec.words), ensure_ascii=False)
        indicator.min_value, indicator.max_value = spec.min_value, spec.max_value
        indicator.history_factor = spec.history_factor
    await session.flush()
    for spec in specs:
        indicator = stored[spec.code]
        if spec.per is None:
            indicator.per_indicator_id = indicator.per_min = indicator.per_max = None
        else:
            other, low, high = spec.per
            indicator.per_indicator_id, indicator.per_min, indicator.per_max = (
                stored[other].id,
                low,
                high,
            )
    codes = {spec.code for spec in specs}
    retired = 0
    for code, indicator in stored.items():
        if code not in codes and indicator.active:
            indicator.active = False
            retired += 1
    await session.flush()
    return created, updated, retired


async def get_period(session: AsyncSession, period_id: int) -> ReportingPeriod | None:
    return await session.get(ReportingPeriod, period_id)


async def get_period_by_code(session: AsyncSession, code: str) -> ReportingPeriod | None:
    query = select(ReportingPeriod).where(ReportingPeriod.code == code)
    return (await session.execute(query)).scalar_one_or_none()


async def list_periods(session: AsyncSession, *, open_only: bool) -> list[ReportingPeriod]:
    query = select(ReportingPeriod).order_by(ReportingPeriod.starts_on.desc())
    if open_only:
        query = query.where(ReportingPeriod.closed_at.is_(None))
    return list((await session.execute(query)).scalars())


def _expected_units(period: ReportingPeriod) -> Any:
    """Units the period expects: in its kinds and subtree, alive at the end of the period."""
    kinds = [UnitKind(k) for k in (period.expected_kinds or "").split(",") if k]
    conditions = [
        or_(Unit.founded_on.is_(None), Unit.founded_on <= period.ends_on),
        or_(Unit.dissolved_on.is_(None), Unit.dissolved_on > period.ends_on),
        Unit.kind.in_(kinds) if kinds else Unit.kind != UnitKind.CENTRAL,
    ]
    if period.expected_root_id is not None:
        conditions.append(
            exists().where(
                UnitLink.ancestor_id == period.expected_root_id, UnitLink.descendant_id == Unit.id
            )
        )
    return and_(*conditions)


async def sync_roster(session: AsyncSession, period: ReportingPeriod) -> None:
    """Make `unit_reports` match who the period expects now (units founded, dissolved…).

    A unit that already reported keeps its row; it is only marked as expected or not.
    """
    wanted = select(Unit.id).where(_expected_units(period))
    await session.execute(
        insert(UnitReport).from_select(
            ["period_id", "unit_id", "expected", "state"],
            select(
                literal(period.id, Integer), Unit.id, true(), literal(ReportState.MISSING.value)
            ).where(
                _expected_units(period),
                ~exists().where(UnitReport.period_id == period.id, UnitReport.unit_id == Unit.id),
            ),
        )
    )
    mine = UnitReport.period_id == period.id
    await session.execute(
        delete(UnitReport).where(
            mine, UnitReport.state == ReportState.MISSING, UnitReport.unit_id.not_in(wanted)
        )
    )
    await session.execute(
        update(UnitReport)
        .where(mine, UnitReport.unit_id.not_in(wanted), UnitReport.expected.is_(True))
        .values(expected=False)
    )
    await session.execute(
        update(UnitReport)
        .where(mine, UnitReport.unit_id.in_(wanted), UnitReport.expected.is_(False))
        .values(expected=True)
    )


async def count_expected(session: AsyncSession, period_id: int) -> int:
    query = select(func.count()).where(
        UnitReport.period_id == period_id, UnitReport.expected.is_(True)
    )
    return int((await session.execute(query)).scalar_one())


async def get_report(session: AsyncSession, period_id: int, unit_id: int) -> UnitReport | None:
    query = select(UnitReport).where(
        UnitReport.period_id == period_id, UnitReport.unit_id == unit_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def get_or_add_report(session: AsyncSession, period_id: int, unit_id: int) -> UnitReport:
    """The unit's report row; one for a unit the period did not expect is added on the fly."""
    report = await get_report(session, period_id, unit_id)
    if report is None:
        report = UnitReport(
            period_id=period_id, unit_id=unit_id, expected=False, state=ReportState.MISSING
        )
        session.add(report)
        await session.flush()
    return report


async def current_values(session: AsyncSession, period_id: int, unit_id: int) -> dict[int, int]:
    query = select(FigureValue.indicator_id, FigureValue.value).where(
        FigureValue.period_id == period_id, FigureValue.unit_id == unit_id
    )
    return {i: v for i, v in (await session.execute(query)).all()}


async def history_bounds(
    session: AsyncSession, unit_id: int, period_id: int
) -> dict[int, tuple[int, int]]:
    """(lowest, highest) value of each indicator in the unit's other periods."""
    query = (
        select(FigureValue.indicator_id, func.min(FigureValue.value), func.max(FigureValue.value))
        .where(FigureValue.unit_id == unit_id, FigureValue.period_id != period_id)
        .group_by(FigureValue.indicator_id)
    )
    return {i: (low, high) for i, low, high in (await session.execute(query)).all()}


async def save_values(
    session: AsyncSession,
    report: UnitReport,
    values: dict[int, int],
    *,
    member_id: int | None,
    now: datetime,
    note: str | None = None,
) -> int:
    """Store the values, record each change (old → new), mark the report sent; changes made."""
    old = await current_values(session, report.period_id, report.unit_id)
    changes = []
    for indicator_id, value in values.items():
        if old.get(indicator_id) == value:
            continue
        key = {"period_id": report.period_id, "unit_id": report.unit_id}
        if indicator_id in old:
            await session.execute(
                update(FigureValue)
                .where(
                    FigureValue.period_id == report.period_id,
                    FigureValue.unit_id == report.unit_id,
                    FigureValue.indicator_id == indicator_id,
                )
                .values(value=value)
            )
        else:
            session.add(FigureValue(**key, indicator_id=indicator_id, value=value))
        changes.append(
            {
                **key,
                "indicator_id": indicator_id,
                "old_value": old.get(indicator_id),
                "new_value": value,
                "member_id": member_id,
                "at": now,
                "note": note,
            }
        )
    if changes:
        await session.execute(insert(FigureChange), changes)
    report.state = ReportState.SUBMITTED
    report.submitted_at, report.submitted_by = now, member_id
    if report.first_submitted_at is None:
        report.first_submitted_at = now
    await session.flush()
    return len(changes)


@dataclass(frozen=True)
class Change:
    indicator_id: int
    old_value: int | None
    new_value: int
    at: datetime
    who: str | None
    note: str | None


async def list_changes(session: AsyncSession, period_id: int, unit_id: int) -> list[Change]:
    query = (
        select(FigureChange, Member.name)
        .outerjoin(Member, Member.id == FigureChange.member_id)
        .where(FigureChange.period_id == period_id, FigureChange.unit_id == unit_id)
        .order_by(FigureChange.at, FigureChange.id)
    )
    return [
        Change(c.indicator_id, c.old_value, c.new_value, c.at, name, c.note)
        for c, name in (await session.execute(query)).all()
    ]


# Drafts ---------------------------------------------------------------------------------


async def get_draft(session: AsyncSession, member_id: int) -> FigureDraft | None:
    query = select(FigureDraft).where(FigureDraft.member_id == member_id)
    return (await session.execute(query)).scalar_one_or_none()


async def put_draft(
    session: AsyncSession,
    member_id: int,
    *,
    step: str,
    data: dict[str, Any],
    now: datetime,
    period_id: int | None = None,
    unit_id: int | None = None,
) -> FigureDraft:
    draft = await get_draft(session, member_id)
    if draft is None:
        draft = FigureDraft(member_id=member_id)
        session.add(draft)
    draft.step, draft.updated_at = step, now
    draft.data = json.dumps(data, ensure_ascii=False)
    draft.period_id, draft.unit_id = period_id, unit_id
    await session.flush()
    return draft


async def drop_draft(session: AsyncSession, member_id: int) -> None:
    await session.execute(delete(FigureDraft).where(FigureDraft.member_id == member_id))


# Sums and completeness --------------------------------------------------------------------

Sums = dict[int, dict[int, int]]  # group -> indicator id -> sum


def _approved_filter(period_id: int) -> Any:
    return exists().where(
        UnitReport.period_id == period_id,
        UnitReport.unit_id == FigureValue.unit_id,
        UnitReport.state == ReportState.APPROVED,
    )


def _collect(rows: Iterable[Sequence[Any]]) -> Sums:
    sums: Sums = {}
    for group, indicator_id, total in rows:
        sums.setdefault(group, {})[indicator_id] = int(total)
    return sums


def _children_of(root_id: int) -> Any:
    return select(UnitLink.descendant_id).where(
        UnitLink.ancestor_id == root_id, UnitLink.depth == 1
    )


def _under(link: Any, root_id: int) -> Any:
    return and_(link.descendant_id == FigureValue.unit_id, link.ancestor_id == root_id)


# `ancestor_id + 0` keeps SQLite from seeking the closure once per child for every row: it
# walks each row's few ancestors instead (PostgreSQL plans it the same either way).


async def sums_under(
    session: AsyncSession, period_id: int, root_id: int, *, approved_only: bool
) -> tuple[dict[int, int], Sums, dict[str, dict[int, int]]]:
    """Totals of the subtree of `root_id`: all of it, by child of the root, by kind of unit.

    Two GROUP BYs; the whole is the sum of the (at most eight) kinds' sums.
    """
    link = aliased(UnitLink)
    where = [FigureValue.period_id == period_id]
    if approved_only:
        where.append(_approved_filter(period_id))
    by_child = _collect(
        (
            await session.execute(
                select(link.ancestor_id, FigureValue.indicator_id, func.sum(FigureValue.value))
                .join(link, link.descendant_id == FigureValue.unit_id)
                .where(*where, (link.ancestor_id + 0).in_(_children_of(root_id)))
                .group_by(link.ancestor_id, FigureValue.indicator_id)
            )
        ).all()
    )
    by_kind_rows = await session.execute(
        select(Unit.kind, FigureValue.indicator_id, func.sum(FigureValue.value))
        .join(link, _under(link, root_id))
        .join(Unit, Unit.id == FigureValue.unit_id)
        .where(*where)
        .group_by(Unit.kind, FigureValue.indicator_id)
    )
    by_kind: dict[str, dict[int, int]] = {}
    totals: dict[int, int] = {}
    for kind, indicator_id, total in by_kind_rows.all():
        by_kind.setdefault(str(kind), {})[indicator_id] = int(total)
        totals[indicator_id] = totals.get(indicator_id, 0) + int(total)
    return totals, by_child, by_kind


async def sums_by_units(
    session: AsyncSession, period_id: int, unit_ids: Sequence[int], *, approved_only: bool
) -> Sums:
    """Totals of the subtree of each of `unit_ids` (the provinces of a chart…)."""
    if not unit_ids:
        return {}
    link = aliased(UnitLink)
    where = [FigureValue.period_id == period_id, link.ancestor_id.in_(list(unit_ids))]
    if approved_only:
        where.append(_approved_filter(period_id))
    rows = await session.execute(
        select(link.ancestor_id, FigureValue.indicator_id, func.sum(FigureValue.value))
        .join(link, link.descendant_id == FigureValue.unit_id)
        .where(*where)
        .group_by(link.ancestor_id, FigureValue.indicator_id)
    )
    return _collect(rows.all())


@dataclass(frozen=True)
class Tally:
    """How many units a period expects in a group, and how many of them reported, on time."""

    expected: int = 0
    reported: int = 0
    on_time: int = 0
    approved: int = 0

    @property
    def late(self) -> int:
        return self.reported - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.reported

    @property
    def percent(self) -> int:
        return 100 * self.reported // self.expected if self.expected else 100


def _tally_columns(timely_until: datetime) -> list[Any]:
    sent = UnitReport.state != ReportState.MISSING
    return [
        func.count(),
        func.sum(case((sent, 1), else_=0)),
        func.sum(case((and_(sent, UnitReport.first_submitted_at < timely_until), 1), else_=0)),
        func.sum(case((UnitReport.state == ReportState.APPROVED, 1), else_=0)),
    ]


def _tally(row: Sequence[Any]) -> Tally:
    return Tally(*(int(x or 0) for x in row))


async def completeness(
    session: AsyncSession, period_id: int, root_id: int, timely_until: datetime
) -> tuple[Tally, dict[int, Tally], dict[str, Tally]]:
    """Expected units of the subtree of `root_id`: all, by child of the root, by kind."""
    link = aliased(UnitLink)
    where = [UnitReport.period_id == period_id, UnitReport.expected.is_(True)]
    columns = _tally_columns(timely_until)
    by_child_rows = await session.execute(
        select(link.ancestor_id, *columns)
        .join(link, link.descendant_id == UnitReport.unit_id)
        .where(*where, (link.ancestor_id + 0).in_(_children_of(root_id)))
        .group_by(link.ancestor_id)
    )
    by_kind_rows = await session.execute(
        select(Unit.kind, *columns)
        .join(link, and_(link.descendant_id == UnitReport.unit_id, link.ancestor_id == root_id))
        .join(Unit, Unit.id == UnitReport.unit_id)
        .where(*where)
        .group_by(Unit.kind)
    )
    by_kind = {str(row[0]): _tally(row[1:]) for row in by_kind_rows.all()}
    whole = Tally(
        *(
            sum(getattr(t, f) for t in by_kind.values())
            for f in ("expected", "reported", "on_time", "approved")
        )
    )
    return whole, {row[0]: _tally(row[1:]) for row in by_child_rows.all()}, by_kind


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    parent_name: str | None
    report: UnitReport | None


async def list_unit_reports(
    session: AsyncSession, period_id: int, root_id: int, *, states: Sequence[str] = ()
) -> list[UnitRow]:
    """Every unit of the subtree that has a report row, with its parent's name (for sheets)."""
    parent = aliased(Unit)
    query = (
        select(Unit, parent.name, UnitReport)
        .join(UnitLink, and_(UnitLink.descendant_id == Unit.id, UnitLink.ancestor_id == root_id))
        .join(UnitReport, and_(UnitReport.unit_id == Unit.id, UnitReport.period_id == period_id))
        .outerjoin(parent, parent.id == Unit.parent_id)
        .order_by(UnitLink.depth, Unit.code)
    )
    if states:
        query = query.where(UnitReport.state.in_(list(states)))
    return [UnitRow(u, p, r) for u, p, r in (await session.execute(query)).all()]


async def values_under(session: AsyncSession, period_id: int, root_id: int) -> Sums:
    """Each unit's own values in the subtree (unit id -> indicator id -> value)."""
    query = (
        select(FigureValue.unit_id, FigureValue.indicator_id, FigureValue.value)
        .join(
            UnitLink,
            and_(UnitLink.descendant_id == FigureValue.unit_id, UnitLink.ancestor_id == root_id),
        )
        .where(FigureValue.period_id == period_id)
    )
    return _collect((await session.execute(query)).all())


async def missing_reports(session: AsyncSession, period_id: int) -> list[tuple[UnitReport, Unit]]:
    """Expected reports not sent yet, with their unit (for the reminders)."""
    query = (
        select(UnitReport, Unit)
        .join(Unit, Unit.id == UnitReport.unit_id)
        .where(
            UnitReport.period_id == period_id,
            UnitReport.expected.is_(True),
            UnitReport.state == ReportState.MISSING,
        )
        .order_by(Unit.code)
    )
    return [(r, u) for r, u in (await session.execute(query)).all()]


async def leads_of(session: AsyncSession, unit_ids: Iterable[int]) -> dict[int, list[Member]]:
    """Bound leads of each unit (not of its ancestors), who can be written to."""
    ids = list(unit_ids)
    if not ids:
        return {}
    query = (
        select(Membership.unit_id, Member)
        .join(Member, Member.id == Membership.member_id)
        .where(
            Membership.unit_id.in_(ids),
            Membership.role == Role.LEAD,
            Member.chat_id.is_not(None),
        )
        .order_by(Member.id)
    )
    found: dict[int, list[Member]] = {}
    for unit_id, member in (await session.execute(query)).all():
        found.setdefault(unit_id, []).append(member)
    return found


async def units_under(session: AsyncSession, root_id: int, kind: UnitKind) -> list[Unit]:
    query = (
        select(Unit)
        .join(UnitLink, and_(UnitLink.descendant_id == Unit.id, UnitLink.ancestor_id == root_id))
        .where(Unit.kind == kind)
        .order_by(Unit.name)
    )
    return list((await session.execute(query)).scalars())


async def reports_to_approve(
    session: AsyncSession, above: Sequence[int] | None, *, limit: int = 30
) -> list[tuple[ReportingPeriod, Unit, UnitReport]]:
    """Sent, not yet approved reports of open periods, of units strictly below `above`
    (every unit when None, for an admin)."""
    query = (
        select(ReportingPeriod, Unit, UnitReport)
        .join(UnitReport, UnitReport.period_id == ReportingPeriod.id)
        .join(Unit, Unit.id == UnitReport.unit_id)
        .where(ReportingPeriod.closed_at.is_(None), UnitReport.state == ReportState.SUBMITTED)
        .order_by(UnitReport.submitted_at)
        .limit(limit)
    )
    if above is not None:
        query = query.where(
            exists().where(
                UnitLink.descendant_id == Unit.id,
                UnitLink.ancestor_id.in_(list(above)),
                UnitLink.depth >= 1,
            )
        )
    return [(p, u, r) for p, u, r in (await session.execute(query)).all()]


async def missing_under(
    session: AsyncSession, period_id: int, root_id: int, *, limit: int
) -> list[Unit]:
    """Expected units of the subtree that have not reported, by name."""
    query = (
        select(Unit)
        .join(UnitLink, and_(UnitLink.descendant_id == Unit.id, UnitLink.ancestor_id == root_id))
        .join(UnitReport, and_(UnitReport.unit_id == Unit.id, UnitReport.period_id == period_id))
        .where(UnitReport.expected.is_(True), UnitReport.state == ReportState.MISSING)
        .order_by(Unit.name)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())
