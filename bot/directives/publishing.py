"""Publishing: check a draft is complete, then one receipt and one outbox row per recipient.

Receipts are written for every recipient, on Telegram or not, so the office sees who
could not be reached; outbox rows only for those with a chat. Pushes go with priority
DIRECTIVE under the topic "directive:<id>", held by quiet hours like any routine send.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import callbacks
from bot.app.errors import UserError
from bot.app.settings import Settings
from bot.delivery import enqueue_many
from bot.delivery.outbox import message_row
from bot.delivery.quiet_hours import hold_until
from bot.directives.drafting import is_draft, is_official, refresh_search
from bot.directives.render import push_text
from bot.text.i18n import N_, gettext, use_locale
from storage.directives import get_directive, list_files, list_rules
from storage.models import (
    Directive,
    DirectiveFile,
    DirectiveReceipt,
    DirectiveRule,
    DirectiveState,
    Priority,
    Purpose,
    RecipientScope,
    UnitKind,
)
from storage.people.audience import Selector, count_recipients, stream_recipients


@dataclass(frozen=True)
class Published:
    recipients: int
    queued: int
    release_at: datetime


def topic(directive_id: int) -> str:
    return f"directive:{directive_id}"


def delivery_key(directive_id: int, member_id: int) -> str:
    return f"directive:{directive_id}:{member_id}"


def selectors(rules: Sequence[DirectiveRule]) -> list[Selector]:
    return [
        Selector(
            scope=rule.scope,
            unit_id=rule.unit_id,
            unit_kind=UnitKind(rule.unit_kind) if rule.unit_kind else None,
            leads_only=rule.leads_only,
            act=rule.purpose is Purpose.ACT,
        )
        for rule in rules
    ]


async def recipient_count(session: AsyncSession, directive_id: int) -> tuple[int, int]:
    return await count_recipients(session, selectors(await list_rules(session, directive_id)))


def problems(
    directive: Directive,
    rules: Sequence[DirectiveRule],
    people: int,
    *,
    for_comment: bool = False,
) -> list[str]:
    """What must be fixed before publishing (message ids, translated where shown).

    A draft goes out only when sent for comment on purpose (``for_comment``).
    """
    found = []
    if not is_official(directive):
        found.append(
            N_(
                "this is not an official document (no number, no kind of document, no "
                "signer): fill in its kind and number if it is one"
            )
        )
    elif not directive.kind:
        found.append(N_("the kind of document is missing"))
    if is_draft(directive) and not for_comment:
        found.append(N_("it is a draft (DỰ THẢO): it can only be sent for comment, as a draft"))
    if not directive.title:
        found.append(N_("the title is missing"))
    if not rules:
        found.append(N_("nobody is chosen to receive it"))
    elif people == 0:
        found.append(N_("the chosen units have no members yet"))
    return found


def ensure_ready(
    directive: Directive,
    rules: Sequence[DirectiveRule],
    people: int,
    *,
    for_comment: bool = False,
) -> None:
    """Refuse, saying why, a draft that is not complete enough to publish."""
    found = problems(directive, rules, people, for_comment=for_comment)
    if found:
        raise UserError(
            N_("It cannot be published yet: {problems}."),
            problems="; ".join(gettext(p) for p in found),
        )


def keyboard(directive_id: int, act: bool) -> dict[str, Any]:
    """Buttons of a push, as Telegram takes them (labels in the current language)."""
    row = [{"text": gettext("✅ Received"), "callback_data": callbacks.pack("dn", directive_id)}]
    if act:
        row.append(
            {"text": gettext("🛠 Carried out"), "callback_data": callbacks.pack("dt", directive_id)}
        )
    full = {"text": gettext("📖 Full text"), "callback_data": callbacks.pack("df", directive_id)}
    return {"inline_keyboard": [row, [full]]}


def attachment(file: DirectiveFile) -> dict[str, Any]:
    """How a file rides on an outbox row: Telegram's file_id, sent again without upload."""
    return {
        "type": "photo" if file.is_photo else "document",
        "file_id": file.file_id,
        "filename": file.file_name,
    }


async def publish(
    session: AsyncSession,
    directive: Directive,
    settings: Settings,
    now: datetime | None = None,
    *,
    for_comment: bool = False,
) -> Published:
    """Publish a complete draft: receipts for every recipient, pushes into the outbox.

    ``for_comment`` sends the document as a draft, for comment: the admin chose it, and
    recipients see it marked "DỰ THẢO".
    """
    now = now or datetime.now(UTC)
    if directive.state is not DirectiveState.DRAFT:
        raise UserError(N_("This directive has already been published."))
    rules = await list_rules(session, directive.id)
    chosen = selectors(rules)
    total, _reachable = await count_recipients(session, chosen)
    ensure_ready(directive, rules, total, for_comment=for_comment)
    directive.for_comment = for_comment
    files = list(await list_files(session, directive.id))
    replaces = (
        await get_directive(session, directive.replaces_id) if directive.replaces_id else None
    )
    directive.state = DirectiveState.PUBLISHED
    directive.published_at = now
    refresh_search(directive)
    release = hold_until(now, settings.quiet_hours, settings.tz)
    texts: dict[tuple[str, bool], tuple[str, dict[str, Any]]] = {}
    queued = 0
    async for batch in stream_recipients(session, chosen):
        receipts, rows = [], []
        for person in batch:
            key = delivery_key(directive.id, person.member_id) if person.chat_id else None
            receipts.append(
                {
                    "directive_id": directive.id,
                    "member_id": person.member_id,
                    "unit_id": person.unit_id,
                    "purpose": Purpose.ACT if person.act else Purpose.INFORM,
                    "delivery_key": key,
                }
            )
            if person.chat_id is None or key is None:
                continue
            locale = person.language or settings.default_locale
            if (locale, person.act) not in texts:
                with use_locale(locale):
                    purpose = Purpose.ACT if person.act else Purpose.INFORM
                    texts[locale, person.act] = (
                        push_text(directive, purpose, replaces),
                        # A draft sent for comment is in force nowhere: nothing to carry out.
                        keyboard(directive.id, person.act and not for_comment),
                    )
            text, markup = texts[locale, person.act]
            common: dict[str, Any] = {
                "member_id": person.member_id,
                "priority": Priority.DIRECTIVE,
                "topic": topic(directive.id),
                "not_before": release,
            }
            rows.append(
                message_row(
                    person.chat_id,
                    text,
                    reply_markup=markup,
                    document=attachment(files[0]) if files else None,
                    dedupe_key=key,
                    **common,
                )
            )
            for extra, file in enumerate(files[1:], start=1):
                rows.append(
                    message_row(
                        person.chat_id,
                        "",
                        document=attachment(file),
                        dedupe_key=f"{key}:{extra}",
                        **common,
                    )
                )
        await session.execute(insert(DirectiveReceipt), receipts)
        queued += await enqueue_many(session, rows)
    await session.flush()
    return Published(total, queued, release)


def rule_from_scope(
    directive_id: int,
    scope: RecipientScope,
    unit_id: int | None,
    unit_kind: UnitKind | None,
    purpose: Purpose = Purpose.ACT,
    leads_only: bool = False,
) -> DirectiveRule:
    return DirectiveRule(
        directive_id=directive_id,
        scope=scope,
        unit_id=unit_id,
        unit_kind=unit_kind.value if unit_kind else None,
        leads_only=leads_only,
        purpose=purpose,
    )
