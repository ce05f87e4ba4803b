"""Inline buttons of the figures screens: a label, and an action with its arguments packed
into the callback data (see `bot.app.callbacks`)."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.app import callbacks


def button(text: str, action: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callbacks.pack(action, *args))
