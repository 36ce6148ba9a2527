"""Input templates generated from a methodology: the sheet a reform department sends to units.

One row per unit, one column per leaf input, headers in Vietnamese with the key in brackets, and
cell validation in Excel so that most mistakes are caught while typing. A second sheet explains
each column (criterion, rule, maximum, evidence) in both languages.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from parindex.core.cells import SafeCsvWriter, open_workbook
from parindex.core.errors import ParindexError, Where
from parindex.core.inputs.columns import NAME_HEADER, UNIT_HEADER, input_columns
from parindex.core.inputs.reader import INPUT_SHEET
from parindex.core.methodology.model import Methodology
from parindex.core.phrases import t
from parindex.core.units.model import Unit

GUIDE_SHEET = "Hướng dẫn"


def write_template(methodology: Methodology, path: str | Path, units: Sequence[Unit] = (), lang: str = "vi",
                   values: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None) -> Path:
    """The template, with ``values`` (unit id → leaf → input values) already filled in where given:
    a unit downloads its file as it stands, completes it and uploads it back."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return _write_csv(methodology, path, units, lang, values or {})
    if path.suffix.lower() != ".xlsx":
        raise ParindexError("unsupported_file", t('templates are written as .xlsx or .csv'), Where(file=str(path)),
                            expected=t('.xlsx or .csv'), got=path.suffix)
    return _write_xlsx(methodology, path, units, lang, values or {})


def _cells(columns, unit: Unit, values) -> list[Any]:
    """The unit's input values in column order, as a person would type them (booleans as có/không)."""
    known = values.get(unit.id, {})
    cells = []
    for c in columns:
        value = known.get(c.leaf.code, {}).get(c.field.name)
        cells.append(("có" if value else "không") if isinstance(value, bool) else value)
    return cells


def _headers(methodology: Methodology, lang: str) -> list[str]:
    return [UNIT_HEADER, NAME_HEADER, *(c.header(lang) for c in input_columns(methodology))]


def _write_csv(methodology, path: Path, units, lang, values) -> Path:
    columns = input_columns(methodology)
    with path.open("w", newline="", encoding="utf-8-sig") as f:  # BOM: Excel then reads Vietnamese correctly
        writer = SafeCsvWriter(f)
        writer.writerow(_headers(methodology, lang))
        for unit in units:
            writer.writerow([unit.code, unit.name.get(lang), *("" if v is None else v for v in _cells(columns, unit, values))])
    return path


def _write_xlsx(methodology, path: Path, units, lang, values) -> Path:
    columns = input_columns(methodology)
    with open_workbook(path) as book:
        head = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
        sheet = book.add_worksheet(INPUT_SHEET)
        for col, text in enumerate(_headers(methodology, lang)):
            sheet.write(0, col, text, head)
        sheet.set_row(0, 90)
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 1, 24)
        sheet.set_column(2, len(columns) + 1, 18)
        sheet.freeze_panes(1, 2)
        for row, unit in enumerate(units, start=1):
            sheet.write_string(row, 0, unit.code)
            sheet.write_string(row, 1, unit.name.get(lang))
            for col, value in enumerate(_cells(columns, unit, values), start=2):
                if value is not None:
                    sheet.write(row, col, value)
        last_row = max(len(units), 1000)
        for col, column in enumerate(columns, start=2):
            sheet.data_validation(1, col, last_row, col, _validation(column.field))
        _write_guide(book, methodology, columns, head, lang)
    return path


def _validation(field) -> dict:
    if field.kind == "boolean":
        return {"validate": "list", "source": ["có", "không"], "error_message": "có / không"}
    check: dict = {"validate": "integer" if field.kind == "integer" else "decimal", "error_message": field.describe()}
    if field.minimum is not None and field.maximum is not None:
        check.update(criteria="between", minimum=field.minimum, maximum=field.maximum)
    elif field.minimum is not None:
        check.update(criteria=">=", value=field.minimum)
    else:
        check.update(criteria="between", minimum=-100000, maximum=100000)
    return check


def _write_guide(book, methodology, columns, head, lang) -> None:
    guide = book.add_worksheet(GUIDE_SHEET)
    titles = ["Cột / Column", "Tiêu chí / Criterion", "Nguồn / Source", "Quy tắc / Rule", "Tối đa / Max",
              "Giá trị / Value", "Tài liệu kiểm chứng / Evidence"]
    for col, text in enumerate(titles):
        guide.write(0, col, text, head)
    for row, c in enumerate(columns, start=1):
        guide.write_row(row, 0, [
            c.key, f"{c.leaf.code} {c.leaf.name.get(lang)}", c.leaf.source, c.leaf.rule.summary.get(lang),
            c.leaf.max_points, c.field.describe(), "; ".join(e.get(lang) for e in c.leaf.evidence),
        ])
    guide.set_column(0, 0, 16)
    guide.set_column(1, 1, 50)
    guide.set_column(2, 6, 24)
    guide.write(len(columns) + 2, 0, f"{methodology.id} · {methodology.legal_source.document} · sha256 {methodology.content_hash[:16]}")
