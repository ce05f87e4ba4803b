"""Reading the operator's CSV files (units, members) into checked rows, or a line-numbered error.

A file is read whatever its encoding and separator (see bot.text.files), one line at a time:
members are checked and handed on row by row, so a file of 100,000 members costs its text
and one row, not 100,000 rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.app.errors import UserError
from bot.people.phones import normalize_phone
from bot.text.files import NotText, csv_delimiter, decode_text, text_lines
from bot.text.i18n import N_, _
from storage.models import Role, UnitKind

KINDS = {kind.value for kind in UnitKind}
ROLES = {role.value for role in Role}
UNIT_COLUMNS = ("code", "name", "parent_code", "kind")
MEMBER_COLUMNS = ("name", "unit", "role", "phone")
# The widths of the columns these values are stored in (storage/models/core.py).
LONGEST = {"code": 64, "name": 255}


class CsvProblem(Exception):
    """A bad row: the message names the line, so the operator can fix the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(_("line {line}: {message}").format(line=line, message=message))
        self.line = line


def read_csv_file(path: Path) -> str:
    """The text of the operator's CSV file in any encoding bot.text.files reads.

    Raises UserError when the file cannot be opened, CsvProblem (naming the line) when it is
    not text.
    """
    try:
        content = path.read_bytes()
    except OSError as exc:
        error = exc.strerror or str(exc)
        raise UserError(N_("Cannot read {file}: {error}"), file=str(path), error=error) from exc
    try:
        return decode_text(content)
    except NotText as exc:
        raise CsvProblem(exc.line, str(exc)) from exc


def _rows(text: str, required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) for each row that is not blank, the columns named by the header line.

    Column names are compared without case and surrounding blanks; the separator is the
    header's (`,`, `;` or a tab).
    """
    reader = csv.DictReader(text_lines(text), delimiter=csv_delimiter(text))
    try:
        header = [h.strip().lstrip("\ufeff").strip().lower() for h in reader.fieldnames or []]
        missing = [name for name in required if name not in header]
        if missing:
            columns = ", ".join(missing)
            raise CsvProblem(1, _("missing column(s): {columns}").format(columns=columns))
        reader.fieldnames = header
        for row in reader:
            values = {k: (v or "").strip() for k, v in row.items() if k is not None}
            if any(values.values()):  # Excel leaves rows of bare separators at the end
                yield reader.line_num, values
    except csv.Error as exc:
        raise CsvProblem(
            reader.line_num, _("not a valid CSV line ({error})").format(error=exc)
        ) from exc


def _check_length(line: int, row: dict[str, str], columns: Iterable[str]) -> None:
    for column in columns:
        if len(row[column]) > LONGEST[column]:
            raise CsvProblem(
                line,
                _("the {column} is longer than {limit} characters").format(
                    column=column, limit=LONGEST[column]
                ),
            )


def parse_units(text: str, known_codes: set[str]) -> list[dict[str, str]]:
    """Units in an order where parents come first; every reference must resolve."""
    rows = _rows(text, UNIT_COLUMNS)
    seen: dict[str, int] = {}
    parsed: list[tuple[int, dict[str, str]]] = []
    for line, row in rows:
        code, name, kind = row["code"], row["name"], row["kind"]
        if not code:
            raise CsvProblem(line, _("the code is empty"))
        if code in seen:
            raise CsvProblem(
                line,
                _("code {code} already appears on line {other}").format(
                    code=code, other=seen[code]
                ),
            )
        if not name:
            raise CsvProblem(line, _("the name is empty"))
        _check_length(line, row, ("code", "name"))
        if kind not in KINDS:
            raise CsvProblem(
                line,
                _("unknown kind {kind!r}; use one of: {kinds}").format(
                    kind=kind, kinds=", ".join(sorted(KINDS))
                ),
            )
        seen[code] = line
        parsed.append(
            (
                line,
                {
                    "code": code,
                    "name": name,
                    "kind": kind,
                    "parent_code": row["parent_code"],
                    "also_under": row.get("also_under", ""),
                },
            )
        )
    available = known_codes | set(seen)
    for line, row in parsed:
        for ref in (row["parent_code"], row["also_under"]):
            if ref and ref not in available:
                raise CsvProblem(line, _("unknown parent unit {code}").format(code=ref))
            if ref == row["code"]:
                raise CsvProblem(line, _("a unit cannot be its own parent"))
    _check_no_cycle(parsed)
    return [row for _line, row in parsed]


def _check_no_cycle(parsed: list[tuple[int, dict[str, str]]]) -> None:
    """No unit may be its own ancestor. Depth-first without recursion: a chain of 100,000
    units, each under the one before, must not exhaust Python's stack."""
    parents = {
        row["code"]: [p for p in (row["parent_code"], row["also_under"]) if p] for _l, row in parsed
    }
    line_of = {row["code"]: line for line, row in parsed}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    for start in parents:
        if start in state:
            continue
        state[start] = 1
        path: list[tuple[str, Iterator[str]]] = [(start, iter(parents[start]))]
        while path:
            code, pending = path[-1]
            parent = next(pending, None)
            if parent is None:
                state[code] = 2
                path.pop()
            elif state.get(parent) == 1:
                raise CsvProblem(
                    line_of[code], _("unit {code} is its own ancestor").format(code=code)
                )
            elif parent not in state:
                state[parent] = 1
                path.append((parent, iter(parents.get(parent, []))))


def parse_members(text: str, known_codes: set[str]) -> list[dict[str, str]]:
    """Pre-registered members: name, unit code, role, phone (normalised)."""
    return list(iter_members(text, known_codes))


def iter_members(text: str, known_codes: set[str]) -> Iterator[dict[str, str]]:
    """The members of `text` one at a time, each checked; a bad row raises CsvProblem when it
    is reached. Run it through once to check the whole file before writing anything."""
    for line, row in _rows(text, MEMBER_COLUMNS):
        if not row["name"]:
            raise CsvProblem(line, _("the name is empty"))
        _check_length(line, row, ("name",))
        if row["unit"] not in known_codes:
            raise CsvProblem(line, _("unknown unit {code}").format(code=row["unit"]))
        if row["role"] not in ROLES:
            raise CsvProblem(
                line, _("unknown role {role!r}; use member, lead or admin").format(role=row["role"])
            )
        phone = normalize_phone(row["phone"])
        if phone is None:
            raise CsvProblem(line, _("{phone!r} is not a phone number").format(phone=row["phone"]))
        yield {"name": row["name"], "unit": row["unit"], "role": row["role"], "phone": phone}
