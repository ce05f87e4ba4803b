"""Messages about figures that go through the outbox: reminders to leads who have not
reported, the parent unit's list of missing children, and "sent, please approve" notices.

Every reminder has a dedupe key (period, unit, step, member), so the job may run as often
as it likes, in several processes, and each lead still gets each reminder at most once;
reminders still queued when the unit reports are cancelled.
"""

from __future__ import annotations

import html
import logging
from datetime import date, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import callbacks
from bot.app.jobs import JobContext, PeriodicJob
from bot.delivery import enqueue, enqueue_many
from bot.delivery.outbox import message_row
from bot.figures.service import label
from bot.text.formatting import format_day
from bot.text.i18n import _, use_locale
from storage.figures import leads_of, list_periods, missing_reports, sync_roster
from storage.models import Delivery, DeliveryState, Member, Priority, ReportingPeriod, Unit

log = logging.getLogger(__name__)

REMIND_BEFORE_DAYS = 3  # the first reminder, before the deadline
REMIND_AFTER_DAYS = 1  # the second, the day after the deadline
PARENT_AFTER_DAYS = 5  # then the parent unit's lead hears which children are missing


def _topic(period: ReportingPeriod, unit_id: int) -> str:
    return f"fig-remind:{period.id}:{unit_id}"


def _keyboard(text: str, action: str, *args: object) -> dict[str, object]:
    return {"inline_keyboard": [[{"text": text, "callback_data": callbacks.pack(action, *args)}]]}


async def _tell(
    session: AsyncSession,
    member: Member,
    text: str,
    *,
    key: str | None,
    topic: str,
    button: tuple[str, str, tuple[object, ...]] | None = None,
) -> bool:
    assert member.chat_id is not None
    markup = _keyboard(button[0], button[1], *button[2]) if button else None
    return await enqueue(
        session,
        member.chat_id,
        text,
        member_id=member.id,
        priority=Priority.REMINDER,
        reply_markup=markup,
        dedupe_key=key,
        topic=topic,
    )


def _step(today: date, deadline: date) -> str | None:
    if today > deadline:
        return "after" if today >= deadline + timedelta(days=REMIND_AFTER_DAYS) else None
    if today >= deadline - timedelta(days=REMIND_BEFORE_DAYS):
        return "before"
    return None


async def chase(context: JobContext) -> int:
    """Queue the reminders due at `context.now`; returns how many were new."""
    today = context.now.astimezone(context.settings.tz).date()
    queued = 0
    async with context.db.session() as session:
        for period in await list_periods(session, open_only=True):
            await sync_roster(session, period)
            queued += await _chase_period(session, period, today, context.settings.default_locale)
        await session.commit()
    return queued


async def _chase_period(
    session: AsyncSession, period: ReportingPeriod, today: date, default_locale: str
) -> int:
    step = _step(today, period.deadline)
    if step is None:
        return 0
    missing = await missing_reports(session, period.id)
    if not missing:
        return 0
    units = {unit.id: unit for _report, unit in missing}
    queued = await remind_leads(session, period, units, today, step, default_locale)
    if today >= period.deadline + timedelta(days=PARENT_AFTER_DAYS):
        queued += await _tell_parents(session, period, list(units.values()), default_locale)
    return queued


async def remind_leads(
    session: AsyncSession,
    period: ReportingPeriod,
    units: dict[int, Unit],
    today: date,
    step: str,
    default_locale: str,
) -> int:
    """Queue a reminder to each lead of `units`, at most once per (period, unit, step, lead):
    the job's steps are "before" and "after"; the office's dashboard chases with "office"."""
    leads = await leads_of(session, units)
    queued = 0
    for unit_id, members in leads.items():
        unit = units[unit_id]
        for member in members:
            with use_locale(member.language or default_locale):
                if today <= period.deadline:
                    text = _(
                        "⏰ Reminder: the figures of {unit} for {period} are due on {deadline} "
                        "({days} day(s) left)."
                    )
                else:
                    text = _(
                        "⏰ The figures of {unit} for {period} were due on {deadline} and have "
                        "not arrived yet. Please send them as soon as you can."
                    )
                text = text.format(
                    unit=html.escape(unit.name),
                    period=label(period),
                    deadline=format_day(period.deadline),
                    days=(period.deadline - today).days,
                )
                queued += await _tell(
                    session,
                    member,
                    text,
                    key=f"fig:{period.id}:{unit_id}:{step}:{member.id}",
                    topic=_topic(period, unit_id),
                    button=(_("📝 Report now"), "fn", (period.id,)),
                )
    return queued


async def _tell_parents(
    session: AsyncSession, period: ReportingPeriod, missing: list[Unit], default_locale: str
) -> int:
    children: dict[int, list[Unit]] = {}
    for unit in missing:
        for parent in {unit.parent_id, unit.also_under_id} - {None}:
            assert parent is not None
            children.setdefault(parent, []).append(unit)
    queued = 0
    for parent_id, members in (await leads_of(session, children)).items():
        names = "\n".join(f"• {html.escape(u.name)}" for u in children[parent_id][:50])
        more = len(children[parent_id]) - 50
        for member in members:
            with use_locale(member.language or default_locale):
                text = _(
                    "📋 These units under you have not sent their figures for {period} "
                    "(due {deadline}, {days} days ago):\n{names}"
                ).format(
                    period=label(period),
                    deadline=format_day(period.deadline),
                    days=PARENT_AFTER_DAYS,
                    names=names,
                )
                if more > 0:
                    text += "\n" + _("… and {count} more.").format(count=more)
                text += "\n" + _("Please remind them; /baocao tiendo shows the progress.")
                queued += await _tell(
                    session,
                    member,
                    text,
                    key=f"fig:{period.id}:{parent_id}:parent:{member.id}",
                    topic=f"fig-parent:{period.id}",
                )
    return queued


async def stop_reminders(session: AsyncSession, period: ReportingPeriod, unit_id: int) -> None:
    """The unit reported: reminders still waiting in the outbox are not sent."""
    await session.execute(
        update(Delivery)
        .where(Delivery.topic == _topic(period, unit_id), Delivery.state == DeliveryState.PENDING)
        .values(state=DeliveryState.CANCELLED)
    )


async def tell_approvers(
    session: AsyncSession, period: ReportingPeriod, unit: Unit, *, corrected: bool
) -> None:
    """Leads of the units above hear that figures arrived, with a button to review them."""
    await stop_reminders(session, period, unit.id)
    parents = [p for p in (unit.parent_id, unit.also_under_id) if p is not None]
    for members in (await leads_of(session, parents)).values():
        for member in members:
            with use_locale(member.language):
                text = (
                    _("✏️ {unit} corrected its figures for {period}.")
                    if corrected
                    else _("📥 {unit} sent its figures for {period}.")
                ).format(unit=html.escape(unit.name), period=label(period))
                await _tell(
                    session,
                    member,
                    text,
                    key=None,
                    topic=f"fig-sent:{period.id}",
                    button=(_("🔍 Review and approve"), "fr", (period.id, unit.id)),
                )


async def _run(context: JobContext) -> None:
    await chase(context)


async def announce_period(session: AsyncSession, period: ReportingPeriod) -> int:
    """Tell the leads of every expected unit that the period is open (once per lead)."""
    rows = []
    missing = await missing_reports(session, period.id)
    units = {unit.id: unit for _report, unit in missing}
    for unit_id, members in (await leads_of(session, units)).items():
        for member in members:
            assert member.chat_id is not None
            with use_locale(member.language):
                text = _(
                    "📢 The reporting period {period} is open. Please send the figures of "
                    "{unit} by {deadline}."
                ).format(
                    period=label(period),
                    unit=html.escape(units[unit_id].name),
                    deadline=format_day(period.deadline),
                )
                markup = _keyboard(_("📝 Report now"), "fn", period.id)
            rows.append(
                message_row(
                    member.chat_id,
                    text,
                    member_id=member.id,
                    priority=Priority.REMINDER,
                    reply_markup=markup,
                    dedupe_key=f"fig:{period.id}:{unit_id}:open:{member.id}",
                    topic=_topic(period, unit_id),
                )
            )
    return await enqueue_many(session, rows)


CHASE_JOB = PeriodicJob("figures-reminders", 600, _run)
