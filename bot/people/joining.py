"""What a person who has not joined yet is told, wherever they write."""

from __future__ import annotations

from telegram import KeyboardButton, ReplyKeyboardMarkup

from bot.text.i18n import _


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
