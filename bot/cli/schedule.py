"""`hoibot schedule import FILE [--dry-run]` and `hoibot schedule export --ics FILE`."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.app.errors import UserError
from bot.app.settings import Settings
from bot.directives.text import UnsupportedDocument, load_text
from bot.schedule.ics import calendar_ics
from bot.schedule.importing import apply_import, preview, read_document
from bot.text.files import NotText, decode_text
from bot.text.i18n import N_, _
from storage.db import Database
from storage.people.units import get_root, get_unit_by_code
from storage.schedule import list_all, list_concerning

EXPORT_LIMIT = 20000
NOTHING_FOUND = N_(
    "Nothing to import from {file}: no key-task table (a header line with TT, Nội dung, "
    "Thời gian, Phụ trách, or a CSV with noi_dung, thoi_gian) and no tasks under a heading "
    "that names a coming period (PHƯƠNG HƯỚNG CÔNG TÁC QUÝ II, Nhiệm vụ trọng tâm 6 tháng "
    "cuối năm…)."
)


def add_commands(commands: Any) -> None:
    """Add `schedule` and its actions to the `hoibot` command."""
    schedule = commands.add_parser("schedule", help=_("the calendar"))
    actions = schedule.add_subparsers(dest="action", required=True)
    load = actions.add_parser(
        "import", help=_("import a key-task table (.txt, .docx, .pdf) or a calendar CSV")
    )
    load.add_argument("file", type=Path)
    load.add_argument(
        "--dry-run", action="store_true", help=_("show what would be imported; save nothing")
    )
    load.add_argument(
        "--unit", help=_("code of the unit whose calendar it is (default: the central office)")
    )
    load.add_argument("--year", type=int, help=_("year for periods written without one"))
    load.set_defaults(handler=import_file)
    export = actions.add_parser("export", help=_("write the calendar as an iCalendar file"))
    export.add_argument("--ics", type=Path, required=True, metavar="FILE")
    export.add_argument("--unit", help=_("only what concerns this unit (by code)"))
    export.set_defaults(handler=export_ics)


def _read(path: Path) -> str:
    """The text of a key-task file: a .csv or .txt in any encoding bot.text.files reads
    (refused with the line where it stops being text), or a .docx or .pdf."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        error = exc.strerror
        raise UserError(N_("Cannot read {file}: {error}"), file=str(path), error=error) from exc
    if path.suffix.lower() in (".csv", ".txt"):
        try:
            return decode_text(content)
        except NotText as exc:
            reason = _("line {line}: {message}").format(line=exc.line, message=exc)
            raise UserError(N_("I could not read this file: {reason}"), reason=reason) from exc
    try:
        return load_text(path.name, content)
    except UnsupportedDocument as exc:
        raise UserError(N_("I could not read this file: {reason}"), reason=str(exc)) from exc


async def import_file(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    text = _read(args.file)
    year = args.year or datetime.now(settings.tz).year
    plan = read_document(text, filename=args.file.name, default_year=year)
    if not plan.table.found:
        print(_(NOTHING_FOUND).format(file=args.file), file=sys.stderr)
        return 1
    async with db.session() as session:
        owner = await (get_unit_by_code(session, args.unit) if args.unit else get_root(session))
        if owner is None:
            raise UserError(
                N_("Unknown unit {code}.")
                if args.unit
                else N_("Import the units first: no central office unit exists yet."),
                code=args.unit,
            )
        result = await apply_import(session, plan, owner, actor_id=None, dry_run=args.dry_run)
        if plan.source_ref:
            print(_("From: {source}").format(source=plan.source_ref))
        print("\n".join(preview(result, dry_run=args.dry_run)))
        if not result.rows:
            print(_("Nothing to import: no item could be read."), file=sys.stderr)
            return 1
        if args.dry_run:
            print(_("Dry run: nothing was saved."))
            return 0
        await session.commit()
    return 0


async def export_ics(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    since = date(1900, 1, 1)  # the operator's export holds the whole calendar
    async with db.session() as session:
        if args.unit:
            unit = await get_unit_by_code(session, args.unit)
            if unit is None:
                raise UserError(N_("Unknown unit {code}."), code=args.unit)
            items = await list_concerning(session, [unit.id], since, EXPORT_LIMIT)
        else:
            items = await list_all(session, since, EXPORT_LIMIT)
    args.ics.write_bytes(calendar_ics(items, name=_("Association calendar"), tz=settings.tz))
    print(_("{count} item(s) written to {file}.").format(count=len(items), file=args.ics))
    return 0
