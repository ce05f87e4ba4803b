"""`hoibot indicators`, `hoibot period` and `hoibot unit-life`: what units report, for which
periods, and since when a unit exists (for completeness)."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bot.app.errors import UserError
from bot.app.settings import Settings
from bot.cli.lookup import opened_period, period_span, unit_named
from bot.figures.indicators import parse_indicator_file
from bot.figures.periods import (
    DEFAULT_GRACE_DAYS,
    default_deadline,
    parse_day,
)
from bot.figures.service import close_period, label, open_period
from bot.figures.validation import describe_rules
from bot.text.formatting import format_day
from bot.text.i18n import N_, _
from storage.db import Database
from storage.figures import (
    count_expected,
    list_indicators,
    list_periods,
    store_indicators,
    sync_roster,
)
from storage.models import UnitKind


def _day(text: str) -> date:
    day = parse_day(text, datetime.now(UTC).date())
    if day is None:
        raise argparse.ArgumentTypeError(_("expected a date like 2026-11-24"))
    return day


def add_commands(commands: Any) -> None:
    """`hoibot indicators`, `hoibot period` and `hoibot unit-life`."""
    indicators = commands.add_parser("indicators", help=_("the indicators units report"))
    actions = indicators.add_subparsers(dest="action", required=True)
    load = actions.add_parser(
        "load", help=_("load indicators and their rules from a TOML or JSON file")
    )
    load.add_argument("file", type=Path)
    load.set_defaults(handler=load_indicators)
    actions.add_parser("list", help=_("list the indicators and their rules")).set_defaults(
        handler=show_indicators
    )

    period = commands.add_parser("period", help=_("reporting periods"))
    actions = period.add_subparsers(dest="action", required=True)
    opening = actions.add_parser("open", help=_("open (or change) a reporting period"))
    opening.add_argument(
        "period", nargs="+", help=_("e.g. Q1/2020, 2020-Q1, 3/2020, 2020-H1, 2020")
    )
    opening.add_argument("--deadline", type=_day, help=_("default: 10 days after the period"))
    opening.add_argument("--grace", type=int, default=DEFAULT_GRACE_DAYS, metavar="DAYS")
    opening.add_argument("--kinds", default="", help=_("comma-separated unit kinds that report"))
    opening.add_argument("--under", metavar="CODE", help=_("only units under this one report"))
    opening.set_defaults(handler=open_reporting)
    closing = actions.add_parser("close", help=_("close a period: its figures are locked"))
    closing.add_argument("period", nargs="+")
    closing.set_defaults(handler=close_reporting)
    actions.add_parser("list", help=_("list the periods")).set_defaults(handler=show_periods)

    life = commands.add_parser(
        "unit-life", help=_("when a unit was founded, dissolved or merged (for completeness)")
    )
    life.add_argument("code")
    life.add_argument("--founded", type=_day)
    life.add_argument("--dissolved", type=_day)
    life.add_argument("--merged-into", metavar="CODE")
    life.set_defaults(handler=set_unit_life)


async def load_indicators(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    specs = parse_indicator_file(args.file)
    async with db.session() as session, session.begin():
        created, updated, retired = await store_indicators(session, specs)
    print(
        _("Indicators: {created} created, {updated} updated, {retired} no longer asked.").format(
            created=created, updated=updated, retired=retired
        )
    )
    return 0


async def show_indicators(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    async with db.session() as session:
        indicators = await list_indicators(session, active_only=False)
        for indicator in indicators:
            state = "" if indicator.active else _(" (no longer asked)")
            rules = "; ".join(describe_rules(indicator, indicators))
            print(f"{indicator.code:<12} {indicator.kind:<6} {indicator.name_vi}{state}  [{rules}]")
    return 0


async def open_reporting(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    kinds = []
    for name in filter(None, (k.strip() for k in args.kinds.split(","))):
        try:
            kinds.append(UnitKind(name))
        except ValueError as exc:
            raise UserError(
                N_("unknown kind {kind!r}; use one of: {kinds}"),
                kind=name,
                kinds=", ".join(k.value for k in UnitKind),
            ) from exc
    async with db.session() as session, session.begin():
        span = period_span(args.period)
        root_id = None
        if args.under:
            root_id = (await unit_named(session, args.under)).id
        period, created = await open_period(
            session,
            span,
            deadline=args.deadline or default_deadline(span.ends_on),
            grace_days=args.grace,
            now=datetime.now(UTC),
            kinds=kinds,
            root_id=root_id,
        )
        expected = await count_expected(session, period.id)
        if created:
            text = _(
                "Opened {period} ({code}): due {deadline}, {grace} day(s) of grace, "
                "{count} units expected."
            )
        else:
            text = _(
                "Updated {period} ({code}): due {deadline}, {grace} day(s) of grace, "
                "{count} units expected."
            )
        print(
            text.format(
                period=label(period),
                code=period.code,
                deadline=format_day(period.deadline),
                grace=period.grace_days,
                count=expected,
            )
        )
    return 0


async def close_reporting(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    async with db.session() as session, session.begin():
        period = await opened_period(session, args.period)
        await close_period(session, period, member_id=None, now=datetime.now(UTC))
        print(_("Closed {period}: its figures are locked.").format(period=label(period)))
    return 0


async def show_periods(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    async with db.session() as session:
        for period in await list_periods(session, open_only=False):
            state = _("closed") if period.closed_at else _("open")
            print(
                f"{period.code:<8} {label(period):<24} {state:<8} "
                + _("due {deadline}").format(deadline=format_day(period.deadline))
            )
    return 0


async def set_unit_life(settings: Settings, db: Database, args: argparse.Namespace) -> int:
    async with db.session() as session, session.begin():
        unit = await unit_named(session, args.code)
        if args.founded:
            unit.founded_on = args.founded
        if args.dissolved:
            unit.dissolved_on = args.dissolved
        if args.merged_into:
            unit.merged_into_id = (await unit_named(session, args.merged_into)).id
        await session.flush()
        for period in await list_periods(session, open_only=True):
            await sync_roster(session, period)
        print(
            _("{code}: founded {founded}, dissolved {dissolved}.").format(
                code=unit.code,
                founded=format_day(unit.founded_on) if unit.founded_on else "—",
                dissolved=format_day(unit.dissolved_on) if unit.dissolved_on else "—",
            )
        )
    return 0
