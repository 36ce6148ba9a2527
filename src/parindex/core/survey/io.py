"""Reading survey data and population margins from CSV, Parquet or Excel, with located errors."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from parindex.core.errors import ParindexError, Where
from parindex.core.inputs.workbook import inspect_workbook
from parindex.core.phrases import t

SUFFIXES = (".csv", ".parquet", ".xlsx")


def read_survey_data(path: str | Path, suffix: str | None = None) -> pd.DataFrame:
    """The file's rows; its format from ``suffix`` (``.csv``, ``.parquet``, ``.xlsx``), else from its name."""
    path = Path(path)
    if not path.exists():
        raise ParindexError("file_not_found", t('survey data file not found'), Where(file=str(path)), expected=t('an existing file'))
    suffix = (suffix or path.suffix).lower()
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]).apply(_numbers_where_possible)
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix == ".xlsx":
        book = inspect_workbook(path)  # size caps and uncomputed formulas, before calamine reads a cell
        if book.sheet_names:
            book.check_formulas(book.sheet_names[0])  # the sheet read_excel reads
        return pd.read_excel(path, engine="calamine")
    raise ParindexError("unsupported_file", t('cannot read {name}', name=path.name), Where(file=str(path)), expected=", ".join(SUFFIXES), got=suffix)


def _numbers_where_possible(column: pd.Series) -> pd.Series:
    """Numeric columns become numbers; codes with leading zeros (``01``) stay text."""
    values = column.dropna()
    if values.empty or values.str.match(r"^0\d").any():
        return column
    converted = pd.to_numeric(column, errors="coerce")
    return converted if converted.notna().sum() == values.size else column


def read_margin(spec: str) -> tuple[list[str], dict[str, float]]:
    """``VARS=FILE``: VARS is one column or several joined by ``+``; FILE a CSV with those columns
    and ``Freq``. Returns the variables and ``{cell: population count}`` with cells joined by ``+``."""
    if "=" not in spec:
        raise ParindexError("bad_margin", t("margin '{spec}' is not VARS=FILE", spec=spec), expected=t('e.g. stype=pop_stype.csv'), got=spec)
    names, file = spec.split("=", 1)
    variables = names.split("+")
    frame = pd.read_csv(file, dtype=str)
    for column in [*variables, "Freq"]:
        if column not in frame.columns:
            raise ParindexError("missing_column", t("column '{column}' is missing from the population file", column=column),
                                Where(file=file, column=column),
                                expected=", ".join([*variables, "Freq"]))
    counts = pd.to_numeric(frame["Freq"], errors="coerce")
    if counts.isna().any():
        row = int(counts.isna().to_numpy().nonzero()[0][0]) + 2
        raise ParindexError("bad_value", t('population count is not a number'), Where(file=file, row=row, column="Freq"),
                            expected=t('a number'), got=frame["Freq"].iloc[row - 2])
    cells = frame[variables].astype(str).agg("+".join, axis=1)
    return variables, dict(zip(cells, counts.astype(float)))


def read_totals(file: str) -> dict[str, float]:
    """A CSV of population totals for calibration: columns ``name`` and ``total``, one row per term
    of the calibration model (``(Intercept)``, a category's level as VARIABLELEVEL, a numeric column)."""
    if not Path(file).exists():
        raise ParindexError("file_not_found", t('population totals file not found'), Where(file=file), expected=t('an existing file'))
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    for column in ("name", "total"):
        if column not in frame.columns:
            raise ParindexError("missing_column", t("column '{column}' is missing from the population file", column=column),
                                Where(file=file, column=column), expected="name, total")
    totals = pd.to_numeric(frame["total"], errors="coerce")
    if totals.isna().any():
        row = int(totals.isna().to_numpy().nonzero()[0][0]) + 2
        raise ParindexError("bad_value", t('population total is not a number'), Where(file=file, row=row, column="total"),
                            expected=t('a number'), got=frame["total"].iloc[row - 2])
    return dict(zip(frame["name"], totals.astype(float)))
