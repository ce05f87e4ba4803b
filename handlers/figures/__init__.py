"""Charity figures in the chat: the feature's commands, handlers and reminder job."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import Application

from bot.app import commands
from bot.app.commands import Command
from bot.app.jobs import register_job
from bot.conversation import Feature, Waiting, register_feature
from bot.figures.notify import CHASE_JOB
from bot.text.i18n import N_
from handlers.conversation.answers import on_answer
from handlers.figures import checking, opening, periods, progress, report, review, submit
from handlers.figures.submit.flow import FEATURE
from handlers.figures.submit.typed import take_text
from storage.figures import drop_draft
from storage.models import Role

COMMANDS = [
    Command(
        "nop",
        N_("Report your unit's figures (step by step, or paste a sentence)"),
        N_("/nop Q1/2020 vận động 3 nhà, 842 suất quà = 512.300.000 đ"),
        Role.LEAD,
    ),
    Command(
        "baocao",
        N_("Figures of a period: totals, Excel, chart; “tiendo” for who has reported"),
        N_("/baocao Q1/2020   or   /baocao tiendo"),
        Role.LEAD,
    ),
    Command("duyet", N_("Approve the figures of the units under you"), N_("/duyet"), Role.LEAD),
    Command(
        "kybaocao",
        N_("Open or close a reporting period"),
        N_("/kybaocao Q1/2020 10/4/2020"),
        Role.ADMIN,
    ),
    Command(
        "kiemtra",
        N_("Check a report draft: sums of parts, amounts in words, figures in the bot"),
        N_("/kiemtra, then send the file (.docx, .pdf, .txt) or paste the text"),
        Role.ADMIN,
    ),
]


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the commands, the reminder job, the handlers, and what takes typed figures."""
    for command in COMMANDS:
        commands.register(command)
    register_job(CHASE_JOB)
    register_feature(
        Feature("figures", N_("the figures you were reporting"), "/nop", _discard_submission)
    )
    on_answer(FEATURE, take_text)
    register_feature(Feature(checking.FEATURE, N_("the report you wanted checked"), "/kiemtra"))
    on_answer(checking.FEATURE, checking.take_report)
    application.add_handlers(
        [
            *submit.handlers(),
            *review.handlers(),
            *report.handlers(),
            *progress.handlers(),
            *periods.handlers(),
            *opening.handlers(),
            *checking.handlers(),
        ]
    )


async def _discard_submission(session: AsyncSession, waiting: Waiting) -> None:
    await drop_draft(session, waiting.member_id)
