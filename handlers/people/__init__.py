"""People in the chat: joining (/start, a shared phone number) and their profile (/toi,
/help, /ngonngu)."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from handlers.people import joining, profile


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the handlers of joining and of the profile."""
    application.add_handlers([*joining.handlers(), *profile.handlers()])
