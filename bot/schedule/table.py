"""Reading a key-task table ("TT / Nội dung / Thời gian / Phụ trách") out of a document's text.

Pure: text in, rows out. The table may be tab-separated (a Word table pasted or loaded from
.docx) or laid out in columns of spaces (a PDF or a plain-text copy); a row may run over
several lines; one row may hold several tasks ("- A. - B.") with several periods in its
"Thời gian" cell ("T3,4/2024 T5/2024"), which become one item each. What cannot be read is
returned as a problem with its line, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.periods import Period, Precision, parse_periods
from bot.periods.text import normalize
from bot.text.folding import fold
from bot.text.i18n import N_, gettext

_COLUMNS = {
    "number": ("tt", "stt", "so tt"),
    "title": ("noi dung", "noi dung cong viec", "cong viec", "nhiem vu"),
    "period": ("thoi gian", "thoi gian thuc hien", "thoi han"),
    "responsible": ("phu trach", "don vi phu trach", "chu tri", "don vi chu tri"),
    "place": ("dia diem",),
}
_NUMBER = re.compile(r"^\d{1,3}\.?$")
# A run of two blanks or more separates columns laid out with spaces.
_SPACE_GAP = re.compile(r"[^\S\t\n]{2,}")
# A bullet opening a task inside a cell: at its start, or after the end of a sentence.
_TASK_BULLET = re.compile(r"(?:^|(?<=[.;:!?])\s+|\n)\s*[-–•+]\s+")
# A bullet opening a responsible party: "-Ban Tuyên giáo" at the start or after a blank.
_PARTY_BULLET = re.compile(r"(?:^|\s)[-–•]\s*(?=[^\s\d-])")
_TENTATIVE = re.compile(r"^\s*(?:\(?\s*dự kiến\s*\)?|du kien)\s*[:,]?\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One calendar item read from a table; the optional fields come from a CSV."""

    number: str
    title: str
    period: Period
    line: int
    responsible: str | None = None
    place: str | None = None
    details: str | None = None
    unit_codes: tuple[str, ...] | None = None  # ("*",) for everyone; None: the default
    recurring: bool = False
    source: str | None = None  # the line a task written as prose was read from


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row, or a part of one, that was not imported (or only with a caveat)."""

    line: int
    number: str | None
    text: str
    reason: str  # a msgid, translated where it is shown, with `params` filled in
    params: dict[str, object] = field(default_factory=dict)

    def message(self) -> str:
        return gettext(self.reason).format(**self.params)


@dataclass
class TaskTable:
    rows: list[TaskRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    found: bool = False


@dataclass
class _RawRow:
    number: str
    line: int
    cells: dict[str, list[str]] = field(default_factory=dict)

    def add(self, column: str, text: str) -> None:
        text = text.strip()
        if text:
            self.cells.setdefault(column, []).append(text)

    def cell(self, column: str) -> str:
        return "\n".join(self.cells.get(column, []))


def _column_of(header_cell: str) -> str | None:
    key = " ".join(normalize(header_cell).strip(" .:").split())
    return next((name for name, keys in _COLUMNS.items() if key in keys), None)


def _header(cells: list[str]) -> list[str | None] | None:
    columns = [_column_of(cell) for cell in cells]
    if "title" in columns and "period" in columns:
        return columns
    return None


def _split_spaces(line: str) -> list[tuple[int, str]]:
    """Pieces of a space-aligned line with where each starts."""
    pieces, start = [], 0
    for gap in _SPACE_GAP.finditer(line):
        if line[start : gap.start()].strip():
            pieces.append((start, line[start : gap.start()]))
        start = gap.end()
    if line[start:].strip():
        pieces.append((start, line[start:]))
    return pieces


def _by_offset(pieces: list[tuple[int, str]], offsets: list[int]) -> list[str]:
    """Put each piece in the column whose header starts nearest at or before it."""
    cells = [""] * len(offsets)
    for start, text in pieces:
        index = max((i for i, at in enumerate(offsets) if at <= start + 2), default=0)
        cells[index] = f"{cells[index]} {text.strip()}".strip()
    return cells


def _raw_rows(lines: list[str]) -> tuple[list[_RawRow], bool]:
    """The rows under the first header line, each with its cells' text."""
    rows: list[_RawRow] = []
    columns: list[str | None] | None = None
    offsets: list[int] = []
    tabs = False
    after_blank = False
    for index, line in enumerate(lines, start=1):
        if columns is None:
            tabs = "\t" in line
            cells = line.split("\t") if tabs else [text for _, text in _split_spaces(line)]
            columns = _header(cells)
            if columns is not None and not tabs:
                offsets = [start for start, _ in _split_spaces(line)]
            continue
        if not line.strip():
            after_blank = True
            continue
        if tabs:
            cells = line.split("\t")
        elif offsets:
            cells = _by_offset(_split_spaces(line), offsets)
        else:  # pragma: no cover - a header always has offsets
            cells = [line]
        first = cells[0].strip()
        if _NUMBER.match(first) and len(cells) > 1:
            rows.append(_RawRow(first.rstrip("."), index))
            after_blank = False
        elif not rows or (after_blank and len(cells) == 1):
            if rows:
                break  # prose after the table
            continue
        elif len(cells) == 1:
            # A wrapped line without column gaps continues the task's text.
            rows[-1].add("title", first)
            continue
        for column, text in zip(columns, cells, strict=False):
            if column is not None and column != "number":
                rows[-1].add(column, text)
    return rows, columns is not None


def _tasks(cell: str) -> list[str]:
    if not re.match(r"\s*[-–•+]\s", cell):
        return [cell]
    return [part for part in _TASK_BULLET.split(cell) if part.strip()]


def _parties(cell: str) -> list[str]:
    if not re.match(r"\s*[-–•]", cell):
        return [cell]
    return [part for part in _PARTY_BULLET.split(cell) if part.strip()]


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(" -–•+").rstrip(" .;,").replace(" ,", ",")


def _title_and_tentative(text: str) -> tuple[str, bool]:
    title = _tidy(text)
    match = _TENTATIVE.match(title)
    if match is None:
        return title, False
    rest = title[match.end() :]
    return rest[:1].upper() + rest[1:], True


def _unparsed_or_later(period: Period) -> bool:
    return period.unparsed or period.precision is Precision.UNKNOWN


def _items_of(raw: _RawRow, default_year: int) -> tuple[list[TaskRow], list[RowProblem]]:
    tasks = [t for t in (_tidy(t) for t in _tasks(raw.cell("title"))) if t]
    shown = _tidy(raw.cell("title")) or raw.cell("period")
    if not tasks:
        return [], [RowProblem(raw.line, raw.number, shown, N_("the row has no content"))]
    period_cell = " ".join(raw.cell("period").split())
    periods = parse_periods(period_cell, default_year)
    if not periods:
        periods = [Period(Precision.UNKNOWN, to_be_announced=True)]
    if len(tasks) != len(periods) and len(tasks) > 1 and len(periods) > 1:
        reason = N_("{tasks} tasks but {periods} periods: which goes with which?")
        counts: dict[str, object] = {"tasks": len(tasks), "periods": len(periods)}
        return [], [RowProblem(raw.line, raw.number, f"{shown} | {period_cell}", reason, counts)]
    count = max(len(tasks), len(periods))
    tasks = tasks * count if len(tasks) == 1 else tasks
    periods = periods * count if len(periods) == 1 else periods
    parties = [_tidy(p) for p in _parties(raw.cell("responsible"))]
    parties = [p for p in parties if p]
    if len(parties) != count:
        parties = ["; ".join(parties)] * count if parties else [""] * count
    place = _tidy(raw.cell("place")) or None
    items: list[TaskRow] = []
    problems: list[RowProblem] = []
    for index, (task, period, party) in enumerate(zip(tasks, periods, parties, strict=True)):
        number = raw.number if count == 1 else f"{raw.number}.{index + 1}"
        title, tentative = _title_and_tentative(task)
        if tentative:
            period = replace(period, tentative=True)
        if period.unparsed:
            reason = N_("the time “{text}” was not understood: saved as to be announced")
            problems.append(RowProblem(raw.line, number, title, reason, {"text": period.text}))
        elif not period_cell:
            reason = N_("no time given: saved as to be announced")
            problems.append(RowProblem(raw.line, number, title, reason))
        items.append(TaskRow(number, title, period, raw.line, party or None, place))
    return items, problems


def read_task_table(text: str, default_year: int) -> TaskTable:
    """The key-task table in `text` (the first one, under its header line).

    `default_year` fills a period written without a year (the document's year).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    raw_rows, found = _raw_rows(lines)
    table = TaskTable(found=found)
    for raw in raw_rows:
        items, problems = _items_of(raw, default_year)
        table.rows.extend(items)
        table.problems.extend(problems)
    return table


def title_key(title: str) -> str:
    """A row's title folded for matching: case, diacritics and spacing do not matter."""
    return " ".join(fold(title).split())
