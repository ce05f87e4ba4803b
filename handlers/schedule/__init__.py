"""The calendar feature: asking (/lich), keeping (/lichmoi, /lichsua…), importing (/nhaplich).

`register(application)` adds the commands (for /help and the menus), the reminder job, and
the handlers in the order they must run.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import Application

from bot.app import commands
from bot.app.commands import Command
from bot.app.jobs import register_job
from bot.conversation import Feature, Waiting, register_feature
from bot.schedule.reminders import REMINDER_JOB
from bot.text.i18n import N_
from handlers.conversation.answers import on_answer, on_unprompted
from handlers.schedule import flow, importing, manage, view
from handlers.schedule.drafts import FEATURE, WAITING_STEPS
from storage.models import Role
from storage.schedule import drop_draft

COMMANDS = [
    Command(
        "lich",
        N_("The calendar of your unit: this week, a month, a quarter, a day"),
        N_("/lich · /lich tháng 5 · /lich quý 2 · /lich 19/5 · /lich ics (for a phone calendar)"),
    ),
    Command(
        "lichmoi",
        N_("Add a calendar item, step by step or on one line"),
        N_("/lichmoi · /lichmoi 19/5/2026 | Gặp mặt kỷ niệm ngày truyền thống | Hội trường tỉnh"),
        Role.LEAD,
    ),
    Command(
        "lichsua",
        N_("Change an item's time, title or place (members are told)"),
        N_("/lichsua 12 · /lichsua 12 | 8h00 ngày 20/5/2026"),
        Role.LEAD,
    ),
    Command(
        "lichhuy",
        N_("Cancel an item (members are told)"),
        N_("/lichhuy 12"),
        Role.LEAD,
    ),
    Command("lichxong", N_("Mark an item done"), N_("/lichxong 12"), Role.LEAD),
    Command(
        "nhaplich",
        N_("Import a key-task table from a document or pasted text"),
        N_("/nhaplich, then send the .docx, .pdf, .txt or .csv file"),
        Role.ADMIN,
    ),
]


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the commands, the reminder job and the handlers, in the order they run."""
    for command in COMMANDS:
        commands.register(command)
    register_job(REMINDER_JOB)
    register_feature(
        Feature(
            "schedule",
            N_("the calendar item you were working on"),
            "/lich",
            discard=_discard,
            on_leave=_leave,
            commands=frozenset(command.name for command in COMMANDS),
        )
    )
    on_answer(FEATURE, manage.take_answer)
    on_unprompted(manage.take_pasted_table)
    application.add_handlers(
        [
            *view.handlers(),
            *manage.handlers(),
            *flow.handlers(),
            *importing.handlers(),
        ]
    )


async def _discard(session: AsyncSession, waiting: Waiting) -> None:
    await drop_draft(session, waiting.member_id)


async def _leave(session: AsyncSession, waiting: Waiting) -> None:
    """Another feature's command while a step waits for typed text: the flow is left."""
    if waiting.step in WAITING_STEPS:
        await drop_draft(session, waiting.member_id)
