"""`hoibot members import FILE` and `hoibot admins add ID`: pre-registered members, and the
central office's admins."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.app.errors import UserError
from bot.app.settings import Settings
from bot.people.csv_import import parse_members
from bot.text.i18n import N_, _
from storage.db import Database
from storage.models import Member, Role
from storage.people.members import add_role
from storage.people.units import get_root, list_units


def add_commands(commands: Any) -> None:
    """`hoibot members import FILE` and `hoibot admins add TELEGRAM_ID [--name NAME]`."""
    members = commands.add_parser("members", help=_("pre-registered members"))
    actions = members.add_subparsers(dest="action", required=True)
    load = actions.add_parser("import", help=_("import members from a CSV file"))
    load.add_argument("file", type=Path)
    load.set_defaults(handler=import_command)

    admins = commands.add_parser("admins", help=_("central office admins"))
    actions = admins.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help=_("make a Telegram user an admin"))
    add.add_argument("telegram_id", type=int)
    add.add_argument("--name", default="Admin")
    add.set_defaults(handler=admin_command)


async def import_command(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    created, updated = await import_members(db, args.file)
    print(
        _("Members: {created} created, {updated} updated.").format(created=created, updated=updated)
    )
    return 0


async def admin_command(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    unit_name = await add_admin(db, args.telegram_id, args.name)
    print(
        _("{telegram_id} is now an admin of {unit}.").format(
            telegram_id=args.telegram_id, unit=unit_name
        )
    )
    return 0


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
