"""The `hoibot` command: run the bot, try it offline, and manage units, people and the log."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.app.errors import UserError
from bot.app.logsafe import configure_logging
from bot.app.settings import ConfigError, Settings, load_settings
from bot.cli import schedule as cli_schedule
from bot.cli import units as operations
from bot.cli.directive import add_directive_commands
from bot.cli.period import add_figure_commands
from bot.cli.worker import add_worker_command
from bot.people.csv_import import CsvProblem
from bot.text.i18n import _, gettext, set_locale
from storage.db import Database, SchemaOutOfDate
from storage.models import Role

# Feature modules add their subcommands here: each function takes the subparsers object
# and sets `handler` (an async function of settings, database and args) on its parsers.
FEATURE_COMMANDS: list[Callable[[Any], None]] = [
    add_worker_command,
    add_figure_commands,
    add_directive_commands,
    cli_schedule.add_commands,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hoibot", description=_("hoibot: the association's Telegram assistant")
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help=_("run the bot (long polling)"))
    commands.add_parser("webhook", help=_("run the bot behind a webhook (HOIBOT_WEBHOOK_URL)"))
    commands.add_parser(
        "try", help=_("chat with the bot offline, in this terminal, as demo members")
    )

    db = commands.add_parser("db", help=_("database schema"))
    db.add_argument("action", choices=["upgrade", "current"])

    units = commands.add_parser("units", help=_("the tree of units"))
    unit_actions = units.add_subparsers(dest="action", required=True)
    unit_actions.add_parser("import", help=_("import units from a CSV file")).add_argument(
        "file", type=Path
    )
    unit_actions.add_parser("list", help=_("print the tree"))

    members = commands.add_parser("members", help=_("pre-registered members"))
    member_actions = members.add_subparsers(dest="action", required=True)
    member_actions.add_parser("import", help=_("import members from a CSV file")).add_argument(
        "file", type=Path
    )

    invite = commands.add_parser("invite", help=_("invite links"))
    invite_actions = invite.add_subparsers(dest="action", required=True)
    create = invite_actions.add_parser("create", help=_("create an invite link"))
    create.add_argument("--unit", required=True)
    create.add_argument("--role", choices=[r.value for r in Role], default="member")
    create.add_argument("--uses", type=int, default=1)
    create.add_argument("--expires", type=int, metavar="DAYS")

    admins = commands.add_parser("admins", help=_("central office admins"))
    admin_actions = admins.add_subparsers(dest="action", required=True)
    add = admin_actions.add_parser("add", help=_("make a Telegram user an admin"))
    add.add_argument("telegram_id", type=int)
    add.add_argument("--name", default="Admin")

    log = commands.add_parser(
        "log", help=_("the interaction log; `hoibot log export FILE.csv` exports it")
    )
    log.add_argument("export", nargs="*", metavar="export FILE")
    log.add_argument("--member", type=int)
    log.add_argument("--unit")
    log.add_argument("--since", type=_date)
    for add_feature_commands in FEATURE_COMMANDS:
        add_feature_commands(commands)
    return parser


def _date(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("expected a date like 2026-11-24")) from exc


def main(argv: Sequence[str] | None = None) -> int:
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    set_locale(settings.default_locale)
    args = build_parser().parse_args(argv)
    quiet = args.command == "try"  # the terminal is the chat: only problems go to stderr
    level = logging.WARNING if quiet else logging.INFO
    configure_logging(level, secrets=(settings.token, settings.webhook_secret))
    try:
        if args.command == "try":
            from bot.cli.tryout import run_tryout

            return asyncio.run(run_tryout(sys.stdin, sys.stdout))
        if args.command in ("run", "webhook"):
            from bot.app.runner import run_bot

            run_bot(settings, webhook=args.command == "webhook")
            return 0
        return asyncio.run(_manage(settings, args))
    except (ConfigError, SchemaOutOfDate) as exc:
        print(exc, file=sys.stderr)
        return 2
    except CsvProblem as exc:
        print(_("Nothing was imported: {problem}").format(problem=exc), file=sys.stderr)
        return 1
    except UserError as exc:
        print(gettext(exc.message).format(**exc.params), file=sys.stderr)
        return 1


async def _manage(settings: Settings, args: argparse.Namespace) -> int:
    db = Database(settings.database_url)
    try:
        if args.command == "db":
            if args.action == "upgrade":
                await db.upgrade()
            print(_("Schema revision: {revision}").format(revision=await db.current_revision()))
            return 0
        await db.ensure_schema(migrate=settings.auto_migrate)
        return await _dispatch(settings, db, args)
    finally:
        await db.dispose()


async def _dispatch(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    if getattr(args, "handler", None) is not None:
        return int(await args.handler(settings, db, args) or 0)
    command, action = args.command, getattr(args, "action", None)
    if (command, action) == ("units", "import"):
        created, updated = await operations.import_units(db, args.file)
        print(
            _("Units: {created} created, {updated} updated.").format(
                created=created, updated=updated
            )
        )
    elif (command, action) == ("units", "list"):
        for depth, unit in await operations.unit_tree(db):
            print(f"{'  ' * depth}{unit.code}  {unit.name}  [{unit.kind.value}]")
    elif (command, action) == ("members", "import"):
        created, updated = await operations.import_members(db, args.file)
        print(
            _("Members: {created} created, {updated} updated.").format(
                created=created, updated=updated
            )
        )
    elif (command, action) == ("invite", "create"):
        code = await operations.new_invite(db, args.unit, Role(args.role), args.uses, args.expires)
        username = await _bot_username(settings)
        print(f"https://t.me/{username}?start={code}")
    elif (command, action) == ("admins", "add"):
        unit_name = await operations.add_admin(db, args.telegram_id, args.name)
        print(
            _("{telegram_id} is now an admin of {unit}.").format(
                telegram_id=args.telegram_id, unit=unit_name
            )
        )
    elif command == "log":
        return await _log(db, args)
    return 0


async def _log(db: Database, args: argparse.Namespace) -> int:
    if args.export:
        if len(args.export) != 2 or args.export[0] != "export":
            print(_("usage: hoibot log export FILE.csv"), file=sys.stderr)
            return 2
        count = await operations.export_log(db, Path(args.export[1]))
        print(_("{count} interactions written to {file}.").format(count=count, file=args.export[1]))
        return 0
    if args.member is None and args.unit is None:
        print(_("Say whose log: --member ID or --unit CODE."), file=sys.stderr)
        return 2
    async for row in operations.interactions(db, args.member, args.unit, args.since):
        arrow = "→" if row.direction.value == "out" else "←"
        text = (row.text or row.payload or "").replace("\n", " ")[:120]
        who = f"member={row.member_id or '-'} chat={row.chat_id or '-'}"
        print(f"{row.at:%Y-%m-%d %H:%M:%S} {arrow} {row.kind:<20} {who} {text}")
    return 0


async def _bot_username(settings: Settings) -> str:
    """The bot's @username for deep links: from HOIBOT_BOT_USERNAME, else asked of Telegram."""
    if settings.bot_username:
        return settings.bot_username
    from telegram import Bot

    async with Bot(settings.require_token(), base_url=settings.telegram_api_url) as bot:
        return bot.username
