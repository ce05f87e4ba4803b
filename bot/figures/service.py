"""What people do with figures, for the bot and the CLI alike: open and close periods,
submit, approve, and explain why a report is locked. Callers commit.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.errors import NotAllowed, UserError
from bot.figures.periods import PeriodSpan, period_label
from bot.people.access import Principal
from bot.text.formatting import format_day, format_moment
from bot.text.i18n import N_, current_locale
from storage.figures import get_or_add_report, get_period_by_code, save_values, sync_roster
from storage.models import Member, ReportingPeriod, ReportState, Role, Unit, UnitKind, UnitReport
from storage.people.units import is_within


def label(period: ReportingPeriod, locale: str | None = None) -> str:
    return period_label(
        period.precision, period.starts_on, period.ends_on, locale or current_locale()
    )


def title(period: ReportingPeriod) -> str:
    """The period's name at the start of a line: "Quý I/2020"."""
    text = label(period)
    return text[:1].upper() + text[1:]


async def open_period(
    session: AsyncSession,
    span: PeriodSpan,
    *,
    deadline: date,
    grace_days: int,
    now: datetime,
    kinds: Sequence[UnitKind] = (),
    root_id: int | None = None,
    member_id: int | None = None,
) -> tuple[ReportingPeriod, bool]:
    """Open the period (or reopen it with new terms); True if it is new."""
    if deadline < span.starts_on:
        raise UserError(
            N_("The deadline {deadline} is before the period starts."),
            deadline=format_day(deadline),
        )
    if grace_days < 0 or grace_days > 90:
        raise UserError(N_("Grace days must be between 0 and 90."))
    period = await get_period_by_code(session, span.code)
    created = period is None
    if period is None:
        period = ReportingPeriod(
            code=span.code,
            precision=str(span.precision),
            starts_on=span.starts_on,
            ends_on=span.ends_on,
        )
        session.add(period)
    period.deadline, period.grace_days = deadline, grace_days
    period.expected_kinds = ",".join(str(k) for k in kinds) or None
    period.expected_root_id = root_id
    period.opened_at, period.opened_by = now, member_id
    period.closed_at = period.closed_by = None
    await session.flush()
    await sync_roster(session, period)
    return period, created


async def close_period(
    session: AsyncSession, period: ReportingPeriod, *, member_id: int | None, now: datetime
) -> None:
    period.closed_at, period.closed_by = now, member_id
    await session.flush()


async def _name(session: AsyncSession, member_id: int | None) -> str:
    member = await session.get(Member, member_id) if member_id else None
    return html.escape(member.name) if member else "?"


async def lock_reason(
    session: AsyncSession, period: ReportingPeriod, report: UnitReport | None, tz: ZoneInfo
) -> UserError | None:
    """Why the report can no longer be changed, and whom to ask; None if it can be."""
    if period.closed_at is not None:
        return UserError(
            N_(
                "The figures of {period} are locked: the reporting period was closed on "
                "{when} by {who}. To change them, please ask {who} (central office) to "
                "reopen the period."
            ),
            period=label(period),
            when=format_moment(period.closed_at, tz),
            who=await _name(session, period.closed_by),
        )
    if report is not None and report.state is ReportState.APPROVED:
        return UserError(
            N_(
                "These figures for {period} are locked: {who} approved them on {when}. To "
                "change them, please ask {who} to send them back for correction."
            ),
            period=label(period),
            when=format_moment(report.approved_at or period.opened_at, tz),
            who=await _name(session, report.approved_by),
        )
    return None


def lead_units(principal: Principal | None) -> list[int]:
    """Units the person may submit for directly (their posts as lead or admin)."""
    if principal is None:
        return []
    return list(dict.fromkeys(principal.units_with_role(Role.LEAD)))


async def submit(
    session: AsyncSession,
    period: ReportingPeriod,
    unit_id: int,
    values: dict[int, int],
    *,
    member_id: int | None,
    now: datetime,
    tz: ZoneInfo,
    note: str | None = None,
) -> int:
    """Save a unit's figures, refusing when locked; returns how many values changed."""
    report = await get_or_add_report(session, period.id, unit_id)
    locked = await lock_reason(session, period, report, tz)
    if locked is not None:
        raise locked
    return await save_values(session, report, values, member_id=member_id, now=now, note=note)


async def may_approve(session: AsyncSession, principal: Principal | None, unit_id: int) -> bool:
    """An admin, or a lead of a unit above this one (not of the unit itself)."""
    if principal is None:
        return False
    if principal.has_role(Role.ADMIN):
        return True
    unit = await session.get(Unit, unit_id)
    parents = [p for p in (unit.parent_id, unit.also_under_id) if p] if unit else []
    mine = principal.units_with_role(Role.LEAD)
    for parent in parents:
        if await is_within(session, parent, mine):
            return True
    return False


async def set_approval(
    session: AsyncSession,
    principal: Principal | None,
    period: ReportingPeriod,
    unit_id: int,
    *,
    approve: bool,
    now: datetime,
    tz: ZoneInfo,
) -> UnitReport:
    """Approve a sent report (locking it), or send an approved one back for correction."""
    if not await may_approve(session, principal, unit_id):
        raise NotAllowed(
            N_("Only a lead of a unit above this one, or the central office, can approve.")
        )
    assert principal is not None
    if period.closed_at is not None:
        locked = await lock_reason(session, period, None, tz)
        assert locked is not None
        raise locked
    report = await get_or_add_report(session, period.id, unit_id)
    if report.state is ReportState.MISSING:
        raise UserError(N_("This unit has not sent its figures yet; there is nothing to approve."))
    if approve:
        report.state = ReportState.APPROVED
        report.approved_at, report.approved_by = now, principal.member.id
    else:
        report.state = ReportState.SUBMITTED
        report.approved_at = report.approved_by = None
    await session.flush()
    return report


async def unit_names(session: AsyncSession, ids: Sequence[int]) -> dict[int, Unit]:
    if not ids:
        return {}
    rows = await session.execute(select(Unit).where(Unit.id.in_(list(ids))))
    return {u.id: u for u in rows.scalars()}
