"""Reading the operator's CSV files (units, members) into checked rows, or a line-numbered error."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from bot.people.phones import normalize_phone
from bot.text.i18n import _
from storage.models import Role, UnitKind

KINDS = {kind.value for kind in UnitKind}
ROLES = {role.value for role in Role}


class CsvProblem(Exception):
    """A bad row: the message names the line, so the operator can fix the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(_("line {line}: {message}").format(line=line, message=message))
        self.line = line


def _rows(text: str, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [name for name in required if name not in header]
        if missing:
            columns = ", ".join(missing)
            raise CsvProblem(1, _("missing column(s): {columns}").format(columns=columns))
        reader.fieldnames = header
        return [
            (reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None})
            for row in reader
        ]
    except csv.Error as exc:
        raise CsvProblem(
            reader.line_num, _("not a valid CSV line ({error})").format(error=exc)
        ) from exc


def parse_units(text: str, known_codes: set[str]) -> list[dict[str, str]]:
    """Units in an order where parents come first; every reference must resolve."""
    rows = _rows(text, ("code", "name", "parent_code", "kind"))
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
    parents = {
        row["code"]: [p for p in (row["parent_code"], row["also_under"]) if p] for _l, row in parsed
    }
    line_of = {row["code"]: line for line, row in parsed}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(code: str) -> None:
        state[code] = 1
        for parent in parents.get(code, []):
            if state.get(parent) == 1:
                raise CsvProblem(
                    line_of[code], _("unit {code} is its own ancestor").format(code=code)
                )
            if parent not in state:
                visit(parent)
        state[code] = 2

    for code in parents:
        if code not in state:
            visit(code)


def parse_members(text: str, known_codes: set[str]) -> list[dict[str, str]]:
    """Pre-registered members: name, unit code, role, phone (normalised)."""
    parsed = []
    for line, row in _rows(text, ("name", "unit", "role", "phone")):
        if not row["name"]:
            raise CsvProblem(line, _("the name is empty"))
        if row["unit"] not in known_codes:
            raise CsvProblem(line, _("unknown unit {code}").format(code=row["unit"]))
        if row["role"] not in ROLES:
            raise CsvProblem(
                line, _("unknown role {role!r}; use member, lead or admin").format(role=row["role"])
            )
        phone = normalize_phone(row["phone"])
        if phone is None:
            raise CsvProblem(line, _("{phone!r} is not a phone number").format(phone=row["phone"]))
        parsed.append(
            {"name": row["name"], "unit": row["unit"], "role": row["role"], "phone": phone}
        )
    return parsed
