"""A roster of accounts from a CSV or XLSX file — one row per person and role: username, full
name, email, role, unit, and optionally the cycle the role holds for. Read all or nothing: every
problem is named with its file, sheet, row and column, and nothing is created while one remains.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from parindex.core.errors import ParindexError, Where, raise_if_any
from parindex.core.inputs.reader import column_letter, read_table
from parindex.web.cycles.models import UNIT_ROLES, Cycle, Role, Unit

COLUMNS = ("username", "full_name", "email", "role", "unit", "cycle")
REQUIRED = ("username", "full_name", "email", "role")
ROLE_WORDS = {r.value: r.value for r in Role} | {str(r.label).lower(): r.value for r in Role}


@dataclass(frozen=True)
class RosterRow:
    row: int
    username: str
    full_name: str
    email: str
    role: str
    unit: Unit | None
    cycle: Cycle | None


def read_roster(path: str | Path, units: dict[str, Unit], cycles: dict[str, Cycle], name: str | None = None) -> list[RosterRow]:
    """Every row of the roster, checked; ``units`` by code or id, ``cycles`` by slug."""
    table = read_table(path, ("Tài khoản", "Accounts"))
    return parse_roster(table.rows, units, cycles, source=name or Path(path).name, sheet=table.sheet)


def parse_roster(rows: list[list[Any]], units: dict[str, Unit], cycles: dict[str, Cycle], *, source: str,
                 sheet: str | None = None) -> list[RosterRow]:
    if not rows:
        raise ParindexError("empty_file", _("the file is empty"), Where(file=source, sheet=sheet),
                            expected=_("a header row (%(columns)s) and one row per person and role") % {"columns": ", ".join(COLUMNS)})
    header = [str(c or "").strip().lower() for c in rows[0]]
    position = {name: i for i, name in enumerate(header)}
    missing = [c for c in REQUIRED if c not in position]
    if missing:
        raise ParindexError("missing_column", _("the header lacks %(columns)s") % {"columns": ", ".join(missing)},
                            Where(file=source, sheet=sheet, row=1), expected=", ".join(COLUMNS), got=", ".join(header))
    problems: list[ParindexError] = []
    out: list[RosterRow] = []
    seen: dict[tuple, int] = {}

    def where(row: int, name: str) -> Where:
        in_sheet = sheet is not None and name in position
        return Where(file=source, sheet=sheet, row=row, column=f"{column_letter(position[name])} ({name})" if in_sheet else name)

    def text(values: list[Any], name: str) -> str:
        i = position.get(name)
        return "" if i is None or i >= len(values) or values[i] is None else str(values[i]).strip()

    for number, values in enumerate(rows[1:], start=2):
        if not any(str(v or "").strip() for v in values):
            continue
        username, full_name, email = text(values, "username"), text(values, "full_name"), text(values, "email")
        role, unit_key, cycle_key = ROLE_WORDS.get(text(values, "role").lower()), text(values, "unit"), text(values, "cycle")
        row_problems = []
        if not username or len(username) > 150 or not all(c.isalnum() or c in "@.+-_" for c in username):
            row_problems.append(("username", _("a username of letters, digits and @ . + - _"), username))
        if not full_name:
            row_problems.append(("full_name", _("the person's full name"), full_name))
        try:
            validate_email(email)
        except ValidationError:
            row_problems.append(("email", _("an email address to send the password link to"), email))
        if role is None:
            row_problems.append(("role", _("one of: %(roles)s") % {"roles": ", ".join(r.value for r in Role)}, text(values, "role")))
        unit = units.get(unit_key) if unit_key else None
        if role in UNIT_ROLES and unit is None:
            row_problems.append(("unit", _("the code of the unit this role is for"), unit_key))
        elif role is not None and role not in UNIT_ROLES and unit_key:
            row_problems.append(("unit", _("no unit: this role is for the whole programme"), unit_key))
        cycle = cycles.get(cycle_key) if cycle_key else None
        if cycle_key and cycle is None:
            row_problems.append(("cycle", _("the short name of a cycle, or nothing"), cycle_key))
        key = (username, role, unit_key, cycle_key)
        if key in seen:
            row_problems.append(("username", _("each person and role once (first in row %(row)s)") % {"row": seen[key]}, username))
        seen.setdefault(key, number)
        problems += [ParindexError("bad_roster_row", _("this value cannot be used"), where(number, column), expected, got or None)
                     for column, expected, got in row_problems]
        if not row_problems:
            out.append(RosterRow(number, username, full_name, email, role, unit, cycle))
    raise_if_any(source, problems)
    return out
