"""Choosing a unit with buttons: open a unit to see the units beneath it, then choose one.

Used wherever a person picks part of the tree (a directive's recipients, an
announcement's audience). A lead only ever sees their own units and what lies beneath.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton

from bot.errors import NotAllowed
from bot.i18n import N_, gettext
from storage.models import Unit
from storage.units import get_unit, is_within, list_children

PAGE = 10

Buttons = list[list[InlineKeyboardButton]]


async def top_units(session: AsyncSession, roots: Sequence[int] | None) -> Sequence[Unit]:
    """Where browsing starts: the tree's roots for an admin, a lead's own units otherwise."""
    query = select(Unit).order_by(Unit.name)
    if roots is None:
        query = query.where(Unit.parent_id.is_(None))
    else:
        query = query.where(Unit.id.in_(list(roots)))
    return (await session.execute(query)).scalars().all()


async def unit_buttons(
    session: AsyncSession,
    node_id: int,
    roots: Sequence[int] | None,
    *,
    open_data: Callable[[int, int], str],
    pick_data: Callable[[int], str],
    page: int = 0,
) -> tuple[str, Buttons]:
    """A title and the buttons for one level: choose this unit, or open one beneath it."""
    rows: Buttons = []
    if node_id == 0:
        children = list(await top_units(session, roots))
        title = gettext("Choose a unit:")
    else:
        if roots is not None and not await is_within(session, node_id, roots):
            raise NotAllowed(N_("Sorry, that unit is outside the units you look after."))
        node = await get_unit(session, node_id)
        if node is None:
            raise NotAllowed(N_("That unit no longer exists."))
        children = list(await list_children(session, node_id))
        title = gettext("{unit}: choose it, or open a unit beneath it.").format(unit=node.name)
        label = gettext("✅ Choose: {unit}").format(unit=node.name)
        rows.append([InlineKeyboardButton(_short(label), callback_data=pick_data(node_id))])
    shown = children[page * PAGE : (page + 1) * PAGE]
    for child in shown:
        rows.append(
            [InlineKeyboardButton(_short("📂 " + child.name), callback_data=open_data(child.id, 0))]
        )
    nav = []
    if page > 0:
        nav.append(
            InlineKeyboardButton(gettext("◀ Previous"), callback_data=open_data(node_id, page - 1))
        )
    if (page + 1) * PAGE < len(children):
        nav.append(
            InlineKeyboardButton(gettext("Next ▶"), callback_data=open_data(node_id, page + 1))
        )
    if nav:
        rows.append(nav)
    if node_id != 0:
        node = await get_unit(session, node_id)
        up = node.parent_id if node is not None and node.parent_id is not None else 0
        if roots is not None and node_id in roots:
            up = 0
        rows.append(
            [InlineKeyboardButton(gettext("⬆️ Up one level"), callback_data=open_data(up, 0))]
        )
    return title, rows


def _short(label: str, width: int = 60) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"
