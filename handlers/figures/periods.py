"""/kybaocao: an admin's list of reporting periods, with buttons to open one (see
`handlers.figures.opening`), close an open one, or reopen a closed one."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.app import callbacks
from bot.app.scope import HoiContext
from bot.figures.service import close_period, label
from bot.people.access import require_role
from bot.text.formatting import format_day
from bot.text.i18n import _
from handlers.figures.buttons import button
from handlers.figures.opening import open_typed
from storage.figures import get_period, list_periods
from storage.models import Role


async def manage_periods(update: Update, context: HoiContext) -> None:
    """/kybaocao [PERIOD [DEADLINE]]: the periods, with buttons to open, close, reopen."""
    message = update.effective_message
    assert message is not None
    require_role(context.principal, Role.ADMIN)
    words = list(context.args or [])
    if words:
        await open_typed(message, context, words)
        return
    periods = await list_periods(context.session, open_only=False)
    lines = [_("<b>Reporting periods</b>")]
    rows = [[button(_("➕ Open a reporting period"), "po")]]
    for period in periods[:8]:
        if period.closed_at is None:
            state = _("open, due {deadline}").format(deadline=format_day(period.deadline))
            rows.append(
                [button(_("🔒 Close {period}").format(period=label(period)), "pc", period.id)]
            )
        else:
            state = _("closed")
            rows.append(
                [button(_("🔓 Reopen {period}").format(period=label(period)), "pr", period.id)]
            )
        lines.append(f"• {label(period)}: {state}")
    if not periods:
        lines.append(_("None yet."))
    await message.reply_text("\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))


async def press_close(update: Update, context: HoiContext) -> None:
    """Close a period: its figures are locked."""
    await _close_or_reopen(update, context, "pc", close=True)


async def press_reopen(update: Update, context: HoiContext) -> None:
    """Reopen a closed period: leads can correct again."""
    await _close_or_reopen(update, context, "pr", close=False)


async def _close_or_reopen(
    update: Update, context: HoiContext, action: str, *, close: bool
) -> None:
    query = update.callback_query
    assert query is not None
    principal = require_role(context.principal, Role.ADMIN)
    (period_id,) = callbacks.unpack(query.data, action, 1)
    period = await get_period(context.session, int(period_id))
    if period is None:
        raise callbacks.StaleButton(period_id)
    if close:
        await close_period(
            context.session, period, member_id=principal.member.id, now=datetime.now(UTC)
        )
        text = _("🔒 {period} is closed: its figures are locked.")
    else:
        period.closed_at = period.closed_by = None
        text = _("🔓 {period} is open again, due {deadline}.")
    await query.answer()
    await query.edit_message_text(
        text.format(period=html.escape(label(period)), deadline=format_day(period.deadline))
    )


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("kybaocao", manage_periods),
        CallbackQueryHandler(press_close, pattern=callbacks.pattern("pc")),
        CallbackQueryHandler(press_reopen, pattern=callbacks.pattern("pr")),
    ]
