"""Inline buttons whose callback data is packed by bot.app.callbacks, and the guard that
checks every press before any feature sees it."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton
from telegram.ext import Application

from bot.app import callbacks
from handlers.buttons import guard


def button(label: str, action: str, *args: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=callbacks.pack(action, *args))


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The guard runs before every other handler group."""
    application.add_handlers(guard.handlers(), group=guard.GROUP)
