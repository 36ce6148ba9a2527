"""Survey results that arrive already estimated: one row per unit and survey criterion, with the
share in percent, its standard error and the number of respondents — what a ministry sends when
another body ran the survey (the officials' survey, a business survey).

The table is read all or nothing, like every import: each problem names the file, sheet, row and
column. The shares become the survey criteria's ``estimate`` inputs; the SE and n travel with them,
so the published figure keeps its precision and its 95 % interval.

>>> rows = parse_unit_results([["unit_code", "criterion", "percent", "se_percent", "n"], ["31", "1.6", "82,5", "2.1", "410"]],
...                           {"1.6"}, {"31"}, source="t.csv")
>>> rows[0].estimate, round(rows[0].ci_high, 4), rows[0].reliable
(0.825, 0.8662, True)
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parindex.core.cells import SafeCsvWriter, open_workbook
from parindex.core.errors import ParindexError, Where, raise_if_any
from parindex.core.inputs.reader import column_letter, read_table
from parindex.core.phrases import t
from parindex.core.survey.domains import Z975
from parindex.core.survey.sipas import CV_LIMIT

SHEET = "Kết quả"
GUIDE_SHEET = "Hướng dẫn"
COLUMNS = ("unit_code", "unit_name", "criterion", "criterion_name", "percent", "se_percent", "n")
REQUIRED = ("unit_code", "criterion", "percent")
GUIDE = (
    ("unit_code", "Mã đơn vị (như trong danh sách của đợt đánh giá)", "The unit's code, as in the cycle's list"),
    ("unit_name", "Tên đơn vị (để đọc; không được đọc vào)", "The unit's name (for reading; not imported)"),
    ("criterion", "Mã tiêu chí điều tra (ví dụ 1.6)", "The survey criterion's code (e.g. 1.6)"),
    ("criterion_name", "Tên tiêu chí (để đọc; không được đọc vào)", "The criterion's name (for reading; not imported)"),
    ("percent", "Tỷ lệ đánh giá tích cực, phần trăm từ 0 đến 100 (bắt buộc)", "Share of positive answers, percent 0–100 (required)"),
    ("se_percent", "Sai số chuẩn, điểm phần trăm (nên có)", "Standard error, in percentage points (recommended)"),
    ("n", "Số người trả lời (nên có)", "Number of respondents (recommended)"),
)


@dataclass(frozen=True)
class UnitResult:
    """One unit's estimated share for one survey criterion (0..1), with its precision when given."""

    unit_code: str
    criterion: str
    estimate: float
    se: float | None
    n: int | None

    @property
    def ci_low(self) -> float:
        return self.estimate if self.se is None else float(max(0.0, self.estimate - Z975 * self.se))

    @property
    def ci_high(self) -> float:
        return self.estimate if self.se is None else float(min(1.0, self.estimate + Z975 * self.se))

    @property
    def cv(self) -> float | None:
        return None if self.se is None or not self.estimate else self.se / self.estimate

    @property
    def reliable(self) -> bool:
        return self.cv is None or self.cv <= CV_LIMIT

    def as_dict(self) -> dict[str, Any]:
        """The row as a wave's estimates record: ``domain`` is the unit, ``criterion`` the leaf."""
        return {"domain": self.unit_code, "criterion": self.criterion, "element": self.criterion, "estimate": self.estimate,
                "se": self.se, "ci_low": self.ci_low, "ci_high": self.ci_high, "n": self.n, "cv": self.cv, "reliable": self.reliable,
                "in_index": True}


def read_unit_results(path: str | Path, criteria: Iterable[str], units: Iterable[str]) -> list[UnitResult]:
    """The rows of a results table (CSV or the template's XLSX), each checked; ``ValidationFailed``
    listing every problem, and nothing returned, if any row is wrong."""
    table = read_table(path, (SHEET,))
    return parse_unit_results(table.rows, set(criteria), {str(u) for u in units}, source=Path(path).name, sheet=table.sheet)


def parse_unit_results(rows: Sequence[Sequence[Any]], criteria: set[str], units: set[str], *, source: str,
                       sheet: str | None = None) -> list[UnitResult]:
    problems: list[ParindexError] = []
    if not rows:
        raise ParindexError("empty_file", t('the table is empty'), Where(file=source, sheet=sheet),
                            expected=t('a header row ({items}) and one row per unit and criterion', items=", ".join(COLUMNS)))
    header = [str(c).strip() for c in rows[0]]
    position = {name: i for i, name in enumerate(header)}
    missing = [name for name in REQUIRED if name not in position]
    if missing:
        raise ParindexError("missing_column", t('the header lacks {items}', items=', '.join(missing)), Where(file=source, sheet=sheet, row=1),
                            expected=t('the columns {items}', items=", ".join(COLUMNS)), got=", ".join(header))

    def where(row: int, name: str) -> Where:
        column = name if sheet is None else f"{column_letter(position[name])} ({name})"
        return Where(file=source, sheet=sheet, row=row, column=column)

    def cell(values: Sequence[Any], name: str) -> Any:
        i = position.get(name)
        value = values[i] if i is not None and i < len(values) else None
        return None if value is None or (isinstance(value, str) and not value.strip()) else value

    out: list[UnitResult] = []
    seen: dict[tuple[str, str], int] = {}
    for row_number, values in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        unit, criterion = str(cell(values, "unit_code") or "").strip(), str(cell(values, "criterion") or "").strip()
        if unit not in units:
            problems.append(ParindexError("unknown_unit", t("unknown unit '{unit}'", unit=unit), where(row_number, "unit_code"),
                                          t('a unit code of the cycle'), unit or None))
        if criterion not in criteria:
            problems.append(ParindexError("unknown_criterion", t("'{criterion}' is not a survey criterion of this methodology", criterion=criterion),
                                          where(row_number, "criterion"), t('one of {items}', items=", ".join(sorted(criteria))), criterion or None))
        percent = _number(cell(values, "percent"), 0, 100, where(row_number, "percent"), problems, required=True)
        se = _number(cell(values, "se_percent"), 0, 100, where(row_number, "se_percent"), problems)
        n = _number(cell(values, "n"), 0, 10**9, where(row_number, "n"), problems, whole=True)
        key = (unit, criterion)
        if key in seen:
            problems.append(ParindexError("duplicate_row",
                                          t("unit '{unit}' and criterion '{criterion}' appear twice (first in row {first})",
                                            unit=unit, criterion=criterion, first=seen[key]),
                                          where(row_number, "criterion"), t('one row per unit and criterion'), None))
        seen.setdefault(key, row_number)
        if percent is not None:
            out.append(UnitResult(unit, criterion, percent / 100, None if se is None else se / 100, None if n is None else int(n)))
    raise_if_any(source, problems)
    return out


def _number(value: Any, low: float, high: float, where: Where, problems: list[ParindexError], *,
            required: bool = False, whole: bool = False) -> float | None:
    if value is None:
        if required:
            problems.append(ParindexError("missing_value", t('a value is required here'), where,
                                          t('a number from {low} to {high}', low=low, high=high), None))
        return None
    try:
        number = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        number = float("nan")
    if not (low <= number <= high) or (whole and number != int(number)):  # NaN fails every comparison
        problems.append(ParindexError("bad_value", t('the value is out of range or not a number'), where,
                                      t("a whole number from {low} to {high}" if whole else "a number from {low} to {high}",
                                        low=low, high=high), value))
        return None
    return number


def write_unit_results_template(path: str | Path, units: Sequence[tuple[str, str]], criteria: Sequence[tuple[str, str]]) -> Path:
    """A table to fill: one row per unit and survey criterion with codes and names filled in, the
    numbers left blank; an XLSX also carries the column guide on its own sheet."""
    path = Path(path)
    rows = [[code, name, leaf, leaf_name, None, None, None] for code, name in units for leaf, leaf_name in criteria]
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = SafeCsvWriter(f)
            writer.writerow(COLUMNS)
            writer.writerows(rows)
        return path
    book = open_workbook(path)
    sheet = book.add_worksheet(SHEET)
    sheet.write_row(0, 0, COLUMNS, book.add_format({"bold": True}))
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, row)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 24)
    sheet.set_column(3, 3, 48)
    guide = book.add_worksheet(GUIDE_SHEET)
    guide.write_row(0, 0, ["Cột / Column", "Tiếng Việt", "English"], book.add_format({"bold": True}))
    for r, line in enumerate(GUIDE, start=1):
        guide.write_row(r, 0, line)
    guide.set_column(1, 2, 60)
    book.close()
    return path
