"""What a person who has not joined yet is told, wherever they write; and, in a group, that
joining and personal answers happen in the bot's private chat."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.text.i18n import _

# What Telegram passes on in a deep link's ?start= (and so what an invite code is made of).
_START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")


def join_keyboard() -> ReplyKeyboardMarkup:
    button = KeyboardButton(_("📱 Share my phone number"), request_contact=True)
    return ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)


def stranger_text() -> str:
    return _(
        "Hello! I am the assistant of the association.\n\n"
        "To join, open the invite link your chapter lead sent you, "
        "or tap <b>Share my phone number</b> below if your chapter has registered your number.\n\n"
        "If you have neither, please ask your chapter lead or the association office."
    )


def private_chat_link(username: str, start: str = "") -> str:
    """The link that opens the bot's private chat; with `start`, a deep link that sends
    /start `start` there (an invite code goes on as it was typed)."""
    link = f"https://t.me/{username}"
    return f"{link}?start={start}" if _START_PARAMETER.fullmatch(start) else link


def private_chat_keyboard(username: str, start: str = "") -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(
        _("Write to me privately"), url=private_chat_link(username, start)
    )
    return InlineKeyboardMarkup([[button]])


def write_privately_text(joining: bool) -> str:
    """What the bot says in a group instead of binding anyone or showing their details."""
    if joining:
        return _("To join, please write to me privately: tap the button below.")
    return _(
        "I answer this in a private chat only, so that your details are not shown to the "
        "group: tap the button below."
    )
