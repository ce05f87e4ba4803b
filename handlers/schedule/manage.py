"""Leads and admins keep the calendar: add (/lichmoi), change (/lichsua), cancel (/lichhuy),
mark done (/lichxong), and the item card every list number opens.

Changing the time, the title or the place, and cancelling, tell the members concerned through
the outbox (see `bot.schedule.service`).
"""

from __future__ import annotations

import html
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
)

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.conversation import Waiting
from bot.people.access import Principal, require_role
from bot.periods.text import normalize
from bot.schedule.items import period_of
from bot.schedule.render import describe_period, shorten, status_mark
from bot.schedule.service import (
    can_manage,
    cancel_item,
    change_item,
    check_recurring,
    mark_done,
    require_manage,
)
from bot.text.i18n import N_, _
from handlers.schedule import importing as schedule_import
from handlers.schedule.drafts import drop_draft, save_draft, start_draft
from handlers.schedule.flow import (
    FIELD_LIMITS,
    abandon_row,
    audience_text,
    button,
    period_echo,
    read_period,
    start_add,
    start_confirm,
    take_text,
)
from handlers.schedule.view import member_units, require_member, today_in
from storage.models import DraftKind, ItemStatus, Role, ScheduleDraft, ScheduleItem
from storage.schedule import (
    audience_units,
    concerns,
    draft_payload,
    get_draft,
    get_item,
)

ONE_LINE_USAGE = N_(
    "Write it on one line: /lichmoi TIME | TITLE | PLACE | IN CHARGE (the last two may be left "
    "out), e.g.\n/lichmoi 19/5/2026 | Gặp mặt kỷ niệm ngày truyền thống | Hội trường tỉnh\n"
    "Start with “hằng năm” for an anniversary: /lichmoi hằng năm 19/5/2026 | Ngày truyền thống. "
    "Or send /lichmoi alone and I will ask step by step."
)
ITEM_USAGE = N_("Which item? Give its number, e.g. {example}. Numbers show as #12 in /lich.")


def _yearly(line: str) -> tuple[bool, str]:
    """Whether a one-line item starts with "hằng năm" (any spelling, "yearly"), and the rest."""
    words = line.split(maxsplit=2)
    if len(words) == 3 and normalize(" ".join(words[:2])) in ("hang nam", "moi nam"):
        return True, words[2]
    if len(words) > 1 and normalize(words[0]) == "yearly":
        return True, line.split(maxsplit=1)[1]
    return False, line


async def _item_for_lead(context: HoiContext, text: str, example: str) -> ScheduleItem:
    principal = require_role(context.principal, Role.LEAD)
    number = text.strip().lstrip("#")
    if not number.isdigit():
        raise UserError(ITEM_USAGE, example=example)
    item = await get_item(context.session, int(number))
    if item is None:
        raise UserError(N_("There is no item #{id}."), id=number)
    await require_manage(context.session, principal, item)
    return item


async def item_card(
    context: HoiContext, principal: Principal, item: ScheduleItem
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Everything about an item, with the keeping buttons for those who may keep it."""
    when = describe_period(period_of(item))
    lines = [f"📅 <b>{html.escape(shorten(item.title, 1000))}</b>{status_mark(item)}"]
    lines.append(
        _("When: {when}").format(when=html.escape(when)) + (" 🔁" if item.recurring else "")
    )
    if item.recurring:
        lines.append(_("Repeats every year."))
    if item.place:
        lines.append(_("Where: {place}").format(place=html.escape(item.place)))
    if item.responsible:
        who = html.escape(shorten(item.responsible, 500))
        lines.append(_("In charge: {who}").format(who=who))
    ids = [unit.id for unit in await audience_units(context.session, item.id)]
    concerned = await audience_text(context, item.audience, ids)
    lines.append(_("Concerns: {units}").format(units=html.escape(concerned)))
    if item.source_ref:
        lines.append(_("Source: {source}").format(source=html.escape(item.source_ref)))
    if item.details:
        lines += ["", html.escape(item.details[:2000])]
    if not await can_manage(context.session, principal, item):
        return "\n".join(lines), None
    lines.append(_("Item number: {id}").format(id=f"<code>#{item.id}</code>"))
    if item.status in (ItemStatus.CANCELLED, ItemStatus.DONE):
        return "\n".join(lines), None
    rows = [
        [
            button(_("🕒 Change time"), "le", item.id, "p"),
            button(_("✏️ Change title"), "le", item.id, "t"),
        ],
        [
            button(_("📍 Change place"), "le", item.id, "l"),
            button(_("✅ Mark done"), "le", item.id, "d"),
        ],
        [button(_("🚫 Cancel item"), "le", item.id, "c")],
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def open_item(update: Update, context: HoiContext) -> None:
    """Show an item from a list number, if it concerns the member or they keep it."""
    query = update.callback_query
    assert query is not None and query.message is not None
    principal = require_member(context)
    (item_id,) = callbacks.unpack(query.data, "li", 1)
    item = await get_item(context.session, int(item_id)) if item_id.isdigit() else None
    if item is None or not (
        await concerns(context.session, item.id, member_units(principal))
        or await can_manage(context.session, principal, item)
    ):
        raise callbacks.StaleButton(query.data)
    text, markup = await item_card(context, principal, item)
    await query.answer()
    await context.bot.send_message(query.message.chat.id, text, reply_markup=markup)


async def add_item(update: Update, context: HoiContext) -> None:
    """/lichmoi: the guided flow, or the one-line form."""
    message = update.effective_message
    assert message is not None and message.text is not None
    principal = require_role(context.principal, Role.LEAD)
    line = message.text.partition(" ")[2].strip()
    if not line:
        await start_add(context, message, principal)
        return
    yearly, line = _yearly(line)
    parts = [part.strip() for part in line.split("|")]
    if len(parts) < 2 or not parts[0] or not parts[1] or len(parts) > 4:
        raise UserError(ONE_LINE_USAGE)
    data: dict[str, object] = {"period": parts[0], "title": parts[1][:1000], "yearly": yearly}
    if len(parts) > 2 and parts[2]:
        data["place"] = parts[2][: FIELD_LIMITS["place"]]
    if len(parts) > 3 and parts[3]:
        data["resp"] = parts[3][: FIELD_LIMITS["resp"]]
    check_recurring(read_period(parts[0], today_in(context)), yearly)
    await start_confirm(context, message, principal, data)


async def change_command(update: Update, context: HoiContext) -> None:
    """/lichsua 12 opens the item's card; /lichsua 12 | 20/5/2026 moves it at once."""
    message = update.effective_message
    assert message is not None and message.text is not None
    number, _sep, when = message.text.partition(" ")[2].partition("|")
    item = await _item_for_lead(context, number, "/lichsua 12")
    principal = require_member(context)
    if not when.strip():
        text, markup = await item_card(context, principal, item)
        await message.reply_text(text, reply_markup=markup)
        return
    _refuse_closed(item)
    period = read_period(when.strip(), today_in(context))
    await message.reply_text(await _apply_change(context, principal, item, period=period))


def _refuse_closed(item: ScheduleItem) -> None:
    if item.status is ItemStatus.CANCELLED:
        raise UserError(N_("Item #{id} was cancelled; add a new one instead."), id=item.id)
    if item.status is ItemStatus.DONE:
        raise UserError(N_("Item #{id} is already done."), id=item.id)


async def _apply_change(
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


async def cancel_command(update: Update, context: HoiContext) -> None:
    """/lichhuy 12: ask before cancelling."""
    message = update.effective_message
    assert message is not None and message.text is not None
    item = await _item_for_lead(context, message.text.partition(" ")[2], "/lichhuy 12")
    _refuse_closed(item)
    text, markup = _cancel_question(item)
    await message.reply_text(text, reply_markup=markup)


def _cancel_question(item: ScheduleItem) -> tuple[str, InlineKeyboardMarkup]:
    text = _("Cancel <b>{title}</b> ({when})? The members concerned will be told.").format(
        title=html.escape(shorten(item.title, 160)),
        when=html.escape(describe_period(period_of(item))),
    )
    rows = [[button(_("🚫 Yes, cancel it"), "lc", item.id), button(_("No"), "lc", 0)]]
    return text, InlineKeyboardMarkup(rows)


async def done_command(update: Update, context: HoiContext) -> None:
    """/lichxong 12: mark an item done."""
    message = update.effective_message
    assert message is not None and message.text is not None
    item = await _item_for_lead(context, message.text.partition(" ")[2], "/lichxong 12")
    await message.reply_text(_done_text(item, await mark_done(context.session, item)))


def _done_text(item: ScheduleItem, changed: bool) -> str:
    if not changed:
        return _("Item #{id} is already closed ({state}).").format(
            id=item.id, state=status_mark(item).strip()
        )
    return _("✅ Item #{id} marked done.").format(id=item.id)


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
    _refuse_closed(item)
    await query.answer()
    chat = query.message.chat.id
    if what == "d":
        await context.bot.send_message(
            chat, _done_text(item, await mark_done(context.session, item))
        )
        return
    if what == "c":
        text, markup = _cancel_question(item)
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


async def _take_edit(update: Update, context: HoiContext, draft: ScheduleDraft) -> bool:
    message = update.effective_message
    assert message is not None and message.text is not None
    principal = require_member(context)
    item = await get_item(context.session, draft.item_id or 0)
    if item is None:
        await drop_draft(context, principal.member.id)
        return False
    await require_manage(context.session, principal, item)
    _refuse_closed(item)
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
        answer = await _apply_change(context, principal, item, title=text[:1000])
    else:
        place = "" if text == "-" else text[:255]
        answer = await _apply_change(context, principal, item, place=place)
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
    await query.edit_message_text(await _apply_change(context, principal, item, period=period))


async def take_answer(update: Update, context: HoiContext, waiting: Waiting) -> bool:
    """Text (or, after /nhaplich, a document) that answers a step of a calendar flow."""
    message, principal = update.effective_message, context.principal
    if message is None or principal is None:
        return False
    if message.document is not None:
        return await schedule_import.take_document(update, context)
    if message.text is None:
        return False
    draft = await get_draft(context.session, principal.member.id)
    if draft is None:
        return False
    if draft.kind is DraftKind.ADD:
        return await take_text(update, context, draft)
    if draft.kind is DraftKind.EDIT:
        return await _take_edit(update, context, draft)
    return await schedule_import.offer_pasted(update, context, draft)


async def take_pasted_table(update: Update, context: HoiContext) -> bool:
    """A key-task table an admin pasted without /nhaplich (it starts with the header)."""
    return await schedule_import.offer_pasted(update, context, None)


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("lichmoi", add_item),
        CommandHandler("lichsua", change_command),
        CommandHandler("lichhuy", cancel_command),
        CommandHandler("lichxong", done_command),
        CallbackQueryHandler(open_item, pattern=callbacks.pattern("li")),
        CallbackQueryHandler(edit_button, pattern=callbacks.pattern("le")),
        CallbackQueryHandler(cancel_button, pattern=callbacks.pattern("lc")),
        CallbackQueryHandler(period_button, pattern=callbacks.pattern("lp")),
    ]
