"""/thongbao: write an announcement, choose who gets it and when, preview, send; follow its
progress, stop it (/thongbao huy), resend what failed. For the office, and for leads
within their own units."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from sqlalchemy import select
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.announcements.audience import kinds_in_reach
from bot.announcements.progress import refresh
from bot.announcements.queueing import queue, topic
from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.scope import HoiContext
from bot.delivery import cancel, resend_failed
from bot.people.access import require_scope
from bot.people.roles import kind_name
from bot.text.folding import fold
from bot.text.formatting import format_moment
from bot.text.i18n import N_, _, gettext
from handlers.announcements.flow import (
    ask_audience,
    ask_time,
    audience_keyboard,
    card,
    home_unit,
    own_announcement,
    require_sender,
    send_preview,
    set_content,
)
from handlers.buttons import button
from handlers.buttons.unit_picker import Picker, show_units
from handlers.conversation.waiting import expect, stop
from storage.models import Announcement, AnnouncementState, Audience, Role, Unit, UnitKind, UnitLink

KINDS = list(UnitKind)


async def start(update: Update, context: HoiContext) -> None:
    """Begin an announcement (/thongbao [text]), or stop one (/thongbao huy)."""
    message = update.effective_message
    assert message is not None
    principal = require_sender(context)
    args = context.args or []
    if args and fold(args[0]) in ("huy", "dung", "cancel", "stop") and len(args) == 1:
        await _cancel_command(update, context)
        return
    now = datetime.now(UTC)
    announcement = Announcement(
        author_id=principal.member.id, created_at=now, updated_at=now, text=""
    )
    context.session.add(announcement)
    await context.session.flush()
    if args:
        text_html = (message.text_html or "").split(maxsplit=1)[1]
        set_content(announcement, message, text_html)
        await ask_audience(message, context, announcement)
        return
    await expect(context, principal.member.id, "announce", "content", announcement.id)
    await message.reply_text(
        _(
            "✍️ Send the announcement: type the text, or forward a message with its photo "
            "or file.\nTip: /thongbao followed by the text skips this step."
        ),
        reply_markup=InlineKeyboardMarkup(
            [[button(gettext("✖️ Cancel"), "an", announcement.id, "drop")]]
        ),
    )


async def _cancel_command(update: Update, context: HoiContext) -> None:
    message = update.effective_message
    assert message is not None
    principal = require_sender(context)
    await stop(context, principal.member.id, "announce")
    query = select(Announcement).where(
        Announcement.author_id == principal.member.id,
        Announcement.state == AnnouncementState.QUEUED,
    )
    going = list((await context.session.execute(query.order_by(Announcement.id))).scalars())
    if not going:
        await message.reply_text(_("You have no announcement waiting to be sent."))
        return
    if len(going) == 1:
        text = await _stop(context, going[0])
        await message.reply_text(text)
        return
    tz = context.settings.tz
    rows = [
        [
            button(
                gettext("⏹ #{number} (queued {time})").format(
                    number=a.id, time=format_moment(a.queued_at or a.created_at, tz)
                ),
                "an",
                a.id,
                "stop",
            )
        ]
        for a in going
    ]
    await message.reply_text(
        _("Which announcement should be stopped?"), reply_markup=InlineKeyboardMarkup(rows)
    )


async def _stop(context: HoiContext, announcement: Announcement) -> str:
    """Cancel what has not gone yet; returns the final summary."""
    now = datetime.now(UTC)
    await cancel(context.session, topic(announcement.id))
    announcement.state = AnnouncementState.CANCELLED
    announcement.finished_at = now
    await refresh(context.session, context.bot, context.settings, announcement, now)
    return announcement.progress_text or ""


async def press(update: Update, context: HoiContext) -> None:
    """A button of the announcement being written, or of its progress message."""
    query = update.callback_query
    assert query is not None
    raw_number, op = callbacks.unpack(query.data, "an", 2)
    number = callbacks.number(raw_number, query.data)
    if op == "stop":
        announcement = await own_announcement(context, number, AnnouncementState.QUEUED)
        await query.answer()
        text = await _stop(context, announcement)
        if announcement.progress_message_id != (
            query.message.message_id if query.message else None
        ):
            await query.edit_message_text(html.escape(text))
        return
    if op == "retry":
        announcement = await own_announcement(context, number, AnnouncementState.DONE)
        now = datetime.now(UTC)
        count = await resend_failed(context.session, topic(announcement.id))
        announcement.state, announcement.finished_at = AnnouncementState.QUEUED, None
        await query.answer(gettext("{count} messages will be sent again.").format(count=count))
        await refresh(context.session, context.bot, context.settings, announcement, now)
        return
    announcement = await own_announcement(context, number, AnnouncementState.DRAFT)
    principal = require_sender(context)
    home = await home_unit(context, principal)
    if op in ("everyone", "leads"):
        announcement.audience = Audience.EVERYONE if op == "everyone" else Audience.LEADS
        announcement.audience_unit_id = home.id
        await _preview(update, context, announcement)
    elif op == "kind":
        units = await context.session.execute(
            select(Unit.kind)
            .join(UnitLink, UnitLink.descendant_id == Unit.id)
            .where(UnitLink.ancestor_id == home.id)
            .distinct()
        )
        offered = kinds_in_reach([kind for (kind,) in units])
        rows = [
            [button(kind_name(kind), "ank", announcement.id, KINDS.index(kind))] for kind in offered
        ]
        rows.append([button(gettext("↩️ Back"), "an", announcement.id, "aud")])
        await query.answer()
        await query.edit_message_text(
            _("Every unit of which kind?"), reply_markup=InlineKeyboardMarkup(rows)
        )
    elif op == "aud":
        await query.answer()
        markup = await audience_keyboard(context, announcement)
        await query.edit_message_text(_("Who should receive it?"), reply_markup=markup)
    elif op == "time":
        await ask_time(update, context, announcement)
    elif op in ("now", "urgent", "card"):
        if op == "now":
            announcement.send_at = None
        elif op == "urgent":
            announcement.urgent = not announcement.urgent
        await stop(context, principal.member.id, "announce")
        await _show_card(update, context, announcement)
    elif op == "drop":
        announcement.state = AnnouncementState.DISCARDED
        await stop(context, principal.member.id, "announce")
        await query.answer()
        await query.edit_message_text(_("The announcement was cancelled. Nothing was sent."))
    elif op == "send":
        await _send(update, context, announcement, home)
    else:
        raise callbacks.StaleButton(query.data)


async def _show_card(update: Update, context: HoiContext, announcement: Announcement) -> None:
    query = update.callback_query
    assert query is not None
    text, markup = await card(context, announcement)
    await query.answer()
    await query.edit_message_text(text, reply_markup=markup)


async def _preview(update: Update, context: HoiContext, announcement: Announcement) -> None:
    """The audience is chosen: show the message as members will see it, then the summary."""
    query = update.callback_query
    assert query is not None and isinstance(query.message, Message)
    await query.answer()
    await query.edit_message_reply_markup(None)
    await send_preview(query.message, context, announcement)
    text, markup = await card(context, announcement)
    await query.message.reply_text(text, reply_markup=markup)


async def choose_kind(update: Update, context: HoiContext) -> None:
    query = update.callback_query
    assert query is not None
    number, index = callbacks.unpack_ids(query.data, "ank", 2)
    announcement = await own_announcement(context, number, AnnouncementState.DRAFT)
    if index >= len(KINDS):
        raise callbacks.StaleButton(query.data)
    home = await home_unit(context, require_sender(context))
    announcement.audience, announcement.audience_kind = Audience.KIND, KINDS[index].value
    announcement.audience_unit_id = home.id
    await _preview(update, context, announcement)


async def browse_units(update: Update, context: HoiContext) -> None:
    query = update.callback_query
    assert query is not None
    number, node, page = callbacks.unpack_ids(query.data, "anb", 3)
    announcement = await own_announcement(context, number, AnnouncementState.DRAFT)
    principal = require_sender(context)
    roots = None if principal.has_role(Role.ADMIN) else principal.units_with_role(Role.LEAD)
    picker = Picker(announcement.id, "anb", "anp", roots)
    back = button(gettext("↩️ Back"), "an", announcement.id, "aud")
    await show_units(update, context.session, picker, node, page, back)


async def pick_unit(update: Update, context: HoiContext) -> None:
    """A unit is chosen as the audience; a lead may only choose within their own units."""
    query = update.callback_query
    assert query is not None
    number, unit_id = callbacks.unpack_ids(query.data, "anp", 2)
    announcement = await own_announcement(context, number, AnnouncementState.DRAFT)
    principal = require_sender(context)
    if not principal.has_role(Role.ADMIN):
        await require_scope(context.session, principal, unit_id)
    announcement.audience, announcement.audience_unit_id = Audience.SUBTREE, unit_id
    await _preview(update, context, announcement)


async def _send(
    update: Update, context: HoiContext, announcement: Announcement, home: Unit
) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    principal = require_sender(context)
    if announcement.audience is None:
        raise UserError(N_("Please choose who should receive it first."))
    if announcement.audience_unit_id and not principal.has_role(Role.ADMIN):
        await require_scope(context.session, principal, announcement.audience_unit_id)
    now = datetime.now(UTC)
    queued = await queue(context.session, announcement, context.settings, now, home.name)
    if queued == 0:
        raise UserError(N_("Nobody in this audience can be reached."))
    announcement.progress_chat_id = query.message.chat.id
    announcement.progress_message_id = query.message.message_id
    await query.answer(gettext("Sending to {count} people.").format(count=queued))
    await refresh(context.session, context.bot, context.settings, announcement, now)


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("thongbao", start),
        CallbackQueryHandler(press, pattern=callbacks.pattern("an")),
        CallbackQueryHandler(choose_kind, pattern=callbacks.pattern("ank")),
        CallbackQueryHandler(browse_units, pattern=callbacks.pattern("anb")),
        CallbackQueryHandler(pick_unit, pattern=callbacks.pattern("anp")),
    ]
