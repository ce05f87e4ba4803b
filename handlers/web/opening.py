"""/bangtin: a button that opens the dashboard inside Telegram (a Mini App), and with "link"
a one-time link for a computer's browser. Leads and admins only, in the private chat only:
a link in a group would let anyone there in."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
    WebAppInfo,
)
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.app.commands import drop_stale_dashboard_button, set_dashboard_button
from bot.app.errors import NotAllowed
from bot.app.scope import HoiContext
from bot.people.access import require_role
from bot.people.joining import private_chat_keyboard, write_privately_text
from bot.text.i18n import _
from bot.web.links import LINK_LIFETIME, new_link
from storage.models import Role

_LINK_WORDS = {"link", "lienket", "liên kết", "liênkết", "maytinh", "máy tính"}


async def open_dashboard(update: Update, context: HoiContext) -> None:
    """Give a lead or an admin the dashboard: a button, or with "link" a one-time link."""
    message = update.effective_message
    assert message is not None
    try:
        principal = require_role(context.principal, Role.LEAD)
    except NotAllowed:
        # Someone whose lead role went may still have the menu button that opens it.
        await drop_stale_dashboard_button(context.bot, message.chat_id, context.scope.locale)
        raise
    settings = context.settings
    if not settings.web_url:
        await message.reply_text(
            _(
                "The dashboard is not turned on for this bot yet. Please ask the person who "
                "runs the bot (setting HOIBOT_WEB_URL)."
            )
        )
        return
    if " ".join(context.args or []).lower() in _LINK_WORDS:
        link = await new_link(
            context.session, settings.web_url, principal.member.id, datetime.now(UTC)
        )
        await message.reply_text(
            _(
                "Open this link in your computer's browser. It works once, for {minutes} "
                "minutes; do not give it to anyone.\n{link}"
            ).format(minutes=int(LINK_LIFETIME.total_seconds() // 60), link=link),
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )
        return
    button = InlineKeyboardButton(
        _("📊 Open the dashboard"), web_app=WebAppInfo(settings.dashboard_url)
    )
    await message.reply_text(
        _(
            "The dashboard shows the reports, directives, announcements and units you look "
            "after. Press the button below (it is also on the menu button beside the text "
            "box). On a computer without Telegram's app: /bangtin link"
        ),
        reply_markup=InlineKeyboardMarkup([[button]]),
    )
    await set_dashboard_button(
        context.bot, message.chat_id, context.scope.locale, settings.dashboard_url
    )


async def ask_privately(update: Update, context: HoiContext) -> None:
    """In a group: the dashboard is personal; ask the person to write to the bot privately."""
    message = update.effective_message
    if message is None:
        return
    username = context.settings.bot_username
    await message.reply_text(
        write_privately_text(False),
        reply_markup=private_chat_keyboard(username, "") if username else None,
    )


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("bangtin", open_dashboard, filters=private),
        CommandHandler("bangtin", ask_privately, filters=~private),
    ]
