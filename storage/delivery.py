"""Queries over the outbox: claiming due rows, recording outcomes, progress of a topic.

Repositories never commit: the caller does. Rows travel as `OutboxItem`s, not ORM objects,
so that a sender handling a thousand rows a second does not pay for identity maps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, any_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery, DeliveryState, Member, Membership

_CLAIMED = (
    Delivery.id,
    Delivery.chat_id,
    Delivery.member_id,
    Delivery.priority,
    Delivery.text,
    Delivery.reply_markup,
    Delivery.document,
    Delivery.paid,
    Delivery.attempts,
    Delivery.parts_sent,
    Delivery.next_attempt_at,
)


@dataclass(slots=True)
class OutboxItem:
    """A claimed row, with what the sender needs to know of its recipient."""

    id: int
    chat_id: int
    member_id: int | None
    priority: int
    text: str
    reply_markup: str | None
    document: str | None
    paid: bool
    attempts: int
    parts_sent: int
    next_attempt_at: datetime
    unit_id: int | None = None
    reachable: bool = True

    @property
    def order(self) -> tuple[int, datetime, int]:
        return (self.priority, self.next_attempt_at, self.id)


async def has_due(session: AsyncSession, now: datetime, *, in_flight: bool = False) -> bool:
    """Whether a row is due by `now` (or, with `in_flight`, claimed and not yet recorded)."""
    due = and_(Delivery.state == DeliveryState.PENDING, Delivery.next_attempt_at <= now)
    if in_flight:
        due = or_(due, Delivery.state == DeliveryState.SENDING)
    query = select(Delivery.id).where(due)
    return (await session.execute(query.limit(1))).first() is not None


async def claim_due(
    session: AsyncSession,
    now: datetime,
    limit: int,
    paid: bool | None = None,
    lease: str | None = None,
) -> list[OutboxItem]:
    """Mark up to `limit` due rows `sending` (by `lease`) and return them, replies first.

    `paid` picks one lane (None: both). On PostgreSQL rows locked by another transaction
    are skipped; on SQLite the conditional UPDATE is itself the claim.
    """
    due = (
        select(Delivery.id)
        .where(Delivery.state == DeliveryState.PENDING, Delivery.next_attempt_at <= now)
        .order_by(Delivery.priority, Delivery.next_attempt_at, Delivery.id)
        .limit(limit)
    )
    if paid is not None:
        due = due.where(Delivery.paid.is_(paid))
    if session.get_bind().dialect.name == "postgresql":
        # The rows are locked (and their state checked again) as they are picked, so they are
        # taken by primary key from an array: with "IN (subquery) AND state = pending",
        # statistics from before a big broadcast was queued (a million rows the planner has
        # not seen yet) led PostgreSQL to a nested loop that ran the subquery once per
        # pending row, minutes per claim at ten million members.
        locked = due.with_for_update(skip_locked=True).scalar_subquery()
        chosen = Delivery.id == any_(func.array(locked))
    else:
        chosen = and_(
            Delivery.id.in_(due.scalar_subquery()), Delivery.state == DeliveryState.PENDING
        )
    claim = (
        update(Delivery)
        .where(chosen)
        .values(state=DeliveryState.SENDING, claimed_at=now, claimed_by=lease)
        .returning(*_CLAIMED)
        .execution_options(synchronize_session=False)
    )
    items = [OutboxItem(**row._mapping) for row in (await session.execute(claim))]
    await _add_recipients(session, items)
    items.sort(key=lambda item: item.order)
    return items


async def _add_recipients(session: AsyncSession, items: Sequence[OutboxItem]) -> None:
    """Fill in each item's member (by member_id, or by the private chat), unit and reachability."""
    member_ids = {item.member_id for item in items if item.member_id is not None}
    # A private chat's id is its user's id, so a row without member_id still finds its member.
    user_ids = {item.chat_id for item in items if item.member_id is None and item.chat_id > 0}
    if not member_ids and not user_ids:
        return
    query = select(Member.id, Member.telegram_user_id, Member.reachable).where(
        or_(Member.id.in_(member_ids), Member.telegram_user_id.in_(user_ids))
    )
    found_members = (await session.execute(query)).all()
    # Each member's first unit, as the interaction log files it. One query for all: a
    # per-member "ORDER BY id LIMIT 1" leads PostgreSQL to scan memberships in id order.
    units = (
        select(Membership.member_id, Membership.unit_id)
        .where(Membership.member_id.in_([row.id for row in found_members]))
        .order_by(Membership.member_id, Membership.id)
    )
    first_unit: dict[int, int] = {}
    for member_id, unit_id in (await session.execute(units)).all():
        first_unit.setdefault(member_id, unit_id)
    by_id, by_user = {}, {}
    for member_id, user_id, reachable in found_members:
        by_id[member_id] = by_user[user_id] = (member_id, reachable, first_unit.get(member_id))
    for item in items:
        found = by_id.get(item.member_id) if item.member_id else by_user.get(item.chat_id)
        if found is not None:
            item.member_id, item.reachable, item.unit_id = found


async def update_rows(
    session: AsyncSession, changes: Sequence[dict[str, Any]], lease: str | None = None
) -> None:
    """Apply per-row changes (each a dict with `id` and the same other keys) in one batch,
    to the rows still claimed by `lease` (a sender that lost the lead does not overwrite
    what its successor has done since), and release the claim."""
    if not changes:
        return
    table = cast(Table, Delivery.__table__)
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .where(table.c.claimed_by.is_not_distinct_from(bindparam("lease")))
    )
    rows = [
        {"row_id": change["id"], "lease": lease, "claimed_by": None}
        | {key: value for key, value in change.items() if key != "id"}
        for change in changes
    ]
    await session.execute(statement, rows)


async def mark_unreachable(session: AsyncSession, member_ids: Iterable[int]) -> None:
    ids = sorted(set(member_ids))
    if ids:
        await session.execute(update(Member).where(Member.id.in_(ids)).values(reachable=False))


async def requeue_stuck(session: AsyncSession, claimed_before: datetime, now: datetime) -> int:
    """Put rows a dead sender left `sending` back in the queue; returns how many.

    They may have reached their chat just before the sender died: sending them again is
    the price of losing nothing (at-least-once).
    """
    result = await session.execute(
        update(Delivery)
        .where(Delivery.state == DeliveryState.SENDING, Delivery.claimed_at < claimed_before)
        .values(state=DeliveryState.PENDING, next_attempt_at=now, claimed_at=None, claimed_by=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def requeue_claims_of_others(session: AsyncSession, lease: str, now: datetime) -> int:
    """Put back in the queue, due now, the rows claimed under any lease but `lease`.

    Called by a sender that has just taken the lead: a lease is held by one sender at a
    time, so every other lease's claims belong to a sender that died or lost the lead.
    Rows claimed without a lease (a `drain` outside the lead) are left to `requeue_stuck`.
    """
    result = await session.execute(
        update(Delivery)
        .where(
            Delivery.state == DeliveryState.SENDING,
            Delivery.claimed_by.is_not(None),
            Delivery.claimed_by != lease,
        )
        .values(state=DeliveryState.PENDING, next_attempt_at=now, claimed_at=None, claimed_by=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def count_waiting(session: AsyncSession) -> dict[tuple[bool, str], int]:
    """Rows waiting or in flight, by (paid lane, state): the outbox's depth."""
    query = (
        select(Delivery.paid, Delivery.state, func.count())
        .where(Delivery.state.in_([DeliveryState.PENDING, DeliveryState.SENDING]))
        .group_by(Delivery.paid, Delivery.state)
    )
    rows = (await session.execute(query)).all()
    return {(bool(paid), DeliveryState(state).value): count for paid, state, count in rows}


async def count_by_state(session: AsyncSession, topic: str) -> dict[DeliveryState, int]:
    query = (
        select(Delivery.state, func.count()).where(Delivery.topic == topic).group_by(Delivery.state)
    )
    return {DeliveryState(state): count for state, count in (await session.execute(query)).all()}


async def count_sent_since(session: AsyncSession, topic: str, since: datetime) -> int:
    query = select(func.count()).where(
        Delivery.topic == topic, Delivery.state == DeliveryState.SENT, Delivery.sent_at >= since
    )
    return int((await session.execute(query)).scalar_one())


async def first_sent_at(session: AsyncSession, topic: str) -> datetime | None:
    query = select(func.min(Delivery.sent_at)).where(
        Delivery.topic == topic, Delivery.state == DeliveryState.SENT
    )
    return (await session.execute(query)).scalar_one_or_none()


async def set_state_of_topic(
    session: AsyncSession,
    topic: str,
    old: DeliveryState,
    new: DeliveryState,
    **values: Any,
) -> int:
    """Move every row of `topic` in state `old` to `new` (cancel, resend); returns how many."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.topic == topic, Delivery.state == old)
        .values(state=new, **values)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
