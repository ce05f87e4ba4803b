"""`hoibot members import FILE` and `hoibot admins add ID`: pre-registered members, and the
central office's admins."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.commands import publish_chat_menu
from bot.app.errors import UserError
from bot.app.settings import Settings
from bot.people.csv_import import iter_members, read_csv_file
from bot.text.i18n import N_, _
from storage.db import Database
from storage.models import Member, Membership, Role
from storage.people.members import add_role, list_member_chats_with_role
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
    leading = await _leading_chats(db)
    created, updated = await import_members(db, args.file)
    print(
        _("Members: {created} created, {updated} updated.").format(created=created, updated=updated)
    )
    demoted = leading - await _leading_chats(db)
    if demoted and settings.token:
        await _reset_menus(settings, db, demoted)
        print(
            _("{count} former leads no longer see the lead commands or the dashboard.").format(
                count=len(demoted)
            )
        )
    elif demoted:
        print(
            _(
                "{count} former leads keep the dashboard's menu button until they next send "
                "/bangtin: TELEGRAM_BOT_TOKEN is not set, so Telegram was not told."
            ).format(count=len(demoted))
        )
    return 0


async def _leading_chats(db: Database) -> set[int]:
    """The chats of the bound members who lead a unit or are admins."""
    async with db.session() as session:
        return {
            chat
            for role in (Role.LEAD, Role.ADMIN)
            for chat in await list_member_chats_with_role(session, role)
        }


async def _reset_menus(settings: Settings, db: Database, chats: set[int]) -> None:
    """Those the file made members only lose the lead commands and the dashboard's button."""
    from telegram import Bot

    async with db.session() as session:
        query = select(Member.chat_id, Member.language).where(Member.chat_id.in_(chats))
        languages = dict((await session.execute(query)).tuples().all())
    async with Bot(settings.token, base_url=settings.telegram_api_url) as bot:
        for chat in sorted(chats):
            locale = languages.get(chat) or settings.default_locale
            await publish_chat_menu(bot, chat, Role.MEMBER, locale)


async def admin_command(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    unit_name = await add_admin(db, args.telegram_id, args.name)
    print(
        _("{telegram_id} is now an admin of {unit}.").format(
            telegram_id=args.telegram_id, unit=unit_name
        )
    )
    return 0


# Rows written per round trip: a batch costs a handful of statements, not several per row.
BATCH = 500
# Phones looked up per statement.
LOOKUP = 1000


async def import_members(db: Database, path: Path) -> tuple[int, int]:
    """Pre-register members by phone; re-importing the same file adds nobody twice.

    The whole file is checked before anything is written, then written in batches inside
    one transaction: a bad row, or any failure half-way, leaves the database as it was.
    Rows are read from the file's text one at a time, so memory does not grow with it.
    """
    text = read_csv_file(path)
    created = updated = 0
    async with db.session() as session, session.begin():
        unit_ids = {unit.code: unit.id for unit in await list_units(session)}
        # A bad row raises CsvProblem here, before the first write.
        phones = {row["phone"] for row in iter_members(text, set(unit_ids))}
        stored = await _stored(session, phones)
        rows = iter_members(text, set(unit_ids))
        while batch := list(islice(rows, BATCH)):
            new, renamed = await _save(session, batch, unit_ids, stored)
            created, updated = created + new, updated + renamed
    if created:
        await db.analyze("members", "memberships")
    return created, updated


async def _stored(session: AsyncSession, phones: set[str]) -> dict[str, tuple[int, str]]:
    """The members the file names that exist already, by phone: (id, name).

    Read once, before anything is written: looked up batch by batch instead, PostgreSQL
    plans each lookup on the table as it was when the transaction began (empty, the first
    time), and scans it whole as it grows: 100,000 rows took two minutes instead of ten
    seconds.
    """
    stored: dict[str, tuple[int, str]] = {}
    ordered = sorted(phones)
    for start in range(0, len(ordered), LOOKUP):
        chunk = ordered[start : start + LOOKUP]
        query = select(Member.phone, Member.id, Member.name).where(Member.phone.in_(chunk))
        for phone, member_id, name in (await session.execute(query.order_by(Member.id))).all():
            stored.setdefault(phone or "", (member_id, name))
    return stored


async def _save(
    session: AsyncSession,
    rows: list[dict[str, str]],
    unit_ids: dict[str, int],
    everyone: dict[str, tuple[int, str]],
) -> tuple[int, int]:
    """Create or rename the members of `rows` (found by phone in `everyone`, which learns the
    new ones) and set each one's role in the row's unit; returns (created, updated). A row
    whose phone is already known, in the database or earlier in the file, updates that
    member: the last row's name stays."""
    names = {row["phone"]: row["name"] for row in rows}
    stored = {phone: everyone[phone] for phone in names if phone in everyone}
    renamed = [
        {"id": member_id, "name": names[phone]}
        for phone, (member_id, name) in stored.items()
        if names[phone] != name
    ]
    if renamed:
        await session.execute(update(Member), renamed)
    ids = {phone: member_id for phone, (member_id, _name) in stored.items()}
    new = [{"name": name, "phone": phone} for phone, name in names.items() if phone not in ids]
    if new:
        added = await session.execute(insert(Member).returning(Member.phone, Member.id), new)
        ids.update((phone or "", member_id) for phone, member_id in added.all())
    everyone.update((phone, (ids[phone], name)) for phone, name in names.items())

    # A member's role in a unit replaces the role they had there; the last row wins.
    roles = {(ids[row["phone"]], unit_ids[row["unit"]]): Role(row["role"]) for row in rows}
    # Only members already stored can hold roles: the new ones are looked up not at all.
    known = {member_id for member_id, _name in stored.values()}
    held = select(Membership.id, Membership.member_id, Membership.unit_id, Membership.role)
    held = held.where(Membership.member_id.in_(known))
    changed = []
    memberships = (await session.execute(held)).all() if known else []
    for membership_id, member_id, unit_id, role in memberships:
        wanted = roles.pop((member_id, unit_id), None)
        if wanted is not None and wanted != role:
            changed.append({"id": membership_id, "role": wanted})
    if changed:
        await session.execute(update(Membership), changed)
    if roles:
        await session.execute(
            insert(Membership),
            [{"member_id": m, "unit_id": u, "role": role} for (m, u), role in roles.items()],
        )
    return len(new), len(rows) - len(new)


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
