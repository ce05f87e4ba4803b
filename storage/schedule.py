"""Queries over the calendar. Repositories never commit: the caller does."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    Date,
    Select,
    and_,
    bindparam,
    delete,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    DraftKind,
    ItemAudience,
    ItemStatus,
    Member,
    Membership,
    ScheduleAudience,
    ScheduleDraft,
    ScheduleItem,
    Unit,
    UnitLink,
)
from storage.models.schedule import ALWAYS


def _concerning(unit_ids: Iterable[int]) -> Any:
    """Items that concern any of `unit_ids`: for everyone, or for a unit above or at one."""
    roots = select(UnitLink.ancestor_id).where(UnitLink.descendant_id.in_(list(unit_ids)))
    audience = select(ScheduleAudience.item_id).where(
        or_(ScheduleAudience.unit_id.in_(roots), ScheduleAudience.unit_id.is_(None))
    )
    return ScheduleItem.id.in_(audience)


def _range_query() -> Select[ScheduleItem]:
    units: BindParameter[list[int]] = bindparam("unit_ids", expanding=True)
    start, end = bindparam("start", type_=Date), bindparam("end", type_=Date)
    roots = select(UnitLink.ancestor_id).where(UnitLink.descendant_id.in_(units))
    days = (
        ScheduleAudience.end_on >= start,
        or_(ScheduleAudience.start_on <= end, ScheduleAudience.start_on.is_(None)),
    )
    # Two index range scans, one per kind of audience row: an OR of the two would make
    # PostgreSQL read the whole table.
    matching = union_all(
        select(ScheduleAudience.item_id).where(ScheduleAudience.unit_id.in_(roots), *days),
        select(ScheduleAudience.item_id).where(ScheduleAudience.unit_id.is_(None), *days),
    )
    return select(ScheduleItem).where(
        ScheduleItem.id.in_(matching), ScheduleItem.status != ItemStatus.CANCELLED
    )


# Built once: /lich runs it on every page, and building a statement costs more than running it.
_IN_RANGE = _range_query()


def items_in_range_query(unit_ids: Iterable[int], start: date, end: date) -> Select[ScheduleItem]:
    """One indexed query: what concerns members of `unit_ids` between `start` and `end`.

    It lets through what the bounds cannot rule out (yearly items, items with no day yet,
    months with gaps); `bot.schedule.items.occurrences` then keeps what really falls in.
    """
    return _IN_RANGE.params(unit_ids=list(unit_ids), start=start, end=end)


async def concerns(session: AsyncSession, item_id: int, unit_ids: Iterable[int]) -> bool:
    """Whether the item concerns a member of `unit_ids`."""
    query = select(ScheduleItem.id).where(ScheduleItem.id == item_id, _concerning(unit_ids))
    return (await session.execute(query)).first() is not None


class ListedItem(NamedTuple):
    """The columns a calendar list shows, without the cost of loading whole items."""

    id: int
    title: str
    place: str | None
    responsible: str | None
    precision: str
    period_text: str
    start_on: date | None
    end_on: date | None
    at_time: time | None
    status: ItemStatus
    recurring: bool
    month_day: int | None


_LISTED = [getattr(ScheduleItem, name) for name in ListedItem._fields]
_LISTED_IN_RANGE = _IN_RANGE.with_only_columns(*_LISTED)


async def list_in_range(
    session: AsyncSession, unit_ids: Iterable[int], start: date, end: date
) -> list[ListedItem]:
    params = {"unit_ids": list(unit_ids), "start": start, "end": end}
    rows = (await session.execute(_LISTED_IN_RANGE, params)).all()
    return [ListedItem._make(row) for row in rows]


async def list_concerning(
    session: AsyncSession, unit_ids: Iterable[int], since: date, limit: int
) -> Sequence[ScheduleItem]:
    """Everything from `since` on (and yearly items) for a phone calendar, oldest first."""
    query = select(ScheduleItem).where(
        _concerning(unit_ids),
        or_(ScheduleItem.end_on >= since, ScheduleItem.recurring.is_(True)),
    )
    query = query.order_by(ScheduleItem.start_on, ScheduleItem.id).limit(limit)
    return (await session.execute(query)).scalars().all()


async def list_all(session: AsyncSession, since: date, limit: int) -> Sequence[ScheduleItem]:
    query = select(ScheduleItem).where(
        or_(ScheduleItem.end_on >= since, ScheduleItem.recurring.is_(True))
    )
    query = query.order_by(ScheduleItem.start_on, ScheduleItem.id).limit(limit)
    return (await session.execute(query)).scalars().all()


async def get_item(session: AsyncSession, item_id: int) -> ScheduleItem | None:
    return await session.get(ScheduleItem, item_id)


async def get_item_by_import_key(session: AsyncSession, key: str) -> ScheduleItem | None:
    query = select(ScheduleItem).where(ScheduleItem.import_key == key)
    return (await session.execute(query)).scalar_one_or_none()


async def audience_units(session: AsyncSession, item_id: int) -> list[Unit]:
    """The units an item names (none for everyone)."""
    query = (
        select(Unit)
        .join(ScheduleAudience, ScheduleAudience.unit_id == Unit.id)
        .where(ScheduleAudience.item_id == item_id)
        .order_by(Unit.name)
    )
    return list((await session.execute(query)).scalars())


def _bounds(item: ScheduleItem) -> dict[str, date | None]:
    if item.recurring or item.end_on is None:
        return {"start_on": None, "end_on": ALWAYS}
    return {"start_on": item.start_on, "end_on": item.end_on}


async def set_audience(
    session: AsyncSession, item: ScheduleItem, audience: ItemAudience, unit_ids: Sequence[int]
) -> None:
    """Replace whom `item` concerns; everyone is one row without a unit."""
    item.audience = audience
    await session.execute(delete(ScheduleAudience).where(ScheduleAudience.item_id == item.id))
    targets: Sequence[int | None] = [None] if audience is ItemAudience.EVERYONE else unit_ids
    bounds = _bounds(item)
    session.add_all(ScheduleAudience(item_id=item.id, unit_id=unit, **bounds) for unit in targets)
    await session.flush()


async def sync_audience_days(session: AsyncSession, item: ScheduleItem) -> None:
    """Copy a changed period's bounds to the rows that index the item by unit."""
    await session.execute(
        update(ScheduleAudience).where(ScheduleAudience.item_id == item.id).values(**_bounds(item))
    )


def recipients_query(item_id: int, everyone: bool) -> Select[int, int | None, str | None]:
    """Bound, reachable members of the units an item concerns: (id, chat, language)."""
    query = select(Member.id, Member.chat_id, Member.language).where(
        Member.chat_id.is_not(None), Member.reachable.is_(True)
    )
    if everyone:
        return query.order_by(Member.id)
    roots = select(ScheduleAudience.unit_id).where(ScheduleAudience.item_id == item_id)
    units = select(UnitLink.descendant_id).where(UnitLink.ancestor_id.in_(roots))
    members = select(Membership.member_id).where(Membership.unit_id.in_(units))
    return query.where(Member.id.in_(members)).order_by(Member.id)


async def list_recipients(
    session: AsyncSession, item: ScheduleItem
) -> list[tuple[int, int, str | None]]:
    query = recipients_query(item.id, item.audience is ItemAudience.EVERYONE)
    rows = (await session.execute(query)).all()
    return [(m, c, lang) for m, c, lang in rows if c is not None]


async def list_fixed_on(session: AsyncSession, days: Sequence[date]) -> Sequence[ScheduleItem]:
    """Items with a fixed day among `days` (yearly ones by month and day), for reminders."""
    keys = [day.month * 100 + day.day for day in days]
    query = select(ScheduleItem).where(
        ScheduleItem.status == ItemStatus.PLANNED,
        ScheduleItem.precision.in_(("date", "datetime")),
        or_(
            and_(ScheduleItem.recurring.is_(False), ScheduleItem.start_on.in_(list(days))),
            and_(ScheduleItem.recurring.is_(True), ScheduleItem.month_day.in_(keys)),
        ),
    )
    return (await session.execute(query.order_by(ScheduleItem.id))).scalars().all()


async def get_draft(session: AsyncSession, member_id: int) -> ScheduleDraft | None:
    query = select(ScheduleDraft).where(ScheduleDraft.member_id == member_id)
    return (await session.execute(query)).scalar_one_or_none()


async def start_draft(
    session: AsyncSession,
    member_id: int,
    kind: DraftKind,
    step: str,
    payload: dict[str, Any],
    item_id: int | None = None,
) -> ScheduleDraft:
    """A new flow for the member, replacing any flow they left unfinished."""
    await drop_draft(session, member_id)
    draft = ScheduleDraft(
        member_id=member_id,
        kind=kind,
        step=step,
        item_id=item_id,
        payload=json.dumps(payload, ensure_ascii=False),
        updated_at=datetime.now(UTC),
    )
    session.add(draft)
    await session.flush()
    return draft


def save_draft(draft: ScheduleDraft, step: str, payload: dict[str, Any]) -> None:
    draft.step = step
    draft.payload = json.dumps(payload, ensure_ascii=False)
    draft.updated_at = datetime.now(UTC)


def draft_payload(draft: ScheduleDraft) -> dict[str, Any]:
    value = json.loads(draft.payload or "{}")
    return value if isinstance(value, dict) else {}


async def drop_draft(session: AsyncSession, member_id: int) -> None:
    await session.execute(delete(ScheduleDraft).where(ScheduleDraft.member_id == member_id))
