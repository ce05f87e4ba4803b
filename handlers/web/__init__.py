"""The office's dashboard from the chat: /bangtin opens it, /bangtin link logs a computer in."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.app import commands
from bot.app.commands import Command
from bot.text.i18n import N_
from handlers.web import opening
from storage.models import Role

COMMANDS = [
    Command(
        "bangtin",
        N_("Open the dashboard: reports, directives, announcements, units"),
        N_("/bangtin, or /bangtin link for a computer"),
        Role.LEAD,
    ),
]


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /bangtin and its menu entry."""
    for command in COMMANDS:
        commands.register(command)
    application.add_handlers(opening.handlers())
