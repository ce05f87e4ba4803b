"""`hoibot units import FILE` and `hoibot units list`: the tree of units."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.app.settings import Settings
from bot.people.csv_import import parse_units, read_csv_file
from bot.text.i18n import _
from storage.db import Database
from storage.models import Unit
from storage.people.units import list_units, upsert_units


def add_commands(commands: Any) -> None:
    """`hoibot units import FILE` and `hoibot units list`."""
    units = commands.add_parser("units", help=_("the tree of units"))
    actions = units.add_subparsers(dest="action", required=True)
    load = actions.add_parser("import", help=_("import units from a CSV file"))
    load.add_argument("file", type=Path)
    load.set_defaults(handler=import_command)
    actions.add_parser("list", help=_("print the tree")).set_defaults(handler=list_command)


async def import_command(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    created, updated = await import_units(db, args.file)
    print(
        _("Units: {created} created, {updated} updated.").format(created=created, updated=updated)
    )
    return 0


async def list_command(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    for depth, unit in await unit_tree(db):
        print(f"{'  ' * depth}{unit.code}  {unit.name}  [{unit.kind.value}]")
    return 0


async def import_units(db: Database, path: Path) -> tuple[int, int]:
    """Create or update the units of a CSV file (any encoding and separator it may come in),
    all in one transaction: a bad row stops the import with nothing written."""
    text = read_csv_file(path)
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
