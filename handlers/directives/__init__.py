"""Directives in the chat: publishing (/vanban), reading (/chidao), confirming, progress."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.app.commands import Command
from bot.app.commands import register as register_command
from bot.app.jobs import register_job
from bot.conversation import Feature, register_feature
from bot.directives.chasing import CHASE_JOB
from bot.text.i18n import N_
from handlers.conversation.answers import on_answer, on_unprompted
from handlers.directives import drafts, editing, listing, progress, reading, recipients
from storage.models import Role


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the commands, the chasing job and the handlers."""
    register_job(CHASE_JOB)
    # The draft stays when its wait goes stale: it is still listed, and may be finished.
    register_feature(Feature("directive", N_("the directive you were preparing"), "/vanban"))
    on_answer("directive", drafts.answer)
    on_unprompted(drafts.start_from_document)
    register_command(
        Command(
            "chidao",
            N_("Directives sent to you: list, search, progress"),
            N_("/chidao tìm thi đua"),
        )
    )
    register_command(
        Command(
            "vanban",
            N_("Publish a directive: send its file or paste its text"),
            N_("/vanban, then send the file"),
            Role.ADMIN,
        )
    )
    application.add_handlers(
        [
            *drafts.handlers(),
            *editing.handlers(),
            *recipients.handlers(),
            *listing.handlers(),
            *reading.handlers(),
            *progress.handlers(),
        ]
    )
