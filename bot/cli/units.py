"""What the operator's CLI does to the database: units, members, invites, admins, the log."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.app.errors import UserError
from bot.people.csv_import import parse_members, parse_units
from bot.text.i18n import N_
from storage.db import Database
from storage.interaction_log import stream_interactions
from storage.models import Interaction, Member, Role, Unit, UnitLink
from storage.people.invites import create_invite
from storage.people.members import add_role
from storage.people.units import get_root, get_unit_by_code, list_units, upsert_units


async def import_units(db: Database, path: Path) -> tuple[int, int]:
    text = path.read_text(encoding="utf-8")
    async with db.session() as session, session.begin():
        known = {unit.code for unit in await list_units(session)}
        rows = parse_units(text, known)
        return await upsert_units(session, rows)


async def unit_tree(db: Database) -> list[tuple[int, Unit]]:
    """Units depth-first with their depth (a unit under two parents shows under each)."""
    async with db.session() as session:
        units = list(await list_units(session))
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
        if unit.also_under_id is not None:
            children.setdefault(unit.also_under_id, []).append(unit)
    lines: list[tuple[int, Unit]] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: u.code):
            lines.append((depth, unit))
            walk(unit.id, depth + 1)

    walk(None, 0)
    return lines


async def import_members(db: Database, path: Path) -> tuple[int, int]:
    """Pre-register members by phone; re-importing the same file adds nobody twice."""
    text = path.read_text(encoding="utf-8")
    created = updated = 0
    async with db.session() as session, session.begin():
        units = {unit.code: unit for unit in await list_units(session)}
        for row in parse_members(text, set(units)):
            query = select(Member).where(Member.phone == row["phone"])
            member = (await session.execute(query)).scalars().first()
            if member is None:
                member = Member(name=row["name"], phone=row["phone"])
                session.add(member)
                await session.flush()
                created += 1
            else:
                member.name = row["name"]
                updated += 1
            await add_role(session, member, units[row["unit"]].id, Role(row["role"]))
    return created, updated


async def new_invite(
    db: Database, unit_code: str, role: Role, uses: int, days: int | None, code: str | None = None
) -> str:
    if uses < 1:
        raise UserError(N_("--uses must be at least 1"))
    async with db.session() as session, session.begin():
        unit = await get_unit_by_code(session, unit_code)
        if unit is None:
            raise UserError(N_("Unknown unit {code}."), code=unit_code)
        expires = timedelta(days=days) if days else None
        invite = await create_invite(
            session, unit.id, role, uses=uses, expires_in=expires, now=datetime.now(UTC), code=code
        )
        return invite.code


async def add_admin(db: Database, telegram_id: int, name: str) -> str:
    """Bind (or create) the member with this Telegram id as an admin of the central office."""
    async with db.session() as session, session.begin():
        root = await get_root(session)
        if root is None:
            raise UserError(N_("Import the units first: no central office unit exists yet."))
        query = select(Member).where(Member.telegram_user_id == telegram_id)
        member = (await session.execute(query)).scalar_one_or_none()
        if member is None:
            member = Member(name=name, telegram_user_id=telegram_id, chat_id=telegram_id)
            member.bound_at = datetime.now(UTC)
            session.add(member)
            await session.flush()
        await add_role(session, member, root.id, Role.ADMIN)
        return root.name


async def interactions(
    db: Database, member_id: int | None, unit_code: str | None, since: datetime | None
) -> AsyncIterator[Interaction]:
    async with db.session() as session:
        unit_ids = None
        if unit_code:
            unit = await get_unit_by_code(session, unit_code)
            if unit is None:
                raise UserError(N_("Unknown unit {code}."), code=unit_code)
            query = select(UnitLink.descendant_id).where(UnitLink.ancestor_id == unit.id)
            unit_ids = list((await session.execute(query)).scalars())
        async for row in stream_interactions(
            session, member_id=member_id, unit_ids=unit_ids, since=since
        ):
            yield row


LOG_COLUMNS = [
    "id",
    "at",
    "direction",
    "kind",
    "member_id",
    "unit_id",
    "telegram_user_id",
    "chat_id",
    "command",
    "related",
    "text",
    "payload",
]


async def export_log(db: Database, path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(LOG_COLUMNS)
        async for row in interactions(db, None, None, None):
            writer.writerow([_cell(getattr(row, column)) for column in LOG_COLUMNS])
            count += 1
    return count


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()  # UtcDateTime columns are aware UTC: "…+00:00"
    return str(value)
