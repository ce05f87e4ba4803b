"""The conversation around the features: answers to what the bot asked, and a reply to what
no feature took."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.app.jobs import register_job
from bot.conversation.expiry import EXPIRY_JOB
from handlers.conversation import answers, fallback


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Call after every feature: the answers' group runs before theirs, the fallback after."""
    register_job(EXPIRY_JOB)
    application.add_handlers(answers.handlers(), group=answers.GROUP)
    application.add_handlers(fallback.handlers())
