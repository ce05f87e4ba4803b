"""Page 6 (Nhật ký): the interaction log by member, unit and date, newest first, a page at
a time, and its CSV export with phone numbers masked.

A lead sees the rows of the units they lead and beneath; rows tied to no unit (strangers,
the office's own plumbing) are the office's alone. Pages go by id ("older than row N"),
so a page deep in a long log costs what the first one does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.interaction_log import LOG_COLUMNS, csv_row, mask_phones
from bot.web.data.scope import Scope, sees_unit, unit_filter
from storage.models import Direction, Interaction, Member, Unit, UnitLink


@dataclass(frozen=True)
class LogFilter:
    member_id: int | None = None
    unit_id: int | None = None  # the unit and everything beneath it
    since: date | None = None  # local days, both ends included
    until: date | None = None


@dataclass(frozen=True)
class LogLine:
    id: int
    at: datetime
    incoming: bool
    kind: str
    member_id: int | None
    member_name: str | None
    unit_id: int | None
    unit_name: str | None
    text: str  # phones masked, cut to a line's length


async def _condition(
    session: AsyncSession, scope: Scope, wanted: LogFilter, tz: ZoneInfo
) -> ColumnElement[bool] | None:
    """The WHERE of the viewer's rows matching the filter; None when they may see none
    (no scope, or a unit outside it)."""
    if scope.empty:
        return None
    if wanted.unit_id is not None and not await sees_unit(session, scope, wanted.unit_id):
        return None
    parts = [unit_filter(scope, Interaction.unit_id)]
    if wanted.member_id is not None:
        parts.append(Interaction.member_id == wanted.member_id)
    if wanted.unit_id is not None:
        below = select(UnitLink.descendant_id).where(UnitLink.ancestor_id == wanted.unit_id)
        parts.append(Interaction.unit_id.in_(below))
    if wanted.since is not None:
        parts.append(Interaction.at >= datetime.combine(wanted.since, time(), tz))
    if wanted.until is not None:
        end = datetime.combine(wanted.until + timedelta(days=1), time(), tz)
        parts.append(Interaction.at < end)
    return and_(*parts)


def _query(condition: ColumnElement[bool]) -> Select[Interaction, str, str]:
    return (
        select(Interaction, Member.name, Unit.name)
        .outerjoin(Member, Member.id == Interaction.member_id)
        .outerjoin(Unit, Unit.id == Interaction.unit_id)
        .where(condition)
    )


async def log_page(
    session: AsyncSession,
    scope: Scope,
    wanted: LogFilter,
    tz: ZoneInfo,
    *,
    before_id: int | None = None,
    limit: int = 50,
) -> tuple[list[LogLine], int | None]:
    """Up to `limit` rows older than `before_id`, newest first, and the id to ask the next
    page with (None: no more)."""
    condition = await _condition(session, scope, wanted, tz)
    if condition is None:
        return [], None
    query = _query(condition)
    if before_id is not None:
        query = query.where(Interaction.id < before_id)
    query = query.order_by(Interaction.id.desc()).limit(limit + 1)
    rows = (await session.execute(query)).all()
    lines = [
        LogLine(
            row.id,
            row.at,
            row.direction is Direction.IN,
            row.kind,
            row.member_id,
            member,
            row.unit_id,
            unit,
            mask_phones(" ".join((row.text or row.payload or "").split()))[:200],
        )
        for row, member, unit in rows[:limit]
    ]
    more = len(rows) > limit
    return lines, (lines[-1].id if more and lines else None)


async def export_csv(
    session: AsyncSession, scope: Scope, wanted: LogFilter, tz: ZoneInfo, batch: int = 1000
) -> AsyncIterator[str]:
    """The matching rows as CSV text (the columns of `hoibot log export`), oldest first, in
    chunks of `batch` rows, phones masked. Nothing at all when the viewer may see none."""
    condition = await _condition(session, scope, wanted, tz)
    if condition is None:
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(LOG_COLUMNS)
    last = 0
    while True:
        query = (
            select(Interaction)
            .where(condition, Interaction.id > last)
            .order_by(Interaction.id)
            .limit(batch)
        )
        rows = (await session.execute(query)).scalars().all()
        for row in rows:
            writer.writerow(csv_row(row, masked=True))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(rows) < batch:
            return
        last = rows[-1].id
