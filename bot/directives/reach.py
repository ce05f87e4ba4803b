"""Which recipient units the bot cannot reach: nobody in them uses Telegram.

The office must send those a paper copy, so the publish preview names them before anything
is sent, and `/chidao N tiendo` names them afterwards and counts them as not received
(`bot.directives.render.paper_line` words the warning).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.directives.publishing import selectors
from storage.directives import list_rules
from storage.models import DirectiveReceipt, DirectiveRule, RecipientScope, Unit, UnitLink
from storage.people.audience import units_without_telegram

_SHOWN = 30


async def unreached_before(session: AsyncSession, directive_id: int) -> list[str]:
    """For the preview: units among the chosen recipients with nobody on Telegram."""
    rules = await list_rules(session, directive_id)
    return await units_without_telegram(session, selectors(rules), limit=_SHOWN)


async def unreached_after(
    session: AsyncSession, directive_id: int, within: Sequence[int]
) -> list[str]:
    """For the progress view: units under ``within`` none of whose recipients had Telegram,
    and units named on their own that had no members at all."""
    below = select(UnitLink.descendant_id).where(UnitLink.ancestor_id.in_(list(within)))
    in_view = DirectiveReceipt.unit_id.in_(below)
    without = (
        select(DirectiveReceipt.unit_id)
        .where(DirectiveReceipt.directive_id == directive_id, in_view)
        .group_by(DirectiveReceipt.unit_id)
        .having(func.count(DirectiveReceipt.delivery_key) == 0)
    )
    ids = {
        unit_id for (unit_id,) in await session.execute(without.union(_empty(directive_id, below)))
    }
    if not ids:
        return []
    query = select(Unit.name).where(Unit.id.in_(ids)).order_by(Unit.name).limit(_SHOWN)
    return list((await session.execute(query)).scalars())


async def units_confirmed(
    session: AsyncSession, directive_id: int, within: Sequence[int]
) -> tuple[int, int]:
    """(units where someone confirmed, units it was sent to) under ``within``; a unit with
    nobody on Telegram cannot confirm, so it counts as not received."""
    below = select(UnitLink.descendant_id).where(UnitLink.ancestor_id.in_(list(within)))
    query = select(
        func.count(func.distinct(DirectiveReceipt.unit_id)),
    ).where(DirectiveReceipt.directive_id == directive_id, DirectiveReceipt.unit_id.in_(below))
    total = int((await session.execute(query)).scalar_one())
    confirmed_query = query.where(DirectiveReceipt.received_at.is_not(None))
    confirmed = int((await session.execute(confirmed_query)).scalar_one())
    empty = select(func.count()).select_from(_empty(directive_id, below).subquery())
    return confirmed, total + int((await session.execute(empty)).scalar_one())


def _empty(directive_id: int, below: Select[int]) -> Select[int | None]:
    """Units named on their own that had nobody in them to send it to."""
    return select(DirectiveRule.unit_id).where(
        DirectiveRule.directive_id == directive_id,
        DirectiveRule.scope == RecipientScope.UNIT,
        DirectiveRule.unit_id.in_(below),
        DirectiveRule.unit_id.not_in(
            select(DirectiveReceipt.unit_id).where(DirectiveReceipt.directive_id == directive_id)
        ),
    )
