"""The `hoibot` command: run the bot, try it offline, and manage units, people and the log.

One module per command group (database, units, members, invite, log, worker, period, report,
directive, schedule, web, tryout); `main` reads the settings, parses the arguments and runs the
command."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from bot.app.errors import UserError
from bot.app.logsafe import configure_logging
from bot.app.settings import ConfigError, Settings, load_settings
from bot.cli import (
    database,
    directive,
    invite,
    log,
    members,
    period,
    report,
    schedule,
    units,
    web,
    worker,
)
from bot.people.csv_import import CsvProblem
from bot.text.i18n import _, set_locale
from storage.db import Database, SchemaOutOfDate

# Each command group adds its subcommands: a function of the subparsers object that sets
# `handler` (an async function of settings, database and args) on each of its parsers.
COMMAND_GROUPS: list[Callable[[Any], None]] = [
    database.add_commands,
    units.add_commands,
    members.add_commands,
    invite.add_commands,
    log.add_commands,
    worker.add_commands,
    period.add_commands,
    report.add_commands,
    directive.add_commands,
    schedule.add_commands,
    web.add_commands,
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
    for add_commands in COMMAND_GROUPS:
        add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Until the settings are read, the operator's language is what the environment says.
    set_locale(os.environ.get("HOIBOT_DEFAULT_LOCALE", "vi").strip())
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
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except SchemaOutOfDate:
        print(
            _("The database schema is out of date. Run `hoibot db upgrade` first."), file=sys.stderr
        )
        return 2
    except CsvProblem as exc:
        print(_("Nothing was imported: {problem}").format(problem=exc), file=sys.stderr)
        return 1
    except UserError as exc:
        print(exc.plain(), file=sys.stderr)
        return 1


async def _manage(settings: Settings, args: argparse.Namespace) -> int:
    db = Database(settings.database_url, pool_size=settings.database_pool_size)
    try:
        if args.command != "db":  # `hoibot db` works on any schema, or none yet
            await db.ensure_schema(migrate=settings.auto_migrate)
        return int(await args.handler(settings, db, args) or 0)
    finally:
        await db.dispose()
