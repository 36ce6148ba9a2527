"""A programme's own units from a registry file: a province's departments, its communes and wards.

The national index ranks provinces and ministries, which parindex ships. A province's own index
ranks its departments (sở, ban, ngành) and, since 1 July 2025, its communes, wards and special
zones, which only the office knows — so it brings them as a table, one row per unit:

- ``code`` (mã): what people type in input files; unique among the units valid on any day
- ``name_vi`` (tên), ``name_en`` (tên tiếng Anh; when empty, the Vietnamese without diacritics)
- ``kind`` (loại): department / sở, commune / xã, ward / phường, special zone / đặc khu, agency / cơ quan khác
- ``parent`` (trực thuộc): the code of the unit it belongs to, in the file or a province, optional
- ``valid_from``, ``valid_to`` (hiệu lực từ, đến): ISO dates, inclusive, empty for open
- ``predecessors`` (đơn vị trước): codes of the units it was formed from, ``;``-separated — each
  must end the day before this one begins. This is the lineage results are compared through.

All or nothing: every problem is located (row, column) and the registry is refused as a whole.
A unit's id is ``<prefix>-<code>``, with ``-<year>`` when it begins on a date (a new commune often
keeps a predecessor's code), like the provinces of 2025.
"""
from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter

from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.files import replace_atomically
from parindex.core.inputs.reader import column_letter, read_table
from parindex.core.phrases import t
from parindex.core.text import Text
from parindex.core.units.catalogue import UnitCatalogue, builtin_units, communes_2025, fold
from parindex.core.units.model import LineageEvent, Unit

KINDS = {"department": ("sở", "sở, ban, ngành", "department"), "commune": ("xã", "commune"), "ward": ("phường", "ward"),
         "special_zone": ("đặc khu", "special zone", "special_zone"), "agency": ("cơ quan khác", "agency", "other agency")}
HEADINGS = {"code": ("code", "mã"), "name_vi": ("name_vi", "tên", "tên (tiếng việt)"), "name_en": ("name_en", "tên tiếng anh", "tên (tiếng anh)"),
            "kind": ("kind", "loại"), "parent": ("parent", "trực thuộc"), "valid_from": ("valid_from", "hiệu lực từ"),
            "valid_to": ("valid_to", "hiệu lực đến"), "predecessors": ("predecessors", "đơn vị trước")}
REQUIRED = ("code", "name_vi", "kind")
REGISTRY_SHEET = "Đơn vị"


def read_registry(path: str | Path, prefix: str, source: str | None = None) -> UnitCatalogue:
    """The units of the file and the lineage between them, or every problem of the file."""
    source = source or Path(path).name
    table = read_table(path, (REGISTRY_SHEET,))
    reader = _RegistryReader(source, table.sheet, prefix)
    catalogue = reader.read(table.rows)
    if reader.problems:
        raise ValidationFailed(source, reader.problems)
    return catalogue


def english_name(name_vi: str) -> str:
    """The Vietnamese name without diacritics: the convention for names no one has translated."""
    name = name_vi.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", name) if unicodedata.category(c) != "Mn")


class _RegistryReader:
    def __init__(self, source: str, sheet: str | None, prefix: str):
        self.source, self.sheet, self.prefix = source, sheet, prefix
        self.problems: list[ParindexError] = []
        self.letters: dict[str, str] = {}

    def problem(self, row: int, key: str | None, code: str, title, expected=None, got=None) -> None:
        where = Where(file=self.source, sheet=self.sheet, row=row, column=self.letters.get(key or ""))
        self.problems.append(ParindexError(code, title, where, expected, got))

    def read(self, rows: list[list[Any]]) -> UnitCatalogue:
        if not rows:
            self.problem(1, None, "empty_file", t("the registry has no rows"), t("a header row and one row per unit"))
            return UnitCatalogue(())
        position = self.header(rows[0])
        if self.problems:
            return UnitCatalogue(())
        parsed: list[tuple[int, dict[str, Any]]] = []
        for r, row in enumerate(rows[1:], start=2):
            cell = {key: (row[i] if i < len(row) else None) for key, i in position.items()}
            if all(v in (None, "") for v in cell.values()):
                continue
            unit = self.unit(cell, r)
            if unit is not None:
                parsed.append((r, unit))
        units = self.distinct(parsed)
        lineage = self.lineage(parsed, units)
        self.parents(parsed, units)
        return UnitCatalogue(tuple(u["unit"] for _, u in parsed), tuple(lineage))

    def header(self, row: list[Any]) -> dict[str, int]:
        position: dict[str, int] = {}
        for i, cell in enumerate(row):
            text = str(cell or "").strip().lower()
            key = next((k for k, names in HEADINGS.items() if text in names), None)
            if key is not None and key not in position:
                position[key] = i
                self.letters[key] = column_letter(i)
        for key in REQUIRED:
            if key not in position:
                self.problem(1, None, "missing_column", t("column '{column}' is missing", column=key),
                             t("a header row with {columns}", columns=", ".join(REQUIRED)))
        return position

    def unit(self, cell: dict[str, Any], r: int) -> dict[str, Any] | None:
        code, name_vi = _text(cell.get("code")), _text(cell.get("name_vi"))
        if not code:
            self.problem(r, "code", "missing_field", t("the unit has no code"), t("the code people type in input files"))
            return None
        if not name_vi:
            self.problem(r, "name_vi", "missing_field", t("unit {code} has no name", code=code), t("its name in Vietnamese"))
            return None
        kind_words = _text(cell.get("kind")).lower()
        kind = next((k for k, words in KINDS.items() if kind_words in words), None)
        if kind is None:
            self.problem(r, "kind", "unknown_kind", t("unit {code}: unknown kind '{value}'", code=code, value=kind_words),
                         t("one of {items}", items=", ".join(words[0] for words in KINDS.values())))
            return None
        from_ok, valid_from = self.day(cell.get("valid_from"), r, "valid_from")
        to_ok, valid_to = self.day(cell.get("valid_to"), r, "valid_to")
        if not (from_ok and to_ok):
            return None
        if valid_from and valid_to and valid_to < valid_from:
            self.problem(r, "valid_to", "bad_value", t("unit {code} ends before it begins", code=code),
                         t("a date on or after {day}", day=valid_from.isoformat()), valid_to.isoformat())
            return None
        uid = f"{self.prefix}-{code}" + (f"-{valid_from.year}" if valid_from else "")
        unit = Unit(id=uid, code=code, kind=kind, name=Text(vi=name_vi, en=_text(cell.get("name_en")) or english_name(name_vi)),
                    valid_from=valid_from, valid_to=valid_to)
        predecessors = [p.strip() for p in _text(cell.get("predecessors")).replace(",", ";").split(";") if p.strip()]
        return {"unit": unit, "parent": _text(cell.get("parent")), "predecessors": predecessors}

    def day(self, value: Any, r: int, key: str) -> tuple[bool, date | None]:
        """(True, the date) — None for an empty cell — or (False, None) for a cell that is not a date, reported."""
        if value in (None, ""):
            return True, None
        if isinstance(value, date):
            return True, value
        try:
            return True, date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            self.problem(r, key, "bad_value", t("'{value}' is not a date", value=value), t("a date as YYYY-MM-DD"), value)
            return False, None

    def distinct(self, parsed: list[tuple[int, dict[str, Any]]]) -> dict[str, Unit]:
        """The units by id; two rows with one code must not be valid on the same day."""
        by_id: dict[str, Unit] = {}
        by_code: dict[str, list[Unit]] = {}
        for r, row in parsed:
            unit = row["unit"]
            overlapping = [u for u in by_code.get(fold(unit.code), []) if _overlap(u, unit)]
            if unit.id in by_id or overlapping:
                self.problem(r, "code", "duplicate_unit", t("code {code} is given to two units valid at the same time", code=unit.code),
                             t("one unit per code on any day (a new unit begins when the old one ends)"))
                continue
            by_id[unit.id] = unit
            by_code.setdefault(fold(unit.code), []).append(unit)
        return by_id

    def lineage(self, parsed: list[tuple[int, dict[str, Any]]], units: dict[str, Unit]) -> list[LineageEvent]:
        events = []
        successors_of: dict[str, int] = {}
        for _, row in parsed:
            for code in row["predecessors"]:
                successors_of[fold(code)] = successors_of.get(fold(code), 0) + 1
        for r, row in parsed:
            unit = row["unit"]
            if not row["predecessors"]:
                continue
            if unit.valid_from is None:
                self.problem(r, "valid_from", "missing_field", t("unit {code} has predecessors but no start date", code=unit.code),
                             t("the date it was formed"))
                continue
            eve = unit.valid_from - timedelta(days=1)
            for code in row["predecessors"]:
                before = next((u for u in units.values() if fold(u.code) == fold(code) and u.valid_on(eve)), None)
                if before is None:
                    self.problem(r, "predecessors", "unknown_unit",
                                 t("unit {code}: no predecessor {predecessor} valid on {day}", code=unit.code, predecessor=code, day=eve.isoformat()),
                                 t("the code of a unit of the file that ends the day before this one begins"))
                    continue
                event = "split" if successors_of.get(fold(code), 0) > 1 else "merge"
                events.append(LineageEvent(unit.valid_from, event, before.id, unit.id))
        return events

    def parents(self, parsed: list[tuple[int, dict[str, Any]]], units: dict[str, Unit]) -> None:
        provinces = builtin_units()
        for r, row in parsed:
            parent = row["parent"]
            if not parent:
                continue
            day = row["unit"].valid_from or row["unit"].valid_to or date.today()
            found = next((u for u in units.values() if fold(u.code) == fold(parent) and u.valid_on(day)), None)
            if found is None:
                try:
                    found = provinces.resolve(parent, day, "province")
                except ParindexError:
                    self.problem(r, "parent", "unknown_unit", t("unit {code}: no parent '{parent}'", code=row["unit"].code, parent=parent),
                                 t("the code of a unit of the file or a province, valid when this unit is"))
                    continue
            row["unit"] = replace(row["unit"], parent=found.id)


def _overlap(a: Unit, b: Unit) -> bool:
    start = max(a.valid_from or date.min, b.valid_from or date.min)
    end = min(a.valid_to or date.max, b.valid_to or date.max)
    return start <= end


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


EXAMPLE_ROWS = [
    ["S01", "Sở Nội vụ", "Department of Home Affairs", "sở", "", "", "", ""],
    ["S02", "Sở Tài chính", "Department of Finance", "sở", "", "", "", ""],
    ["X001", "Xã An Hòa", "", "xã", "", "", "2025-06-30", ""],
    ["X002", "Xã An Bình", "", "xã", "", "", "2025-06-30", ""],
    ["X101", "Xã An Hòa Bình", "", "xã", "", "2025-07-01", "", "X001; X002"],
]


def province_communes(province: str) -> list[list[str]]:
    """The registry rows of a province's communes, wards and special zones since 1 July 2025 (the
    province by code or name), from the list parindex ships — the start of a communes index."""
    day = date(2025, 7, 1)
    found = builtin_units().resolve(province, day, "province")
    words = {"commune": "xã", "ward": "phường", "special_zone": "đặc khu"}
    return [[u.code, u.name.vi, u.name.en, words[u.kind], found.code, day.isoformat(), "", ""]
            for u in communes_2025() if u.parent == found.id]


def write_registry_template(path: str | Path, rows: list[list[str]] | None = None) -> Path:
    """A registry to fill: the Vietnamese headings the reader knows, ``rows`` (else example rows: two
    departments, two communes merged into a third on 1 July 2025) and a sheet that explains each column."""
    headings = ["Mã", "Tên", "Tên tiếng Anh", "Loại", "Trực thuộc", "Hiệu lực từ", "Hiệu lực đến", "Đơn vị trước"]
    guide = [("Mã", "mã dùng trong các tệp số liệu; duy nhất tại mỗi thời điểm", "the code used in input files; unique on any day"),
             ("Tên", "tên tiếng Việt", "the Vietnamese name"),
             ("Tên tiếng Anh", "để trống thì dùng tên tiếng Việt không dấu", "when empty, the Vietnamese name without diacritics"),
             ("Loại", "sở, xã, phường, đặc khu hoặc cơ quan khác", "department, commune, ward, special zone or other agency"),
             ("Trực thuộc", "mã đơn vị cấp trên, hoặc mã tỉnh", "the code of the unit it belongs to, or of the province"),
             ("Hiệu lực từ / đến", "ngày NNNN-TT-NN; để trống nếu không giới hạn", "dates as YYYY-MM-DD; empty when open"),
             ("Đơn vị trước", "mã các đơn vị hợp thành đơn vị này, cách nhau bằng ;", "codes of the units it was formed from, ;-separated")]

    def write(tmp: Path) -> None:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False})
        bold = book.add_format({"bold": True, "bg_color": "#dbe5f1"})
        sheet = book.add_worksheet(REGISTRY_SHEET)
        for c, heading in enumerate(headings):
            sheet.write_string(0, c, heading, bold)
            sheet.set_column(c, c, 22)
        for r, example in enumerate(rows if rows is not None else EXAMPLE_ROWS, start=1):
            for c, value in enumerate(example):
                sheet.write_string(r, c, value)
        help_sheet = book.add_worksheet("Hướng dẫn")
        for r, row in enumerate(guide):
            for c, value in enumerate(row):
                help_sheet.write_string(r, c, value)
        help_sheet.set_column(0, 2, 50)
        book.close()

    return replace_atomically(path, write)
