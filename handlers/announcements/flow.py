"""The steps of writing an announcement: its content, its audience, its time, the preview.

Each step is stored on the announcement's row (and the question awaited in `prompts`),
so a restart in the middle loses nothing.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

from telegram import InlineKeyboardMarkup, Message, Update

from bot.announcements import audience as audiences
from bot.announcements.queueing import message_text, release_time
from bot.announcements.timing import parse_send_time
from bot.app.errors import NotAllowed, UserError
from bot.app.scope import HoiContext
from bot.conversation import Waiting
from bot.people.access import Principal
from bot.text.formatting import format_moment, format_number
from bot.text.i18n import N_, _, gettext
from bot.text.moments import format_release
from handlers.buttons import button
from handlers.conversation.waiting import expect, stop
from storage.models import Announcement, AnnouncementState, Role, Unit
from storage.people.audience import count_recipients
from storage.people.units import get_root, get_unit

_TAG = re.compile(r"<[^>]+>")
_CAPTION = 1024
_TEXT = 4096
# A send held back by less than this is not worth a word about quiet hours.
_SLACK = timedelta(seconds=1)


def require_sender(context: HoiContext) -> Principal:
    principal = context.principal
    if principal is None or not principal.has_role(Role.LEAD):
        raise NotAllowed(N_("Sorry, this command is for a chapter lead or the central office."))
    return principal


async def home_unit(context: HoiContext, principal: Principal) -> Unit:
    """The unit an announcement comes from, and whose subtree "everyone" means."""
    if principal.has_role(Role.ADMIN):
        root = await get_root(context.session)
    else:
        root = await get_unit(context.session, principal.units_with_role(Role.LEAD)[0])
    if root is None:
        raise UserError(N_("The association has no units yet."))
    return root


async def own_announcement(
    context: HoiContext, announcement_id: int, *states: AnnouncementState
) -> Announcement:
    principal = require_sender(context)
    found = await context.session.get(Announcement, announcement_id)
    if found is None or found.author_id != principal.member.id:
        raise UserError(N_("This announcement is not yours, or it no longer exists."))
    if states and found.state not in states:
        raise UserError(N_("This announcement can no longer be changed."))
    return found


def set_content(announcement: Announcement, message: Message, text_html: str | None) -> None:
    """Take the text, or the photo or file with its caption, of the sender's message."""
    announcement.media_kind = announcement.media_file_id = announcement.media_name = None
    if message.photo:
        announcement.media_kind, announcement.media_file_id = "photo", message.photo[-1].file_id
        announcement.text = message.caption_html or ""
    elif message.document is not None:
        announcement.media_kind = "document"
        announcement.media_file_id = message.document.file_id
        announcement.media_name = message.document.file_name
        announcement.text = message.caption_html or ""
    elif text_html:
        announcement.text = text_html
    else:
        raise UserError(
            N_("Please send text, a photo or a file. Other kinds of message cannot be sent yet.")
        )
    announcement.updated_at = datetime.now(UTC)


async def audience_keyboard(
    context: HoiContext, announcement: Announcement
) -> InlineKeyboardMarkup:
    principal = require_sender(context)
    home = await home_unit(context, principal)
    admin = principal.has_role(Role.ADMIN)
    everyone = gettext("👥 All members") if admin else gettext("👥 Everyone in {unit}")
    number = announcement.id
    rows = [
        [button(everyone.format(unit=home.name)[:60], "an", number, "everyone")],
        [button(gettext("🏢 One unit and the units beneath it"), "anb", number, 0, 0)],
        [button(gettext("🗂 Every unit of a kind"), "an", number, "kind")],
        [button(gettext("⭐ Leads only"), "an", number, "leads")],
        [button(gettext("✖️ Cancel"), "an", number, "drop")],
    ]
    return InlineKeyboardMarkup(rows)


async def ask_audience(message: Message, context: HoiContext, announcement: Announcement) -> None:
    markup = await audience_keyboard(context, announcement)
    await message.reply_text(_("Who should receive it?"), reply_markup=markup)


async def answer(update: Update, context: HoiContext, waiting: Waiting) -> bool:
    """The sender's message for the step the bot asked about: the content, or the time."""
    message = update.effective_message
    assert message is not None
    found = await context.session.get(Announcement, (waiting.draft_id or 0))
    if found is None or found.state is not AnnouncementState.DRAFT:
        await stop(context, waiting.member_id)
        return False
    if waiting.step == "content":
        set_content(found, message, message.text_html if message.text else None)
        await stop(context, waiting.member_id)
        await ask_audience(message, context, found)
        return True
    if not message.text:
        raise UserError(N_("Please type the time, for example 19:30 or 7:00 25/12."))
    found.send_at = parse_send_time(message.text, datetime.now(UTC), context.settings.tz)
    await stop(context, waiting.member_id)
    await send_preview_card(message, context, found)
    return True


async def ask_time(update: Update, context: HoiContext, announcement: Announcement) -> None:
    query = update.callback_query
    assert query is not None
    await expect(context, announcement.author_id or 0, "announce", "time", announcement.id)
    rows = [
        [button(gettext("Send as soon as confirmed"), "an", announcement.id, "now")],
        [button(gettext("↩️ Back"), "an", announcement.id, "card")],
    ]
    await query.answer()
    await query.edit_message_text(
        _(
            "🕒 When should it go? Type a time, for example: 19:30 (today), "
            "7:00 25/12, or 25/12/2026 7:00."
        ),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def send_preview(message: Message, context: HoiContext, announcement: Announcement) -> None:
    """Show the sender exactly what members will receive."""
    principal = require_sender(context)
    home = await home_unit(context, principal)
    text = message_text(announcement, home.name)
    await message.reply_text(_("👀 Preview: members will receive this message."))
    if announcement.media_file_id:
        caption = text if len(_TAG.sub("", text)) <= _CAPTION else None
        if announcement.media_kind == "photo":
            await message.reply_photo(announcement.media_file_id, caption=caption)
        else:
            await message.reply_document(announcement.media_file_id, caption=caption)
        if caption is not None:
            return
    if len(_TAG.sub("", text)) <= _TEXT:
        await message.reply_text(text)
        return
    plain = html.unescape(_TAG.sub("", text))
    for start in range(0, len(plain), _TEXT):
        await message.reply_text(html.escape(plain[start : start + _TEXT]))


async def card(context: HoiContext, announcement: Announcement) -> tuple[str, InlineKeyboardMarkup]:
    """The summary before sending: audience and its size, time, urgency; and the buttons."""
    principal = require_sender(context)
    home = await home_unit(context, principal)
    unit = await get_unit(context.session, announcement.audience_unit_id or home.id)
    who = audiences.describe(
        announcement, unit.name if unit else "?", principal.has_role(Role.ADMIN) and unit == home
    )
    total, reachable = await count_recipients(
        context.session, audiences.selectors(announcement), exclude_member=announcement.author_id
    )
    now = datetime.now(UTC)
    settings = context.settings
    release = release_time(announcement, settings, now)
    when = (
        gettext("at {time}").format(time=format_moment(announcement.send_at, settings.tz))
        if announcement.send_at
        else gettext("as soon as you confirm")
    )
    lines = [
        "📣 <b>"
        + html.escape(gettext("Announcement #{number}").format(number=announcement.id))
        + "</b>",
        html.escape(gettext("To: {who}").format(who=who)),
        html.escape(
            gettext("{total} people; {reachable} can be reached on Telegram.").format(
                total=format_number(total), reachable=format_number(reachable)
            )
        ),
        html.escape(gettext("When: {when}").format(when=when)),
    ]
    if release > (announcement.send_at or now) + _SLACK:
        lines.append(
            "🌙 "
            + html.escape(
                gettext("That is in quiet hours: it will go at {time}.").format(
                    time=format_release(release, now, settings.tz)
                )
            )
        )
    if announcement.urgent:
        lines.append("🚨 " + html.escape(gettext("Urgent: sent even in quiet hours.")))
    number = announcement.id
    rows = []
    if reachable:
        rows.append([button(gettext("✅ Send"), "an", number, "send")])
    else:
        lines.append("⚠️ " + html.escape(gettext("Nobody in this audience can be reached.")))
    urgent = gettext("🚨 Not urgent") if announcement.urgent else gettext("🚨 Mark as urgent")
    rows += [
        [
            button(gettext("🕒 Choose a time"), "an", number, "time"),
            button(urgent, "an", number, "urgent"),
        ],
        [
            button(gettext("👥 Change recipients"), "an", number, "aud"),
            button(gettext("✖️ Cancel"), "an", number, "drop"),
        ],
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def send_preview_card(
    message: Message, context: HoiContext, announcement: Announcement
) -> None:
    text, markup = await card(context, announcement)
    await message.reply_text(text, reply_markup=markup)
