"""Reading calendar items from a CSV file, with Vietnamese or English column names.

Columns (a header row names them, in any order; diacritics and case do not matter):
`noi_dung`/`title` and `thoi_gian`/`period` are required; `tt`/`number`, `phu_trach`/
`responsible`, `dia_diem`/`place`, `ghi_chu`/`details`, `don_vi`/`units` (unit codes
separated by spaces or commas, `*` for everyone) and `hang_nam`/`recurring` (x, 1, có, yes)
are optional. Cells are separated by commas, semicolons or tabs, whichever the header line
uses. A row keeps its line number so a problem can be fixed in the file.
"""

from __future__ import annotations

import csv
import re

from bot.periods import Period, Precision, parse_period
from bot.periods.text import normalize
from bot.schedule.table import RowProblem, TaskRow, TaskTable
from bot.text.files import csv_delimiter, text_lines
from bot.text.i18n import N_

_NAMES = {
    "number": ("tt", "stt", "number", "no"),
    "title": ("noi dung", "title", "tieu de", "cong viec"),
    "period": ("thoi gian", "period", "when", "date"),
    "responsible": ("phu trach", "responsible"),
    "place": ("dia diem", "place", "where"),
    "details": ("ghi chu", "details", "notes"),
    "units": ("don vi", "units", "ma don vi", "unit codes"),
    "recurring": ("hang nam", "hang nam lap lai", "recurring", "yearly"),
}
_YES = {"x", "1", "co", "yes", "true", "hang nam"}


def _key(header: str) -> str | None:
    name = " ".join(normalize(header).replace("_", " ").split())
    return next((key for key, names in _NAMES.items() if name in names), None)


def read_task_csv(text: str, default_year: int) -> TaskTable:
    """Rows of a calendar CSV; a file without the two required columns is `found=False`."""
    reader = csv.reader(text_lines(text), delimiter=csv_delimiter(text))
    table = TaskTable()
    try:
        header = next(reader, [])
        columns = [_key(cell) for cell in header]
        if "title" not in columns or "period" not in columns:
            return table
        table.found = True
        for index, cells in enumerate(reader, start=2):
            row = {c: v.strip() for c, v in zip(columns, cells, strict=False) if c is not None}
            if not any(row.values()):
                continue
            _add_row(table, reader.line_num or index, row, default_year)
    except csv.Error as exc:
        table.problems.append(
            RowProblem(reader.line_num, None, str(exc), N_("not a valid CSV line"))
        )
    return table


def _add_row(table: TaskTable, line: int, row: dict[str, str], default_year: int) -> None:
    number = row.get("number") or str(line - 1)
    title = " ".join(row.get("title", "").split())
    if not title:
        table.problems.append(
            RowProblem(line, number, row.get("period", ""), N_("the row has no content"))
        )
        return
    written = row.get("period", "")
    period = (
        parse_period(written, default_year=default_year)
        if written
        else Period(Precision.UNKNOWN, to_be_announced=True)
    )
    if period.unparsed:
        reason = N_("the time “{text}” was not understood: saved as to be announced")
        table.problems.append(RowProblem(line, number, title, reason, {"text": written}))
    units = tuple(code for code in re.split(r"[\s,;]+", row.get("units", "")) if code)
    table.rows.append(
        TaskRow(
            number=number,
            title=title,
            period=period,
            line=line,
            responsible=row.get("responsible") or None,
            place=row.get("place") or None,
            details=row.get("details") or None,
            unit_codes=units or None,
            recurring=normalize(row.get("recurring", "")) in _YES,
        )
    )
