"""Directives in the chat: publishing (/vanban), reading (/chidao), confirming, progress."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from bot.background import register_job
from bot.commands import Command, register
from bot.directives.chasing import CHASE_JOB
from bot.i18n import N_
from bot.scope import HoiContext
from handlers import (
    directive_drafts,
    directive_editing,
    directive_list,
    directive_progress,
    directive_reading,
    directive_recipients,
)
from storage.models import Role


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    register_job(CHASE_JOB)
    register(
        Command(
            "chidao",
            N_("Directives sent to you: list, search, progress"),
            N_("/chidao tìm thi đua"),
        )
    )
    register(
        Command(
            "vanban",
            N_("Publish a directive: send its file or paste its text"),
            N_("/vanban, then send the file"),
            Role.ADMIN,
        )
    )
    return [
        *directive_drafts.handlers(),
        *directive_editing.handlers(),
        *directive_recipients.handlers(),
        *directive_list.handlers(),
        *directive_reading.handlers(),
        *directive_progress.handlers(),
    ]
