"""Changing an item: its time, title or place (/lichsua, or the card's buttons); the members
concerned are told."""

from __future__ import annotations

import html
from typing import Any

from telegram import InlineKeyboardMarkup, Update

from bot.app import callbacks
from bot.app.scope import HoiContext
from bot.people.access import Principal
from bot.schedule.items import period_of
from bot.schedule.render import describe_period, shorten
from bot.schedule.service import change_item, mark_done, require_manage
from bot.text.i18n import _
from handlers.schedule.card import item_card, item_for_lead
from handlers.schedule.closing import cancel_question, done_text, refuse_closed
from handlers.schedule.drafts import drop_draft, save_draft, start_draft
from handlers.schedule.flow import abandon_row, button, period_echo, read_period
from handlers.schedule.view import require_member, today_in
from storage.models import DraftKind, ScheduleDraft, ScheduleItem
from storage.schedule import draft_payload, get_draft, get_item


async def change_command(update: Update, context: HoiContext) -> None:
    """/lichsua 12 opens the item's card; /lichsua 12 | 20/5/2026 moves it at once."""
    message = update.effective_message
    assert message is not None and message.text is not None
    number, _sep, when = message.text.partition(" ")[2].partition("|")
    item = await item_for_lead(context, number, "/lichsua 12")
    principal = require_member(context)
    if not when.strip():
        text, markup = await item_card(context, principal, item)
        await message.reply_text(text, reply_markup=markup)
        return
    refuse_closed(item)
    period = read_period(when.strip(), today_in(context))
    await message.reply_text(await apply_change(context, principal, item, period=period))


async def apply_change(
    context: HoiContext, principal: Principal, item: ScheduleItem, **fields: Any
) -> str:
    """Change the item; the answer says what it is now, and whether members will be told."""
    notice = await change_item(context.session, item, actor_id=principal.member.id, **fields)
    text = _("✅ Item #{id} changed: {title} — {when}.").format(
        id=item.id,
        title=html.escape(shorten(item.title, 120)),
        when=html.escape(describe_period(period_of(item))),
    )
    if notice is not None:
        text += " " + _("The members concerned will be told.")
    return text


async def edit_button(update: Update, context: HoiContext) -> None:
    """A keeping button of an item card."""
    query = update.callback_query
    assert query is not None and query.message is not None
    principal = require_member(context)
    item_id, what = callbacks.unpack(query.data, "le", 2)
    item = await get_item(context.session, int(item_id)) if item_id.isdigit() else None
    if item is None or what not in ("p", "t", "l", "d", "c"):
        raise callbacks.StaleButton(query.data)
    await require_manage(context.session, principal, item)
    refuse_closed(item)
    await query.answer()
    chat = query.message.chat.id
    if what == "d":
        await context.bot.send_message(
            chat, done_text(item, await mark_done(context.session, item))
        )
        return
    if what == "c":
        text, markup = cancel_question(item)
        await context.bot.send_message(chat, text, reply_markup=markup)
        return
    step = {"p": "period", "t": "title", "l": "place"}[what]
    await start_draft(context, principal.member.id, DraftKind.EDIT, step, {}, item_id=item.id)
    prompts = {
        "period": _("Send the new time for <b>{title}</b>, e.g. 20/5/2026 or 8h00 ngày 20/5/2026."),
        "title": _("Send the new title for <b>{title}</b>."),
        "place": _("Send the new place for <b>{title}</b> (or “-” to clear it)."),
    }
    await context.bot.send_message(
        chat,
        prompts[step].format(title=html.escape(shorten(item.title, 160))),
        reply_markup=InlineKeyboardMarkup([abandon_row()]),
    )


async def take_edit(update: Update, context: HoiContext, draft: ScheduleDraft) -> bool:
    message = update.effective_message
    assert message is not None and message.text is not None
    principal = require_member(context)
    item = await get_item(context.session, draft.item_id or 0)
    if item is None:
        await drop_draft(context, principal.member.id)
        return False
    await require_manage(context.session, principal, item)
    refuse_closed(item)
    text = " ".join(message.text.split())
    if draft.step == "period":
        period = read_period(text, today_in(context))
        await save_draft(context, draft, "period_ok", {"period": text})
        echo, _markup = period_echo(period, today_in(context), item.recurring)
        rows = [
            [
                button(_("✅ Yes"), "lp", item.id, "ok"),
                button(_("✏️ Type it again"), "lp", item.id, "re"),
            ]
        ]
        await message.reply_text(echo, reply_markup=InlineKeyboardMarkup([*rows, abandon_row()]))
        return True
    if draft.step not in ("title", "place"):
        return False
    await drop_draft(context, principal.member.id)
    if draft.step == "title":
        answer = await apply_change(context, principal, item, title=text[:1000])
    else:
        place = "" if text == "-" else text[:255]
        answer = await apply_change(context, principal, item, place=place)
    await message.reply_text(answer)
    return True


async def period_button(update: Update, context: HoiContext) -> None:
    """Confirm (or retype) the new time of an item being changed."""
    query = update.callback_query
    assert query is not None and query.message is not None
    principal = require_member(context)
    item_id, answer = callbacks.unpack(query.data, "lp", 2)
    draft = await get_draft(context.session, principal.member.id)
    if (
        draft is None
        or draft.kind is not DraftKind.EDIT
        or draft.step != "period_ok"
        or str(draft.item_id) != item_id
        or answer not in ("ok", "re")
    ):
        raise callbacks.StaleButton(query.data)
    item = await get_item(context.session, int(item_id))
    if item is None:
        raise callbacks.StaleButton(query.data)
    await require_manage(context.session, principal, item)
    await query.answer()
    if answer == "re":
        await save_draft(context, draft, "period", {})
        await query.edit_message_text(_("Send the time again."))
        return
    period = read_period(draft_payload(draft)["period"], today_in(context))
    await drop_draft(context, principal.member.id)
    await query.edit_message_text(await apply_change(context, principal, item, period=period))
