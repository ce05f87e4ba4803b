"""Chasing: units that have not confirmed a directive after N days are reminded once;
N days after that, if still silent, the leads of their parent units are told.

A unit has confirmed when anyone it received the directive for pressed "Received". Each
step is claimed in `directive_chases` (an insert, then a guarded update) before anything
is queued, and every message carries an outbox dedupe key, so several processes, or a
run repeated after a crash, remind nobody twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import callbacks
from bot.app.jobs import JobContext, PeriodicJob
from bot.app.settings import Settings
from bot.delivery import enqueue_many
from bot.delivery.outbox import message_row
from bot.delivery.quiet_hours import hold_until
from bot.directives.publishing import keyboard
from bot.directives.render import e, heading, reference
from bot.text.formatting import format_day
from bot.text.i18n import gettext, use_locale
from storage.models import (
    Directive,
    DirectiveChase,
    DirectiveReceipt,
    DirectiveState,
    Member,
    Membership,
    Priority,
    Purpose,
    Unit,
)
from storage.people.audience import LEAD_ROLES, Recipient, lead_chats


def chase_topic(directive_id: int) -> str:
    return f"directive-chase:{directive_id}"


async def _claim(session: AsyncSession, directive_id: int, unit_id: int, now: datetime) -> bool:
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    builder = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = builder(DirectiveChase).values(
        directive_id=directive_id, unit_id=unit_id, chased_at=now
    )
    statement = statement.on_conflict_do_nothing(index_elements=["directive_id", "unit_id"])
    result = await session.execute(statement.returning(DirectiveChase.unit_id))
    return result.first() is not None


async def _claim_escalation(
    session: AsyncSession, directive_id: int, unit_id: int, now: datetime
) -> bool:
    result = await session.execute(
        update(DirectiveChase)
        .where(
            DirectiveChase.directive_id == directive_id,
            DirectiveChase.unit_id == unit_id,
            DirectiveChase.escalated_at.is_(None),
        )
        .values(escalated_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def _silent_units(
    session: AsyncSession, due: datetime
) -> list[tuple[Directive, int, DirectiveChase | None]]:
    """(directive, unit, its chase so far) for every unit that has confirmed nothing yet."""
    silent = (
        select(DirectiveReceipt.directive_id, DirectiveReceipt.unit_id)
        .join(Directive, Directive.id == DirectiveReceipt.directive_id)
        .where(Directive.state == DirectiveState.PUBLISHED, Directive.published_at <= due)
        .group_by(DirectiveReceipt.directive_id, DirectiveReceipt.unit_id)
        .having(func.count(DirectiveReceipt.received_at) == 0)
        .subquery()
    )
    query = (
        select(Directive, silent.c.unit_id, DirectiveChase)
        .join(silent, silent.c.directive_id == Directive.id)
        .outerjoin(
            DirectiveChase,
            and_(
                DirectiveChase.directive_id == silent.c.directive_id,
                DirectiveChase.unit_id == silent.c.unit_id,
            ),
        )
        .where(
            or_(
                DirectiveChase.unit_id.is_(None),
                and_(DirectiveChase.escalated_at.is_(None), DirectiveChase.chased_at <= due),
            )
        )
        .order_by(Directive.id, silent.c.unit_id)
    )
    return [(d, u, c) for d, u, c in await session.execute(query)]


async def _unit_recipients(
    session: AsyncSession, directive_id: int, unit_id: int
) -> list[Recipient]:
    """Whom to remind in a silent unit: its leads among the recipients, else all of them."""
    query = (
        select(
            Member.id,
            DirectiveReceipt.purpose,
            Member.chat_id,
            Member.reachable,
            Member.language,
            Membership.role,
        )
        .join(Member, Member.id == DirectiveReceipt.member_id)
        .outerjoin(
            Membership,
            and_(Membership.member_id == Member.id, Membership.unit_id == unit_id),
        )
        .where(DirectiveReceipt.directive_id == directive_id, DirectiveReceipt.unit_id == unit_id)
        .where(Member.chat_id.is_not(None))
        .order_by(Member.id)
    )
    rows = (await session.execute(query)).all()
    people = [
        (Recipient(r[0], unit_id, r[1] is Purpose.ACT, r[2], bool(r[3]), r[4]), r[5]) for r in rows
    ]
    leads = [p for p, role in people if role in LEAD_ROLES]
    return leads or [p for p, _role in people]


def _reminder(directive: Directive) -> str:
    return "\n".join(
        [
            "⏰ " + e(gettext("A reminder: your unit has not yet confirmed this directive.")),
            "",
            heading(directive),
            "",
            e(gettext("Please tap “Received” once you have read it.")),
        ]
    )


def _escalation(directive: Directive, unit: Unit, days: int, tz: ZoneInfo) -> str:
    published = directive.published_at
    sent = format_day(published.astimezone(tz).date()) if published else "?"
    return "⚠️ " + e(
        gettext(
            "{unit} has not confirmed {ref} (sent {date}), even after a reminder {days} "
            "days ago. Please remind them."
        ).format(unit=unit.name, ref=reference(directive), date=sent, days=days)
    )


async def chase(session: AsyncSession, settings: Settings, now: datetime) -> tuple[int, int]:
    """One round: remind silent units, tell the parents of those still silent; (units, units)."""
    due = now - timedelta(days=settings.directive_chase_days)
    release = hold_until(now, settings.quiet_hours, settings.tz)
    reminded = escalated = 0
    for directive, unit_id, chased in await _silent_units(session, due):
        rows: list[dict[str, Any]] = []
        if chased is None:
            if not await _claim(session, directive.id, unit_id, now):
                continue
            reminded += 1
            for person in await _unit_recipients(session, directive.id, unit_id):
                with use_locale(person.language or settings.default_locale):
                    text = _reminder(directive)
                    markup = keyboard(directive.id, person.act)
                rows.append(
                    message_row(
                        person.chat_id or 0,
                        text,
                        member_id=person.member_id,
                        priority=Priority.DIRECTIVE,
                        reply_markup=markup,
                        dedupe_key=f"chase:{directive.id}:{person.member_id}",
                        topic=chase_topic(directive.id),
                        not_before=release,
                    )
                )
        else:
            unit = await session.get(Unit, unit_id)
            if unit is None or not await _claim_escalation(session, directive.id, unit_id, now):
                continue
            escalated += 1
            parents = [p for p in (unit.parent_id, unit.also_under_id) if p is not None]
            for lead in await lead_chats(session, parents):
                if lead.chat_id is None:
                    continue
                with use_locale(lead.language or settings.default_locale):
                    text = _escalation(directive, unit, settings.directive_chase_days, settings.tz)
                    button = gettext("📊 See progress")
                data = callbacks.pack("dg", directive.id, lead.unit_id, 0)
                rows.append(
                    message_row(
                        lead.chat_id,
                        text,
                        member_id=lead.member_id,
                        priority=Priority.DIRECTIVE,
                        reply_markup={
                            "inline_keyboard": [[{"text": button, "callback_data": data}]]
                        },
                        dedupe_key=f"escalate:{directive.id}:{unit_id}:{lead.member_id}",
                        topic=chase_topic(directive.id),
                        not_before=release,
                    )
                )
        await enqueue_many(session, rows)
    return reminded, escalated


async def run_chase(context: JobContext) -> None:
    async with context.db.session() as session:
        await chase(session, context.settings, context.now)
        await session.commit()


CHASE_JOB = PeriodicJob("directive-chase", 15 * 60, run_chase)
