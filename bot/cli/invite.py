"""`hoibot invite create --unit CODE`: an invite link to join a unit with a role."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app.errors import UserError
from bot.app.settings import Settings
from bot.cli.lookup import unit_named
from bot.text.i18n import N_, _
from storage.db import Database
from storage.models import Role
from storage.people.invites import create_invite


def add_commands(commands: Any) -> None:
    """`hoibot invite create --unit CODE [--role R] [--uses N] [--expires DAYS]`."""
    invite = commands.add_parser("invite", help=_("invite links"))
    actions = invite.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help=_("create an invite link"))
    create.add_argument("--unit", required=True)
    create.add_argument("--role", choices=[r.value for r in Role], default="member")
    create.add_argument("--uses", type=int, default=1)
    create.add_argument("--expires", type=int, metavar="DAYS")
    create.set_defaults(handler=create_command)


async def create_command(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    code = await new_invite(db, args.unit, Role(args.role), args.uses, args.expires)
    username = await _bot_username(settings)
    print(f"https://t.me/{username}?start={code}")
    return 0


async def new_invite(
    db: Database, unit_code: str, role: Role, uses: int, days: int | None, code: str | None = None
) -> str:
    if uses < 1:
        raise UserError(N_("--uses must be at least 1"))
    async with db.session() as session, session.begin():
        unit = await unit_named(session, unit_code)
        expires = timedelta(days=days) if days else None
        invite = await create_invite(
            session, unit.id, role, uses=uses, expires_in=expires, now=datetime.now(UTC), code=code
        )
        return invite.code


async def _bot_username(settings: Settings) -> str:
    """The bot's @username for deep links: from HOIBOT_BOT_USERNAME, else asked of Telegram."""
    if settings.bot_username:
        return settings.bot_username
    from telegram import Bot

    async with Bot(settings.require_token(), base_url=settings.telegram_api_url) as bot:
        return bot.username
