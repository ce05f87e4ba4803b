"""Importing a key-task table, tasks written as prose under a heading ("PHƯƠNG HƯỚNG CÔNG
TÁC QUÝ II"), or a CSV into the calendar, the same way from the CLI and the bot.

`read_document` says what it understood (and what not) without touching the database;
`apply_import` saves it. Each row has a stable key (its document, number and title), so
importing the same file again changes nothing, and a corrected file updates its items.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from sqlalchemy.ext.asyncio import AsyncSession

from bot.directives.text import DirectiveKind, extract_directive, header_end
from bot.schedule.csvfile import read_task_csv
from bot.schedule.items import period_columns
from bot.schedule.prose import read_prose_tasks
from bot.schedule.render import describe_period, shorten
from bot.schedule.service import ItemValues, change_item, create_item
from bot.schedule.table import RowProblem, TaskRow, TaskTable, read_task_table, title_key
from bot.text.folding import fold
from bot.text.i18n import N_, _
from storage.models import ItemAudience, Unit
from storage.people.units import get_unit_by_code
from storage.schedule import get_item_by_import_key, set_audience


@dataclass
class ImportPlan:
    """What a document holds: its rows, what could not be read, and where it comes from."""

    table: TaskTable
    source_ref: str | None
    year: int


# "ngày   tháng 7 năm 2023": a draft's day is blank, its year is not.
_HEADER_YEAR = re.compile(r"tháng\s+\d{1,2}\s+năm\s+(\d{4})", re.IGNORECASE)
_HEADER_LINES = 20


def read_document(text: str, *, filename: str | None, default_year: int) -> ImportPlan:
    """Find the key-task table and the tasks written as prose (or read the CSV) in an
    uploaded or pasted document."""
    if filename and PurePosixPath(filename).suffix.lower() == ".csv":
        return ImportPlan(read_task_csv(text, default_year), None, default_year)
    directive = extract_directive(text)
    year = directive.issued_on.year if directive.issued_on else _header_year(text, default_year)
    parts = [
        directive.kind.value if directive.kind else "",
        f"số {directive.number}" if directive.number else "",
        f"“{directive.title}”" if directive.title else "",
        f"ngày {directive.issued_on:%d/%m/%Y}" if directive.issued_on else "",
    ]
    source = " ".join(part for part in parts if part)[:255] or None
    table = read_task_table(text, year)
    prose = read_prose_tasks(
        text,
        year=year,
        body_start=header_end(text),
        issued_on=directive.issued_on,
        schedule_notice=_schedule_notice(directive.kind, directive.title),
    )
    offset = len(table.rows)
    table.rows.extend(replace(row, number=f"{offset + int(row.number)}") for row in prose.rows)
    table.found = table.found or prose.found
    return ImportPlan(table, source, year)


def _schedule_notice(kind: DirectiveKind | None, title: str | None) -> bool:
    """ "THÔNG BÁO / Lịch gặp mặt …": a notice whose dated lines are the schedule."""
    return kind is DirectiveKind.THONG_BAO and fold(title or "").startswith("lich")


def _header_year(text: str, default_year: int) -> int:
    head = "\n".join(text.splitlines()[:_HEADER_LINES])
    match = _HEADER_YEAR.search(head)
    return int(match[1]) if match else default_year


class RowState(enum.StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


_STATE_NAMES = {
    RowState.NEW: N_("new"),
    RowState.UPDATED: N_("updated"),
    RowState.UNCHANGED: N_("unchanged"),
}


@dataclass
class ImportResult:
    rows: list[tuple[TaskRow, RowState]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def count(self, state: RowState) -> int:
        return sum(1 for _row, s in self.rows if s is state)


def import_key(source: str | None, row: TaskRow) -> str:
    digest = hashlib.sha1(f"{source or ''}|{row.number}|{title_key(row.title)}".encode())
    return "imp:" + digest.hexdigest()[:40]


async def _audience(
    session: AsyncSession, row: TaskRow, owner: Unit
) -> tuple[ItemAudience, list[int]] | RowProblem:
    if row.unit_codes is None:
        if owner.parent_id is None:
            return ItemAudience.EVERYONE, []
        return ItemAudience.SUBTREE, [owner.id]
    if row.unit_codes == ("*",):
        return ItemAudience.EVERYONE, []
    ids = []
    for code in row.unit_codes:
        unit = await get_unit_by_code(session, code)
        if unit is None:
            reason = N_("unknown unit {code}")
            return RowProblem(row.line, row.number, row.title, reason, {"code": code})
        ids.append(unit.id)
    return (ItemAudience.SUBTREE if len(ids) == 1 else ItemAudience.UNITS), ids


async def apply_import(
    session: AsyncSession,
    plan: ImportPlan,
    owner: Unit,
    *,
    actor_id: int | None,
    dry_run: bool,
) -> ImportResult:
    """Create or update an item per row (nothing is written on a dry run)."""
    result = ImportResult(problems=list(plan.table.problems))
    for row in plan.table.rows:
        audience = await _audience(session, row, owner)
        if isinstance(audience, RowProblem):
            result.problems.append(audience)
            continue
        key = import_key(plan.source_ref, row)
        item = await get_item_by_import_key(session, key)
        values = ItemValues(
            title=row.title,
            period=row.period,
            owner_unit_id=owner.id,
            audience=audience[0],
            unit_ids=audience[1],
            place=row.place,
            details=row.details,
            responsible=row.responsible,
            recurring=row.recurring,
            source_ref=plan.source_ref,
        )
        if item is None:
            result.rows.append((row, RowState.NEW))
            if not dry_run:
                await create_item(session, values, created_by=actor_id, import_key=key)
            continue
        stored = (item.title, item.period_text, item.place, item.responsible, item.details)
        same = stored == (
            row.title,
            period_columns(row.period)["period_text"],
            row.place,
            row.responsible,
            row.details,
        )
        result.rows.append((row, RowState.UNCHANGED if same else RowState.UPDATED))
        if not same and not dry_run:
            await change_item(
                session,
                item,
                actor_id=actor_id,
                title=row.title,
                period=row.period,
                place=row.place or "",
                details=row.details or "",
                responsible=row.responsible or "",
            )
            await set_audience(session, item, *audience)
    return result


def preview(result: ImportResult, *, dry_run: bool) -> list[str]:
    """Plain lines saying what was understood and what was not, row by row."""
    lines = [
        _("Understood {count} item(s):").format(count=len(result.rows))
        if dry_run
        else _("Imported {new} new, {updated} updated, {same} unchanged:").format(
            new=result.count(RowState.NEW),
            updated=result.count(RowState.UPDATED),
            same=result.count(RowState.UNCHANGED),
        )
    ]
    for row, state in result.rows:
        who = _(" · in charge: {who}").format(who=row.responsible) if row.responsible else ""
        lines.append(
            f"  {row.number} · {describe_period(row.period)} · "
            f"{shorten(row.title, 90)}{who} [{_(_STATE_NAMES[state])}]"
        )
        if row.source:
            lines.append(
                "      "
                + _("↳ line {line}: {text}").format(line=row.line, text=shorten(row.source, 90))
            )
    if result.problems:
        lines.append(_("Not understood ({count}):").format(count=len(result.problems)))
        for problem in result.problems:
            number = f" ({problem.number})" if problem.number else ""
            lines.append(
                _("  line {line}{number}: {text}: {reason}").format(
                    line=problem.line,
                    number=number,
                    text=shorten(problem.text, 80),
                    reason=problem.message(),
                )
            )
    return lines
