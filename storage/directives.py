"""Queries over directives, their files, rules and receipts. Repositories never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Directive,
    DirectiveFile,
    DirectiveReceipt,
    DirectiveRule,
    DirectiveState,
    Purpose,
)


async def get_directive(session: AsyncSession, directive_id: int) -> Directive | None:
    return await session.get(Directive, directive_id)


async def list_files(session: AsyncSession, directive_id: int) -> Sequence[DirectiveFile]:
    query = select(DirectiveFile).where(DirectiveFile.directive_id == directive_id)
    return (await session.execute(query.order_by(DirectiveFile.id))).scalars().all()


async def list_rules(session: AsyncSession, directive_id: int) -> Sequence[DirectiveRule]:
    query = select(DirectiveRule).where(DirectiveRule.directive_id == directive_id)
    return (await session.execute(query.order_by(DirectiveRule.id))).scalars().all()


async def get_rule(session: AsyncSession, directive_id: int, rule_id: int) -> DirectiveRule | None:
    rule = await session.get(DirectiveRule, rule_id)
    return rule if rule is not None and rule.directive_id == directive_id else None


async def clear_rules(session: AsyncSession, directive_id: int) -> None:
    await session.execute(delete(DirectiveRule).where(DirectiveRule.directive_id == directive_id))


def _published() -> ColumnElement[bool]:
    return Directive.state == DirectiveState.PUBLISHED


async def find_published(session: AsyncSession, number_key: str) -> Sequence[Directive]:
    """Published directives with this number (folded), newest first; "72" finds "72/HTS"."""
    query = select(Directive).where(
        _published(),
        (Directive.number_key == number_key) | Directive.number_key.like(f"{number_key}/%"),
    )
    query = query.order_by(Directive.published_at.desc(), Directive.id.desc()).limit(10)
    return (await session.execute(query)).scalars().all()


def _visible(member_id: int | None) -> ColumnElement[bool]:
    """Everything published for the office (member_id None), else what was sent to them."""
    if member_id is None:
        return _published()
    mine = select(DirectiveReceipt.directive_id).where(DirectiveReceipt.member_id == member_id)
    return and_(_published(), Directive.id.in_(mine))


async def list_published(
    session: AsyncSession, member_id: int | None, offset: int, limit: int
) -> tuple[Sequence[Directive], int]:
    """A page of the directives a member may see, newest first, and how many there are."""
    condition = _visible(member_id)
    total = (await session.execute(select(func.count()).where(condition))).scalar_one()
    query = select(Directive).where(condition)
    query = query.order_by(Directive.published_at.desc(), Directive.id.desc())
    rows = (await session.execute(query.offset(offset).limit(limit))).scalars().all()
    return rows, int(total)


async def search_published(
    session: AsyncSession, member_id: int | None, folded_words: Sequence[str], limit: int
) -> tuple[Sequence[Directive], int]:
    """Directives with a word beginning with each of the folded words, newest first."""
    condition = _visible(member_id)
    for word in folded_words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        condition = and_(condition, Directive.search_text.like(f"% {escaped}%", escape="\\"))
    total = (await session.execute(select(func.count()).where(condition))).scalar_one()
    query = select(Directive).where(condition)
    query = query.order_by(Directive.published_at.desc(), Directive.id.desc()).limit(limit)
    return (await session.execute(query)).scalars().all(), int(total)


async def get_receipt(
    session: AsyncSession, directive_id: int, member_id: int
) -> DirectiveReceipt | None:
    return await session.get(DirectiveReceipt, (directive_id, member_id))


async def record_received(
    session: AsyncSession, receipt: DirectiveReceipt, at: datetime, *, carried_out: bool
) -> bool:
    """Mark a receipt received (and carried out); False when nothing was new.

    One UPDATE guarded on the column being empty, so two taps at once record one time.
    """
    key = and_(
        DirectiveReceipt.directive_id == receipt.directive_id,
        DirectiveReceipt.member_id == receipt.member_id,
    )
    changed = 0
    result = await session.execute(
        update(DirectiveReceipt)
        .where(key, DirectiveReceipt.received_at.is_(None))
        .values(received_at=at)
    )
    changed += result.rowcount or 0  # type: ignore[attr-defined]
    if carried_out and receipt.purpose is Purpose.ACT:
        result = await session.execute(
            update(DirectiveReceipt)
            .where(key, DirectiveReceipt.carried_out_at.is_(None))
            .values(carried_out_at=at)
        )
        changed += result.rowcount or 0  # type: ignore[attr-defined]
    await session.refresh(receipt)
    return changed > 0
