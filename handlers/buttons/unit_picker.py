"""Choosing a unit with buttons: open a unit to see the units beneath it, then choose one.

Used wherever a person picks part of the tree (a directive's recipients, an
announcement's audience). A lead only ever sees their own units and what lies beneath.
Buttons carry `open_action|owner|unit|page` and `pick_action|owner|unit`, where `owner`
is what is being edited (a draft, an announcement).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.app.errors import NotAllowed
from bot.text.i18n import N_, gettext
from handlers.buttons import button
from storage.models import Unit
from storage.people.units import get_unit, is_within, list_children

PAGE = 10


@dataclass(frozen=True)
class Picker:
    owner: int
    open_action: str
    pick_action: str
    roots: Sequence[int] | None  # None: the whole tree (the office)

    def opener(self, label: str, unit_id: int, page: int = 0) -> InlineKeyboardButton:
        return button(_short(label), self.open_action, self.owner, unit_id, page)


async def _top_units(session: AsyncSession, roots: Sequence[int] | None) -> Sequence[Unit]:
    """Where browsing starts: the tree's roots for the office, a lead's own units otherwise."""
    query = select(Unit).order_by(Unit.name)
    if roots is None:
        query = query.where(Unit.parent_id.is_(None))
    else:
        query = query.where(Unit.id.in_(list(roots)))
    return (await session.execute(query)).scalars().all()


async def _level(
    session: AsyncSession, picker: Picker, node_id: int, page: int
) -> tuple[str, list[list[InlineKeyboardButton]]]:
    rows: list[list[InlineKeyboardButton]] = []
    up: int | None = None  # where "up one level" goes; None at the top
    if node_id == 0:
        children = list(await _top_units(session, picker.roots))
        title = gettext("Choose a unit:")
    else:
        if picker.roots is not None and not await is_within(session, node_id, picker.roots):
            raise NotAllowed(N_("Sorry, that unit is outside the units you look after."))
        node = await get_unit(session, node_id)
        if node is None:
            raise NotAllowed(N_("That unit no longer exists."))
        children = list(await list_children(session, node_id))
        title = gettext("{unit}: choose it, or open a unit beneath it.").format(unit=node.name)
        label = gettext("✅ Choose: {unit}").format(unit=node.name)
        rows.append([button(_short(label), picker.pick_action, picker.owner, node_id)])
        at_root = picker.roots is not None and node_id in picker.roots
        up = 0 if at_root else node.parent_id or 0
    for child in children[page * PAGE : (page + 1) * PAGE]:
        rows.append([picker.opener("📂 " + child.name, child.id)])
    nav = []
    if page > 0:
        nav.append(picker.opener(gettext("◀ Previous"), node_id, page - 1))
    if (page + 1) * PAGE < len(children):
        nav.append(picker.opener(gettext("Next ▶"), node_id, page + 1))
    if nav:
        rows.append(nav)
    if up is not None:
        rows.append([picker.opener(gettext("⬆️ Up one level"), up)])
    return title, rows


async def show_units(
    update: Update,
    session: AsyncSession,
    picker: Picker,
    node_id: int,
    page: int,
    back: InlineKeyboardButton,
) -> None:
    """Edit the pressed message into one level of the tree, with a way back."""
    query = update.callback_query
    assert query is not None
    title, rows = await _level(session, picker, node_id, page)
    rows.append([back])
    await query.answer()
    await query.edit_message_text(html.escape(title), reply_markup=InlineKeyboardMarkup(rows))


def _short(label: str, width: int = 60) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"
