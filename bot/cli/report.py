"""`hoibot report PERIOD`: a period's figures as text, and as .xlsx and a chart on request;
`hoibot report check FILE`: the report checker on a report draft (.txt, .docx, .pdf)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.app.error_handler import plain
from bot.app.errors import UserError
from bot.app.settings import Settings
from bot.cli.lookup import opened_period, unit_named
from bot.directives.text import UnsupportedDocument, load_text
from bot.figures.checking import check_report
from bot.figures.checking.known import checking_indicators, known_figures
from bot.figures.checking.render import lines_of
from bot.figures.exports import chart, workbook_of
from bot.figures.report import build_report, chart_bars
from bot.figures.report_text import paragraph, report_text
from bot.text.i18n import N_, _
from storage.db import Database
from storage.figures import sync_roster
from storage.people.units import get_root


def add_commands(commands: Any) -> None:
    """`hoibot report PERIOD [--unit CODE] [--approved] [--xlsx FILE] [--chart FILE.png]`, and
    `hoibot report check FILE` (a period is never called "check", so the two cannot meet)."""
    report = commands.add_parser(
        "report",
        help=_("the report of a period; “report check FILE” checks the sums of a report draft"),
    )
    report.add_argument("period", nargs="+", help=_("the period, or: check FILE"))
    report.add_argument("--unit", metavar="CODE", help=_("a subtree (default: everything)"))
    report.add_argument("--approved", action="store_true", help=_("approved figures only"))
    report.add_argument("--xlsx", type=Path, metavar="FILE")
    report.add_argument("--chart", type=Path, metavar="FILE.png")
    report.set_defaults(handler=make_report)


async def make_report(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    if args.period[0].casefold() == "check":
        return await check_file(settings, db, args.period[1:])
    tz = settings.tz
    async with db.session() as session:
        period = await opened_period(session, args.period)
        root = await unit_named(session, args.unit) if args.unit else await get_root(session)
        if root is None:
            raise UserError(N_("Import the units first: no central office unit exists yet."))
        await sync_roster(session, period)
        data = await build_report(session, period, root, approved_only=args.approved, tz=tz)
        print(plain(report_text(data).replace(paragraph(data), "")).rstrip())
        print(paragraph(data))
        if args.xlsx:
            args.xlsx.write_bytes(await workbook_of(session, data, tz))
            print(_("Written {file}.").format(file=args.xlsx))
        if args.chart:
            bars, kind = await chart_bars(session, data)
            args.chart.write_bytes(chart(data, bars, kind))
            print(_("Written {file}.").format(file=args.chart))
        await session.commit()
    return 0


async def check_file(settings: Settings, db: Database, words: list[str]) -> int:
    """Print each discrepancy of a report draft; 1 if there is any, 2 if it cannot be read."""
    if len(words) != 1:
        print(_("Usage: hoibot report check FILE (.txt, .docx or .pdf)"), file=sys.stderr)
        return 2
    path = Path(words[0])
    try:
        text = load_text(path.name, path.read_bytes())
    except (OSError, UnsupportedDocument) as problem:
        reason = problem.strerror if isinstance(problem, OSError) else str(problem)
        print(_("Cannot read {file}: {problem}").format(file=path, problem=reason), file=sys.stderr)
        return 2
    async with db.session() as session:
        words_of, indicators = await checking_indicators(session)
        known = await known_figures(session, text, settings.tz)
    check = check_report(text, words_of, known)
    for line in lines_of(check, indicators, known):
        print(line)
    return 0 if check.ok else 1
