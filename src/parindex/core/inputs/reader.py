"""Read a cycle's inputs from Excel or CSV, checking every cell before anything is used.

All or nothing: every problem in the file is collected (unknown unit, missing column, text where a
number belongs, a value over the maximum, more done than due…) with its sheet, row and column, and
the import fails as a whole. Nothing is returned from a file with a single bad cell, nor from one
with no value at all (a template sent back unfilled would otherwise score every unit 0).

Before calamine reads a workbook, ``workbook.inspect_workbook`` refuses one that is too large for
what it claims to be (a zip bomb, a sheet of a million rows) and any formula cell without a computed
value; formulas read from their saved value come back as notes (``Table.notes``,
``CycleInputs.notes``).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.inputs.columns import NAME_KEY, UNIT_KEY, InputColumn, header_key, input_columns
from parindex.core.inputs.model import CycleInputs, UnitInputs
from parindex.core.inputs.workbook import inspect_workbook
from parindex.core.methodology.model import Methodology
from parindex.core.phrases import t
from parindex.core.scoring.inputs import InputValueError
from parindex.core.scoring.registry import score_inputs
from parindex.core.units.catalogue import UnitCatalogue, builtin_units

INPUT_SHEET = "Nhập liệu"
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


@dataclass(frozen=True)
class Table:
    """The cells of one sheet (or of a CSV: ``sheet`` is None) and what the reader noticed on the way.

    ``notes`` are located messages that did not stop the import, such as a formula cell read from
    its saved value; the caller shows them beside its result.
    """

    sheet: str | None
    rows: list[list[Any]]
    notes: tuple[ParindexError, ...] = ()


def read_table(path: str | Path, sheets: tuple[str, ...] = (INPUT_SHEET,)) -> Table:
    """Rows of the first of ``sheets`` the workbook has (else its first sheet), or of the CSV, as
    Python values."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ParindexError("unsupported_file", t('cannot read {name}', name=path.name), Where(file=str(path)),
                            expected=t('an Excel (.xlsx) or CSV (.csv) file'), got=path.suffix)
    if not path.exists():
        raise ParindexError("file_not_found", t('input file not found'), Where(file=str(path)), expected=t('an existing file'))
    if suffix == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ParindexError("file_encoding", t('CSV file is not UTF-8'), Where(file=str(path)),
                                expected=t('UTF-8 text (in Excel: Save As → CSV UTF-8)')) from None
        return Table(None, [row for row in csv.reader(io.StringIO(text))])
    book = inspect_workbook(path)  # before calamine: it would inflate a zip bomb or lay out a million rows
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise ParindexError("unreadable_file", t('cannot open the workbook: {exc}', exc=exc), Where(file=str(path)),
                            expected=t('a valid Excel workbook')) from None
    sheet = next((s for s in sheets if s in workbook.sheet_names), workbook.sheet_names[0])
    notes = book.check_formulas(sheet)  # a formula never computed reads as empty or 0: refused here
    return Table(sheet, workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False), notes)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_inputs(path: str | Path, methodology: Methodology, year: int, *, catalogue: UnitCatalogue | None = None,
                reference_day: date | None = None, name: str | None = None) -> CycleInputs:
    """Read and check an input file for ``methodology``; units are resolved on 31 December of ``year``.
    Problems name the file as ``name`` (an upload's own name, not where the server keeps it)."""
    catalogue = catalogue or builtin_units()
    reference_day = reference_day or date(year, 12, 31)
    try:
        table = read_table(path)
    except ParindexError as err:
        raise err.located(file=name) if name else err from None
    return parse_rows(table.rows, methodology, year, source=name or str(path), sheet=table.sheet, catalogue=catalogue,
                      reference_day=reference_day, notes=table.notes)


def parse_rows(rows: list[list[Any]], methodology: Methodology, year: int, *, source: str, sheet: str | None,
               catalogue: UnitCatalogue, reference_day: date, notes: tuple[ParindexError, ...] = ()) -> CycleInputs:
    is_csv = sheet is None

    def where(row: int | None = None, col: int | None = None, key: str | None = None) -> Where:
        column = None
        if col is not None:
            column = key if is_csv else f"{column_letter(col)} ({key})" if key else column_letter(col)
        return Where(file=source, sheet=sheet, row=row, column=column)

    problems: list[ParindexError] = []
    if not rows:
        raise ValidationFailed(source, [ParindexError("empty_file", t('the file has no header row'), where(1),
                                                      expected=t('a header row with [unit] and one column per input'))])
    keys = [header_key(h) for h in rows[0]]
    columns = {c.key: c for c in input_columns(methodology)}
    position: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key is None:
            continue
        if key in position:
            problems.append(ParindexError("duplicate_column", t('column [{key}] appears twice', key=key), where(1, i, key),
                                          expected=t('each input column once')))
        elif key not in columns and key not in (UNIT_KEY, NAME_KEY):
            problems.append(ParindexError("unknown_column", t('column [{key}] is not an input of {id}', key=key, id=methodology.id),
                                          where(1, i, key), expected=t('a key such as {value}', value=next(iter(columns))),
                                          hint=t('generate a fresh template with `parindex template`')))
        position[key] = i
    for key in [UNIT_KEY, *columns]:
        if key not in position:
            label = "[unit]" if key == UNIT_KEY else columns[key].header("vi")
            problems.append(ParindexError("missing_column", t('column {label} is missing', label=label), where(1),
                                          expected=t('a header cell ending in [{key}]', key=key)))
    if problems:
        raise ValidationFailed(source, problems)

    units: list[UnitInputs] = []
    seen: dict[str, int] = {}
    for r, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (len(rows[0]) - len(row))
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        unit_cell = cells[position[UNIT_KEY]]
        try:
            unit = catalogue.resolve(_text(unit_cell), reference_day, methodology.unit_kind)
        except ParindexError as err:
            problems.append(ParindexError(err.code, err.title, where(r, position[UNIT_KEY], UNIT_KEY), err.expected, err.got))
            continue
        if unit.id in seen:
            problems.append(ParindexError("duplicate_unit", t("{unit} appears twice (first in row {first})", unit=unit.name, first=seen[unit.id]),
                                          where(r, position[UNIT_KEY], UNIT_KEY), expected=t('one row per unit'), got=unit_cell))
            continue
        seen[unit.id] = r
        values = _row_values(cells, columns, position, where, r, problems)
        if values is not None:
            units.append(UnitInputs(unit, values, r))
    if problems:
        raise ValidationFailed(source, problems)
    if not any(v is not None for u in units for leaf in u.values.values() for v in leaf.values()):
        raise ValidationFailed(source, [ParindexError(
            "no_values", t('no values were entered'), where(),
            expected=t('at least one input filled in for at least one unit'),
            got=f"{len(units)} unit rows, every input cell empty",
            hint=t('this looks like the template sent back unfilled; fill in the input columns and import again'))])
    return CycleInputs(year, tuple(units), source, reference_day, notes)


def _row_values(cells, columns: dict[str, InputColumn], position, where, r, problems) -> dict | None:
    values: dict[str, dict[str, Any]] = {}
    ok = True
    for key, col in columns.items():
        try:
            value = col.field.coerce(cells[position[key]])
        except InputValueError as err:
            problems.append(ParindexError("bad_value", t("{code} {label}: value does not fit", code=col.leaf.code, label=col.field.label),
                                          where(r, position[key], key), err.expected, err.got))
            ok = False
            continue
        values.setdefault(col.leaf.code, {})[col.field.name] = value
    if not ok:
        return None
    # A trial score catches what only the rule knows, such as more done than was due.
    leaves = {c.leaf.code: c.leaf for c in columns.values()}
    for leaf_code, leaf_values in values.items():
        leaf = leaves[leaf_code]
        assert leaf.rule is not None, leaf_code  # input columns exist only for leaves with a rule
        try:
            score_inputs(leaf.rule, leaf_values)
        except InputValueError as err:
            key = f"{leaf_code}:{leaf.rule.inputs[0].name}"
            problems.append(ParindexError("bad_value", t('{leaf_code}: inputs do not fit together', leaf_code=leaf_code),
                                          where(r, position[key], key), err.expected, err.got))
            ok = False
    return values if ok else None


def _text(cell: Any) -> str:
    """A unit cell as text; a GSO code typed as a number (1, 1.0, "1") becomes "01"."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = "" if cell is None else str(cell).strip()
    return text.zfill(2) if text.isdigit() else text
