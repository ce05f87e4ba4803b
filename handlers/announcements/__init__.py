"""Announcements in the chat: /thongbao writes one, chooses its audience and time, sends it
and follows its progress (`command`); `flow` holds the steps of writing it."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.announcements.progress import PROGRESS_JOB
from bot.app import commands
from bot.app.commands import Command
from bot.app.jobs import register_job
from bot.conversation import Feature, register_feature
from bot.text.i18n import N_
from handlers.announcements import command, flow
from handlers.conversation.answers import on_answer
from storage.models import Role

COMMANDS = [
    Command(
        "thongbao",
        N_("Send an announcement to your units (/thongbao huy stops one)"),
        N_("/thongbao Họp chi hội lúc 8:00 thứ Hai"),
        Role.LEAD,
    ),
]


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the command, the job that keeps progress messages fresh, and the handlers."""
    for entry in COMMANDS:
        commands.register(entry)
    register_job(PROGRESS_JOB)
    # The draft stays when its wait goes stale; nothing is sent unless its sender confirms.
    register_feature(Feature("announce", N_("the announcement you were writing"), "/thongbao"))
    on_answer("announce", flow.answer)
    application.add_handlers(command.handlers())
