"""An item's card: everything about it, with the keeping buttons for those who may keep it;
and the item a lead names by its number."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update

from bot.app import callbacks
from bot.app.arguments import record_number
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.people.access import Principal, require_role
from bot.schedule.items import period_of
from bot.schedule.render import describe_period, shorten, status_mark
from bot.schedule.service import can_manage, require_manage
from bot.text.i18n import N_, _
from handlers.schedule.flow import audience_text, button
from handlers.schedule.view import member_units, require_member
from storage.models import ItemStatus, Role, ScheduleItem
from storage.schedule import audience_units, concerns, get_item

ITEM_USAGE = N_("Which item? Give its number, e.g. {example}. Numbers show as #12 in /lich.")


async def item_for_lead(context: HoiContext, text: str, example: str) -> ScheduleItem:
    principal = require_role(context.principal, Role.LEAD)
    number = record_number(text)
    if number is None:
        raise UserError(ITEM_USAGE, example=example)
    item = await get_item(context.session, number)
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
