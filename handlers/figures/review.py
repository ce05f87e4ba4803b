"""Looking at one unit's report: its history of changes, and approval by the unit above.

/duyet lists what waits for the person's approval; a notice "X sent its figures" carries
a button to the same review card.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.figures.exports import state_name
from bot.figures.indicators import indicator_name
from bot.figures.service import label, may_approve, set_approval, title, unit_names
from bot.figures.validation import show_value
from bot.people.access import require_role, require_scope
from bot.text.formatting import format_moment
from bot.text.i18n import N_, _
from handlers.figures.buttons import button
from storage.figures import (
    current_values,
    get_period,
    get_report,
    list_changes,
    list_indicators,
    reports_to_approve,
)
from storage.models import ReportingPeriod, ReportState, Role, Unit


async def _may_see(context: HoiContext, unit_id: int) -> None:
    """The unit's own leads, leads above it and admins may look at its report."""
    if await may_approve(context.session, context.principal, unit_id):
        return
    await require_scope(context.session, context.principal, unit_id)


async def _ids(update: Update, action: str) -> tuple[int, int]:
    query = update.callback_query
    assert query is not None
    period_id, unit_id = callbacks.unpack(query.data, action, 2)
    return int(period_id), int(unit_id)


async def _period_and_unit(
    context: HoiContext, period_id: int, unit_id: int
) -> tuple[ReportingPeriod, Unit]:
    period = await get_period(context.session, period_id)
    unit = (await unit_names(context.session, [unit_id])).get(unit_id)
    if period is None or unit is None:
        raise UserError(N_("This report no longer exists."))
    return period, unit


async def _card(
    context: HoiContext, period_id: int, unit_id: int
) -> tuple[str, InlineKeyboardMarkup]:
    session, tz = context.session, context.settings.tz
    period, unit = await _period_and_unit(context, period_id, unit_id)
    report = await get_report(session, period_id, unit_id)
    values = await current_values(session, period_id, unit_id)
    state = report.state if report else ReportState.MISSING
    lines = [
        _("<b>{period} — {unit}</b>").format(period=title(period), unit=html.escape(unit.name)),
        _("Status: {state}").format(state=state_name(state)),
    ]
    if report is not None and report.submitted_at is not None:
        lines.append(_("Last sent: {when}").format(when=format_moment(report.submitted_at, tz)))
    lines.append("")
    for indicator in await list_indicators(session, active_only=False):
        if indicator.id in values:
            value = show_value(indicator, values[indicator.id])
            lines.append(f"• {html.escape(indicator_name(indicator))}: <b>{value}</b>")
    rows = []
    if await may_approve(session, context.principal, unit_id) and period.closed_at is None:
        if state is ReportState.SUBMITTED:
            rows.append([button(_("✅ Approve"), "fa", period_id, unit_id)])
        elif state is ReportState.APPROVED:
            rows.append([button(_("↩️ Send back for correction"), "fw", period_id, unit_id)])
    rows.append([button(_("📜 History of changes"), "fh", period_id, unit_id)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def review(update: Update, context: HoiContext) -> None:
    """Show one unit's report with the approval buttons the person may use."""
    query = update.callback_query
    assert query is not None
    period_id, unit_id = await _ids(update, "fr")
    await _may_see(context, unit_id)
    text, markup = await _card(context, period_id, unit_id)
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(query.message.chat.id, text, reply_markup=markup)


async def _approval(update: Update, context: HoiContext, action: str, approve: bool) -> None:
    query = update.callback_query
    assert query is not None
    period_id, unit_id = await _ids(update, action)
    period = await get_period(context.session, period_id)
    if period is None:
        raise UserError(N_("This report no longer exists."))
    await set_approval(
        context.session,
        context.principal,
        period,
        unit_id,
        approve=approve,
        now=datetime.now(UTC),
        tz=context.settings.tz,
    )
    text, markup = await _card(context, period_id, unit_id)
    await query.answer(
        _("Approved. The figures are locked.")
        if approve
        else _("Sent back: the unit can correct its figures again.")
    )
    await query.edit_message_text(text, reply_markup=markup)


async def approve(update: Update, context: HoiContext) -> None:
    """Approve a unit's figures: they are locked from now on."""
    await _approval(update, context, "fa", True)


async def send_back(update: Update, context: HoiContext) -> None:
    """Unlock approved figures so the unit can correct them."""
    await _approval(update, context, "fw", False)


async def history(update: Update, context: HoiContext) -> None:
    """Every change of a unit's figures: who, when, old → new."""
    query = update.callback_query
    assert query is not None
    period_id, unit_id = await _ids(update, "fh")
    await _may_see(context, unit_id)
    period, unit = await _period_and_unit(context, period_id, unit_id)
    indicators = {i.id: i for i in await list_indicators(context.session, active_only=False)}
    lines = [
        _("<b>History of changes: {unit}, {period}</b>").format(
            unit=html.escape(unit.name), period=label(period)
        )
    ]
    for change in await list_changes(context.session, period_id, unit_id):
        indicator = indicators[change.indicator_id]
        new = show_value(indicator, change.new_value)
        old = "—" if change.old_value is None else show_value(indicator, change.old_value)
        lines.append(
            _("{when} · {who}: {name} {old} → {new}").format(
                when=format_moment(change.at, context.settings.tz),
                who=html.escape(change.who or "?"),
                name=html.escape(indicator_name(indicator)),
                old=old,
                new=new,
            )
        )
        if change.note:
            lines.append(f"   <i>{html.escape(change.note)}</i>")
    if len(lines) == 1:
        lines.append(_("Nothing has been sent yet."))
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(query.message.chat.id, "\n".join(lines)[:4000])


async def list_to_approve(update: Update, context: HoiContext) -> None:
    """/duyet: the reports waiting for this person's approval."""
    message = update.effective_message
    assert message is not None
    principal = require_role(context.principal, Role.LEAD)
    above = None if principal.has_role(Role.ADMIN) else principal.units_with_role(Role.LEAD)
    waiting = await reports_to_approve(context.session, above)
    if not waiting:
        await message.reply_text(_("No figures are waiting for your approval."))
        return
    rows = [
        [button(f"{unit.name} · {label(period)}", "fr", period.id, unit.id)]
        for period, unit, _report in waiting
    ]
    await message.reply_text(
        _("Figures waiting for your approval ({count}). Tap one to review it:").format(
            count=len(waiting)
        ),
        reply_markup=InlineKeyboardMarkup(rows),
    )


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("duyet", list_to_approve),
        CallbackQueryHandler(review, pattern=callbacks.pattern("fr")),
        CallbackQueryHandler(approve, pattern=callbacks.pattern("fa")),
        CallbackQueryHandler(send_back, pattern=callbacks.pattern("fw")),
        CallbackQueryHandler(history, pattern=callbacks.pattern("fh")),
    ]
