"""What nothing else matched: a hint instead of silence, a polite answer to stale buttons."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    filters,
)

from bot.app.scope import HoiContext
from bot.people.joining import join_keyboard, stranger_text
from bot.text.i18n import _
from storage.people.members import set_reachable


async def hint(update: Update, context: HoiContext) -> None:
    """Answer text or a command we do not know with a short pointer to /help."""
    message = update.effective_message
    if message is None:
        return
    if context.principal is None:
        await message.reply_text(stranger_text(), reply_markup=join_keyboard())
        return
    if message.text and message.text.startswith("/"):
        await message.reply_text(_("I do not know that command. Send /help to see the list."))
        return
    await message.reply_text(
        _("I did not understand. Send /help to see what I can do, or tap a button in the menu.")
    )


async def stale_button(update: Update, context: HoiContext) -> None:
    """A button from an old message, or one we do not know."""
    query = update.callback_query
    assert query is not None
    await query.answer(
        _("This button is no longer valid. Please send the command again."), show_alert=True
    )


async def track_blocking(update: Update, context: HoiContext) -> None:
    """Mark a member unreachable when they block the bot, reachable when they come back."""
    change = update.my_chat_member
    if change is None or context.principal is None:
        return
    status = change.new_chat_member.status
    reachable = status not in (ChatMember.BANNED, ChatMember.LEFT)
    await set_reachable(context.session, change.from_user.id, reachable)


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        ChatMemberHandler(track_blocking, ChatMemberHandler.MY_CHAT_MEMBER),
        CallbackQueryHandler(stale_button),
        MessageHandler(filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, hint),
    ]
