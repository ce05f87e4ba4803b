"""Keeping the calendar: add, change, cancel, mark done, and tell the members concerned.

Members hear of a change, a cancellation, and a day that becomes fixed through the outbox,
one row per member with a dedupe key (item, revision, kind, member): a retry or a second
process never tells anyone twice.
"""

from __future__ import annotations

import enum
import html
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.errors import NotAllowed, UserError
from bot.delivery import enqueue_many, message_row
from bot.people.access import Principal
from bot.periods import Period
from bot.schedule.items import PERIOD_CHARS, month_day, period_columns, period_of, status_for
from bot.schedule.render import FIELD_CHARS, TITLE_CHARS, describe_period, shorten
from bot.text.i18n import N_, _, use_locale
from storage.models import (
    Delivery,
    DeliveryState,
    ItemAudience,
    ItemStatus,
    Priority,
    Role,
    ScheduleItem,
)
from storage.people.units import is_within
from storage.schedule import list_recipients, set_audience, sync_audience_days

PLACE_CHARS = 255


class Notice(enum.StrEnum):
    CHANGED = "changed"
    FIXED = "fixed"
    CANCELLED = "cancelled"


@dataclass
class ItemValues:
    """What an item is made of, as the flows and the import gather it."""

    title: str
    period: Period
    owner_unit_id: int
    audience: ItemAudience = ItemAudience.SUBTREE
    unit_ids: list[int] = field(default_factory=list)
    place: str | None = None
    details: str | None = None
    responsible: str | None = None
    recurring: bool = False
    source_ref: str | None = None


def check_recurring(period: Period, recurring: bool) -> None:
    if recurring and month_day(period) is None:
        raise UserError(N_("Only an item on an exact day can repeat every year."))


async def check_audience(
    session: AsyncSession, principal: Principal, audience: ItemAudience, unit_ids: list[int]
) -> None:
    """A lead names units they lead (or beneath them); only admins speak to everyone."""
    if audience is ItemAudience.EVERYONE:
        if not principal.has_role(Role.ADMIN):
            raise NotAllowed(N_("Only the central office can add an item for everyone."))
        return
    if not unit_ids:
        raise UserError(N_("Choose at least one unit."))
    led = principal.units_with_role(Role.LEAD)
    for unit_id in unit_ids:
        if not await is_within(session, unit_id, led):
            raise NotAllowed(N_("Sorry, that unit is outside the units you look after."))


async def can_manage(
    session: AsyncSession, principal: Principal | None, item: ScheduleItem
) -> bool:
    """Leads and admins manage the items of the units they lead and of those beneath them."""
    if principal is None or not principal.has_role(Role.LEAD):
        return False
    return await is_within(session, item.owner_unit_id, principal.units_with_role(Role.LEAD))


async def require_manage(
    session: AsyncSession, principal: Principal | None, item: ScheduleItem
) -> None:
    if not await can_manage(session, principal, item):
        raise NotAllowed(N_("Sorry, this item belongs to a unit you do not lead."))


async def create_item(
    session: AsyncSession,
    values: ItemValues,
    *,
    created_by: int | None,
    import_key: str | None = None,
) -> ScheduleItem:
    check_recurring(values.period, values.recurring)
    now = datetime.now(UTC)
    item = ScheduleItem(
        title=values.title,
        details=values.details,
        place=values.place[:PLACE_CHARS] if values.place else None,
        period_written=values.period.text[:PERIOD_CHARS] or None,
        status=status_for(values.period),
        recurring=values.recurring,
        month_day=month_day(values.period) if values.recurring else None,
        responsible=values.responsible,
        owner_unit_id=values.owner_unit_id,
        audience=values.audience,
        source_ref=values.source_ref,
        import_key=import_key,
        revision=1,
        created_by=created_by,
        created_at=now,
        updated_at=now,
        **period_columns(values.period),
    )
    session.add(item)
    await session.flush()
    await set_audience(session, item, values.audience, values.unit_ids)
    return item


def _set_period(item: ScheduleItem, period: Period) -> None:
    for name, value in period_columns(period).items():
        setattr(item, name, value)
    item.period_written = period.text[:PERIOD_CHARS] or None
    if item.status in (ItemStatus.PLANNED, ItemStatus.TO_BE_ANNOUNCED):
        item.status = status_for(period)
    item.month_day = month_day(period) if item.recurring else None


async def change_item(
    session: AsyncSession,
    item: ScheduleItem,
    *,
    actor_id: int | None,
    title: str | None = None,
    period: Period | None = None,
    place: str | None = None,
    details: str | None = None,
    responsible: str | None = None,
) -> Notice | None:
    """Apply the given fields; tell the members concerned when what they know has changed.

    A period that turns from "to be announced" (or fuzzy) into a fixed day is news of its
    own ("the date is fixed"); any other change of title, period or place is a change.
    Empty strings clear place, details and responsible.
    """
    old_period = period_of(item)
    changed = False
    if title is not None and title != item.title:
        item.title, changed = title, True
    if period is not None:
        check_recurring(period, item.recurring)
        stored = (item.period_text, item.at_time)
        _set_period(item, period)
        await sync_audience_days(session, item)
        if (item.period_text, item.at_time) != stored:
            changed = True
            await _drop_pending_reminders(session, item.id)
    if place is not None and (place[:PLACE_CHARS] or None) != item.place:
        item.place, changed = place[:PLACE_CHARS] or None, True
    if details is not None:
        item.details = details or None
    if responsible is not None:
        item.responsible = responsible or None
    item.updated_at = datetime.now(UTC)
    if not changed or item.status in (ItemStatus.CANCELLED, ItemStatus.DONE):
        return None
    fixed = period_of(item).is_fixed and not old_period.is_fixed
    notice = Notice.FIXED if fixed else Notice.CHANGED
    await notify(session, item, notice, actor_id=actor_id, before=old_period)
    return notice


async def cancel_item(session: AsyncSession, item: ScheduleItem, *, actor_id: int | None) -> bool:
    """Cancel an item (False if it already was); its members are told, reminders dropped."""
    if item.status is ItemStatus.CANCELLED:
        return False
    item.status = ItemStatus.CANCELLED
    item.updated_at = datetime.now(UTC)
    await _drop_pending_reminders(session, item.id)
    await notify(session, item, Notice.CANCELLED, actor_id=actor_id)
    return True


async def mark_done(session: AsyncSession, item: ScheduleItem) -> bool:
    if item.status in (ItemStatus.DONE, ItemStatus.CANCELLED):
        return False
    item.status = ItemStatus.DONE
    item.updated_at = datetime.now(UTC)
    await _drop_pending_reminders(session, item.id)
    return True


def reminder_topic(item_id: int) -> str:
    return f"schedule:{item_id}:reminder"


async def _drop_pending_reminders(session: AsyncSession, item_id: int) -> None:
    """Reminders queued for the old day must not go out after a cancel or a move."""
    await session.execute(
        update(Delivery)
        .where(Delivery.topic == reminder_topic(item_id), Delivery.state == DeliveryState.PENDING)
        .values(state=DeliveryState.CANCELLED)
    )


def notice_text(item: ScheduleItem, notice: Notice, before: Period | None = None) -> str:
    """The message a member receives, in the current language."""
    title = html.escape(shorten(item.title, TITLE_CHARS))
    when = html.escape(describe_period(period_of(item)))
    headline = {
        Notice.CHANGED: _("🔔 <b>Schedule changed</b>"),
        Notice.FIXED: _("📌 <b>The date is now fixed</b>"),
        Notice.CANCELLED: _("🚫 <b>Cancelled</b>"),
    }[notice]
    lines = [headline, f"<b>{title}</b>", _("When: {when}").format(when=when)]
    if notice is Notice.CHANGED and before is not None and before != period_of(item):
        lines.append(_("(before: {when})").format(when=html.escape(describe_period(before))))
    if item.place:
        place = html.escape(shorten(item.place, FIELD_CHARS))
        lines.append(_("Where: {place}").format(place=place))
    lines.append(_("Send /lich to see your calendar."))
    return "\n".join(lines)


async def enqueue_to_concerned(
    session: AsyncSession,
    item: ScheduleItem,
    render: Callable[[], str],
    *,
    key: str,
    topic: str,
    skip: int | None = None,
    default_locale: str | None = None,
) -> int:
    """Queue a message for every member the item concerns (but `skip`), written once per
    language; each row's dedupe key is `key` and the member, so it is queued once, ever."""
    people: defaultdict[str | None, list[tuple[int, int]]] = defaultdict(list)
    for member_id, chat_id, language in await list_recipients(session, item):
        if member_id != skip:
            people[language].append((member_id, chat_id))
    rows: list[dict[str, Any]] = []
    for language, chats in people.items():
        with use_locale(language or default_locale):
            text = render()
        rows.extend(
            message_row(
                chat_id,
                text,
                member_id=member_id,
                priority=Priority.REMINDER,
                dedupe_key=f"{key}:{member_id}",
                topic=topic,
            )
            for member_id, chat_id in chats
        )
    return await enqueue_many(session, rows)


async def notify(
    session: AsyncSession,
    item: ScheduleItem,
    notice: Notice,
    *,
    actor_id: int | None,
    before: Period | None = None,
) -> int:
    """Tell every member concerned but the one who made the change."""
    item.revision += 1
    return await enqueue_to_concerned(
        session,
        item,
        lambda: notice_text(item, notice, before),
        key=f"sched:{item.id}:{item.revision}:{notice}",
        topic=f"schedule:{item.id}",
        skip=actor_id,
    )
