"""Inline buttons whose callback data is packed by bot.app.callbacks."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.app import callbacks


def button(label: str, action: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.pack(action, *args))
