"""What a sender's files hold: every format (CSV, Parquet, JSON lines) read to one shape — the
values as text in the columns the file names, trimmed, each row with its place as a person finds
it — with the problems of the file itself: unreadable, too large, a header naming a column twice, a
column that is no field of its table.

Hostile input is refused before it costs much: a file over ``MAX_FILE_BYTES`` is not opened, one
over ``MAX_ROWS`` rows is not checked (a Parquet file's count is read from its footer), a nested
JSON value is refused in its cell. The rows themselves are checked by ``checks``.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import t
from parindex.core.services.records import TABLES, Table

# A day of the whole country's events (about 300,000 dossiers and status changes) is under 100 MB
# as CSV; a larger file is more likely a mistake or an attack, and a sender splits a backlog.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_ROWS = 1_000_000
# Codes, identifiers and officials' ids are short; a longer value is a pasted document or an attack.
MAX_VALUE_CHARS = 500
SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass
class Sent:
    """One file as read: its values as text (trimmed; None where empty) in the columns the file
    names, where each row is, and the problems of the file itself."""

    source: str
    by_line: bool  # JSON lines are found by line, the others by row
    header_row: int | None  # where a column's name is: row 1 of a CSV; Parquet and JSON lines have no header row
    values: pa.Table = field(default_factory=lambda: pa.table({}))
    places: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    table: Table | None = None
    problems: list[ParindexError] = field(default_factory=list)
    refused: dict[str, set[int]] = field(default_factory=dict)  # cells refused while reading (a nested JSON value)

    def where(self, i: int | None, column: str | None = None) -> Where:
        """Row ``i`` of the values (None: the header, row 1 of a CSV) as a person finds it."""
        if i is None:
            return Where(file=self.source, row=self.header_row, column=column)
        place = int(self.places[i])
        return Where(file=self.source, line=place, column=column) if self.by_line else Where(file=self.source, row=place, column=column)


def read(path: Path, table: str | None) -> Sent:
    kind = SUFFIXES.get(path.suffix.lower())
    sent = Sent(str(path), by_line=kind == "jsonl", header_row=1 if kind == "csv" else None)
    if not path.is_file():
        sent.problems.append(ParindexError("file_not_found", t('file not found'), Where(file=str(path)), expected=t('an existing file')))
    elif kind is None:
        sent.problems.append(ParindexError("unsupported_file", t('cannot read {name}', name=path.name), Where(file=str(path)),
                                           expected=".csv, .parquet, .jsonl", got=path.suffix))
    elif path.stat().st_size > MAX_FILE_BYTES:
        sent.problems.append(ParindexError("file_too_large", t('the file is too large to ingest'), Where(file=str(path)),
                                           expected=t('at most {limit} bytes; split the batch', limit=MAX_FILE_BYTES),
                                           got=f"{path.stat().st_size:,} bytes"))
    else:
        READERS[kind](path, sent)
        if not sent.problems:
            sent.table = _table_of(sent, table)
    return sent


def _too_many_rows(sent: Sent, n: int) -> ParindexError:
    return ParindexError("too_many_rows", t('the file has too many rows to ingest'), Where(file=sent.source),
                         expected=t('at most {limit} rows; split the batch', limit=MAX_ROWS), got=n)


def _read_csv(path: Path, sent: Sent) -> None:
    """Arrow reads a well-formed CSV fast; a file it refuses is read again row by row, to say where."""
    with path.open("rb") as handle:
        try:
            header = [name.strip() for name in next(csv.reader(_decoded(handle)), [])]
        except (csv.Error, UnicodeDecodeError) as err:
            sent.problems.append(ParindexError("unreadable_file", t('the file cannot be read as CSV'), Where(file=sent.source, row=1),
                                               expected=t('UTF-8 text with a header row'), got=str(err)[:200]))
            return
    if not _header_is_sound(sent, header):
        return
    try:
        values = pcsv.read_csv(path, read_options=pcsv.ReadOptions(column_names=header, skip_rows=1),
                               parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
                               convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in header}, strings_can_be_null=True))
    except pa.ArrowInvalid:
        _locate_unreadable_rows(path, sent, len(header))
        return
    if values.num_rows > MAX_ROWS:
        sent.problems.append(_too_many_rows(sent, values.num_rows))
        return
    _keep(sent, values, np.arange(2, values.num_rows + 2))


def _locate_unreadable_rows(path: Path, sent: Sent, width: int) -> None:
    """Every row of a CSV that cannot be read: the wrong number of cells, a value over the csv
    module's limit (131,072 characters) or a NUL byte, text that is not UTF-8 (where reading stops)."""
    with path.open("rb") as handle:
        reader = csv.reader(_decoded(handle))
        row = 1
        try:
            next(reader)
            for row, cells in enumerate(reader, start=2):
                if cells and len(cells) != width:
                    sent.problems.append(ParindexError("bad_row", t('the row has {n} cells but the header has {m}', n=len(cells), m=width),
                                                       Where(file=sent.source, row=row), expected=t('one cell per column'), got=len(cells)))
        except (csv.Error, UnicodeDecodeError) as err:
            sent.problems.append(ParindexError("unreadable_row", t('the row cannot be read'), Where(file=sent.source, row=row + 1),
                                               expected=t('UTF-8 text, each value under {limit} characters', limit=MAX_VALUE_CHARS),
                                               got=str(err)[:200]))
    if not sent.problems:  # Arrow refused what the csv module reads: say so rather than pass it
        sent.problems.append(ParindexError("unreadable_file", t('the file cannot be read as CSV'), Where(file=sent.source),
                                           expected=t('UTF-8 text with a header row'), got=None))


def _decoded(handle) -> Iterator[str]:
    """The file's lines as text, decoded one at a time so that bytes that are not UTF-8 are found in
    their row (a text stream decodes ahead, and would blame a row further up)."""
    for number, raw in enumerate(handle):
        yield raw.decode("utf-8-sig" if number == 0 else "utf-8")


def _read_parquet(path: Path, sent: Sent) -> None:
    try:
        handle = pq.ParquetFile(path)
        if handle.metadata.num_rows > MAX_ROWS:  # counted from the footer, not read
            sent.problems.append(_too_many_rows(sent, handle.metadata.num_rows))
            return
        table = handle.read()
    except (pa.ArrowException, OSError) as err:
        sent.problems.append(ParindexError("unreadable_file", t('the file cannot be read as Parquet'), Where(file=sent.source),
                                           expected=t('a Parquet file'), got=str(err)[:200]))
        return
    columns = {}
    for name, column in zip(table.column_names, table.columns):
        kind = column.type
        if pa.types.is_nested(kind) or pa.types.is_binary(kind):
            sent.problems.append(ParindexError("bad_column", t("column '{column}' does not hold plain values", column=name),
                                               Where(file=sent.source, column=name), expected=t('text, dates, numbers or true/false'), got=str(kind)))
            continue
        columns[name] = _as_sent(column)
    if _header_is_sound(sent, list(columns)):
        _keep(sent, pa.table(columns), np.arange(1, table.num_rows + 1))


def _read_jsonl(path: Path, sent: Sent) -> None:
    records: list[dict[str, Any]] = []
    places: list[int] = []
    with path.open("rb") as handle:
        number = 0
        try:
            for number, line in enumerate(_decoded(handle), start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    record = None
                if not isinstance(record, dict):
                    sent.problems.append(ParindexError("bad_line", t('the line is not a JSON object'), Where(file=sent.source, line=number),
                                                       expected=t('one object per line, {{"field": value, …}}'), got=line.strip()[:80]))
                    continue
                records.append(record)
                places.append(number)
                if len(records) > MAX_ROWS:
                    sent.problems.append(_too_many_rows(sent, len(records)))
                    return
        except UnicodeDecodeError as err:
            sent.problems.append(ParindexError("unreadable_line", t('the line cannot be read'), Where(file=sent.source, line=number + 1),
                                               expected=t('UTF-8 text'), got=str(err)[:200]))
            return
    names = list(dict.fromkeys(k for r in records for k in r))
    columns = {name: pa.array([_json_text(sent, i, name, r.get(name)) for i, r in enumerate(records)], pa.string()) for name in names}
    if _header_is_sound(sent, names):
        _keep(sent, pa.table(columns) if names else pa.table({}), np.array(places, np.int64))


READERS = {"csv": _read_csv, "parquet": _read_parquet, "jsonl": _read_jsonl}


def _as_sent(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A Parquet column as the checks take it: text, dates, true/false and whole numbers as they
    are (checked in their type, not written out and parsed back), a time as its date, anything else
    as text (refused by the field's check if it is not what the field holds)."""
    kind = column.type
    if pa.types.is_timestamp(kind):
        return pc.cast(column, pa.date32())
    if pa.types.is_string(kind) or pa.types.is_date32(kind) or pa.types.is_boolean(kind) or pa.types.is_integer(kind):
        return column
    if pa.types.is_large_string(kind) or pa.types.is_date64(kind):
        return pc.cast(column, pa.string() if pa.types.is_large_string(kind) else pa.date32())
    return pc.cast(column, pa.string())


def _json_text(sent: Sent, i: int, name: str, value: Any) -> str | None:
    if isinstance(value, (dict, list)):
        sent.refused.setdefault(name, set()).add(i)
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


def _header_is_sound(sent: Sent, names: list[str]) -> bool:
    seen = set()
    for name in names:
        if name in seen or not name:
            sent.problems.append(ParindexError("bad_header", t("column '{column}' is named twice or not at all", column=name),
                                               sent.where(None, name), expected=t('one named column per field'), got=name))
        seen.add(name)
    return not sent.problems


def _keep(sent: Sent, values: pa.Table, places: np.ndarray) -> None:
    """The values trimmed, an empty cell as none, and rows with no value at all left out (a blank
    line in a CSV is not a record)."""
    columns = [_trimmed(c) if pa.types.is_string(c.type) else c for c in values.columns]
    trimmed = pa.table(dict(zip(values.column_names, columns))) if columns else values
    filled = np.zeros(trimmed.num_rows, bool)
    for column in trimmed.columns:
        filled |= mask(pc.is_valid(column))
    for cells in sent.refused.values():
        filled[list(cells)] = True
    kept = np.flatnonzero(filled)
    if sent.refused:
        renumber = {int(old): new for new, old in enumerate(kept)}
        sent.refused = {name: {renumber[i] for i in cells} for name, cells in sent.refused.items()}
    sent.values, sent.places = rows_at(trimmed, kept), places[kept]


def rows_at(table: pa.Table, rows: np.ndarray) -> pa.Table:
    """The rows of ``table`` at ``rows`` (ascending); the table itself when they are all of them, as
    in a good batch, where copying 300,000 rows of 21 columns would cost a tenth of a second."""
    if len(rows) == table.num_rows:
        return table
    return table.take(pa.array(rows, pa.int64()))


def _trimmed(column):
    column = pc.utf8_trim_whitespace(column)
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def _table_of(sent: Sent, table: str | None) -> Table | None:
    """The table named, else the one whose key the file has; the file's columns must be its fields."""
    columns = sent.values.column_names
    if table is None:
        keyed = [candidate for candidate in TABLES.values() if candidate.key in columns]
        if len(keyed) != 1:
            sent.problems.append(ParindexError("unknown_table", t('cannot tell which table the file holds'), sent.where(None),
                                               expected=t('one key column: dossier_id, feedback_id or procedure_key (or --table)'),
                                               got=", ".join(columns[:8])))
            return None
        table = keyed[0].name
    spec = TABLES[table]
    for name in columns:
        if spec.field(name) is None:
            sent.problems.append(ParindexError("unknown_column", t("column '{column}' is not a field of {table}", column=name, table=spec.name),
                                               sent.where(None, name), expected=", ".join(f.name for f in spec.fields), got=name))
    for f in spec.fields:
        if f.required and f.name not in columns:
            sent.problems.append(ParindexError("missing_column", t("column '{column}' is missing", column=f.name), sent.where(None, f.name),
                                               expected=t('a column for every required field of {table}', table=spec.name), got=None))
    return spec


def mask(values) -> np.ndarray:
    """A boolean array as NumPy, none as False."""
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), bool)


def shown(value: Any) -> str:
    """A value as sent, as text: a Parquet file's dates, true/false and numbers as a CSV would hold them."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = value.isoformat() if isinstance(value, date) else ("true" if value else "false") if isinstance(value, bool) else str(value)
    return value if len(value) <= MAX_VALUE_CHARS else value[:MAX_VALUE_CHARS] + "…"
