"""Closing an item: cancel it (/lichhuy, asked once more; members are told) or mark it done
(/lichxong)."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.schedule.items import period_of
from bot.schedule.render import describe_period, shorten, status_mark
from bot.schedule.service import cancel_item, mark_done, require_manage
from bot.text.i18n import N_, _
from handlers.schedule.card import item_for_lead
from handlers.schedule.flow import button
from handlers.schedule.view import require_member
from storage.models import ItemStatus, ScheduleItem
from storage.schedule import get_item


def refuse_closed(item: ScheduleItem) -> None:
    if item.status is ItemStatus.CANCELLED:
        raise UserError(N_("Item #{id} was cancelled; add a new one instead."), id=item.id)
    if item.status is ItemStatus.DONE:
        raise UserError(N_("Item #{id} is already done."), id=item.id)


async def cancel_command(update: Update, context: HoiContext) -> None:
    """/lichhuy 12: ask before cancelling."""
    message = update.effective_message
    assert message is not None and message.text is not None
    item = await item_for_lead(context, message.text.partition(" ")[2], "/lichhuy 12")
    refuse_closed(item)
    text, markup = cancel_question(item)
    await message.reply_text(text, reply_markup=markup)


def cancel_question(item: ScheduleItem) -> tuple[str, InlineKeyboardMarkup]:
    text = _("Cancel <b>{title}</b> ({when})? The members concerned will be told.").format(
        title=html.escape(shorten(item.title, 160)),
        when=html.escape(describe_period(period_of(item))),
    )
    rows = [[button(_("🚫 Yes, cancel it"), "lc", item.id), button(_("No"), "lc", 0)]]
    return text, InlineKeyboardMarkup(rows)


async def cancel_button(update: Update, context: HoiContext) -> None:
    """The answer to "cancel this item?"."""
    query = update.callback_query
    assert query is not None
    principal = require_member(context)
    (item_id,) = callbacks.unpack(query.data, "lc", 1)
    if item_id == "0":
        await query.answer()
        await query.edit_message_text(_("Nothing was changed."))
        return
    item = await get_item(context.session, int(item_id)) if item_id.isdigit() else None
    if item is None:
        raise callbacks.StaleButton(query.data)
    await require_manage(context.session, principal, item)
    cancelled = await cancel_item(context.session, item, actor_id=principal.member.id)
    await query.answer()
    if not cancelled:
        await query.edit_message_text(_("Item #{id} was already cancelled.").format(id=item.id))
        return
    await query.edit_message_text(
        _("🚫 Item #{id} cancelled: {title}. The members concerned will be told.").format(
            id=item.id, title=html.escape(shorten(item.title, 160))
        )
    )


async def done_command(update: Update, context: HoiContext) -> None:
    """/lichxong 12: mark an item done."""
    message = update.effective_message
    assert message is not None and message.text is not None
    item = await item_for_lead(context, message.text.partition(" ")[2], "/lichxong 12")
    await message.reply_text(done_text(item, await mark_done(context.session, item)))


def done_text(item: ScheduleItem, changed: bool) -> str:
    if not changed:
        return _("Item #{id} is already closed ({state}).").format(
            id=item.id, state=status_mark(item).strip()
        )
    return _("✅ Item #{id} marked done.").format(id=item.id)
