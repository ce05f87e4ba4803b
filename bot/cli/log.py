"""`hoibot log --member ID | --unit CODE` and `hoibot log export FILE.csv`: the interaction
log, read or exported."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.app.interaction_log import LOG_COLUMNS, csv_row
from bot.app.settings import Settings
from bot.cli.lookup import unit_named
from bot.text.i18n import _
from storage.db import Database
from storage.interaction_log import stream_interactions
from storage.models import Interaction, UnitLink


def add_commands(commands: Any) -> None:
    """`hoibot log [--member ID] [--unit CODE] [--since DATE]`, `hoibot log export FILE`."""
    log = commands.add_parser(
        "log", help=_("the interaction log; `hoibot log export FILE.csv` exports it")
    )
    log.add_argument("export", nargs="*", metavar="export FILE")
    log.add_argument("--member", type=int)
    log.add_argument("--unit")
    log.add_argument("--since", type=_date)
    log.set_defaults(handler=log_command)


def _date(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("expected a date like 2026-11-24")) from exc


async def log_command(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    if args.export:
        if len(args.export) != 2 or args.export[0] != "export":
            print(_("usage: hoibot log export FILE.csv"), file=sys.stderr)
            return 2
        count = await export_log(db, Path(args.export[1]))
        print(_("{count} interactions written to {file}.").format(count=count, file=args.export[1]))
        return 0
    if args.member is None and args.unit is None:
        print(_("Say whose log: --member ID or --unit CODE."), file=sys.stderr)
        return 2
    async for row in interactions(db, args.member, args.unit, args.since):
        arrow = "→" if row.direction.value == "out" else "←"
        text = (row.text or row.payload or "").replace("\n", " ")[:120]
        who = f"member={row.member_id or '-'} chat={row.chat_id or '-'}"
        print(f"{row.at:%Y-%m-%d %H:%M:%S} {arrow} {row.kind:<20} {who} {text}")
    return 0


async def interactions(
    db: Database, member_id: int | None, unit_code: str | None, since: datetime | None
) -> AsyncIterator[Interaction]:
    async with db.session() as session:
        unit_ids = None
        if unit_code:
            unit = await unit_named(session, unit_code)
            query = select(UnitLink.descendant_id).where(UnitLink.ancestor_id == unit.id)
            unit_ids = list((await session.execute(query)).scalars())
        async for row in stream_interactions(
            session, member_id=member_id, unit_ids=unit_ids, since=since
        ):
            yield row


async def export_log(db: Database, path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(LOG_COLUMNS)
        async for row in interactions(db, None, None, None):
            writer.writerow(csv_row(row))
            count += 1
    return count
