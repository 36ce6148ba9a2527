"""Ingest: the one-stop systems' files into the store, every row checked first, all or nothing.

A batch is one or more files — CSV (UTF-8, a header row), Parquet, or JSON lines (``.jsonl``,
``.ndjson``: one object per line) — each holding the records of one table. The table is the
``table`` argument when given, else the one whose key column the file has (``dossier_id``,
``feedback_id``, ``procedure_key``): a record is named by its key, so the key says what it is, and
a file with none of the keys, or several, is refused rather than guessed at.

Every row is checked before anything is written, and every problem is reported with its file, row
and field: a required field missing, a date that is not one (``YYYY-MM-DD``, 2000–2099), a value
outside the field's choices, a unit or procedure not among the known ones (when they are given),
a record completed, due or resolved before it was received, the same key and version sent twice
with different content, or a version that contradicts the store. Rows are located as a person
finds them: in a CSV by the row a spreadsheet shows (the header is row 1), in JSON lines by the
line, in Parquet by the record's position (the first record is row 1).

Versions: the store keeps one record per key, the highest version sent. A new key is added; a
higher version replaces the stored record (wherever its month was); the same version with the
same content changes nothing, so sending a batch twice is harmless; the same version with other
content, or a lower version, is refused — a correction is a new version.

All or nothing: on any problem nothing in the store changes and ``ValidationFailed`` lists every
problem. With ``quarantine`` the rejected rows are also written to that CSV file, each with its
reasons and its values as sent, so that the sender fixes them and sends the batch again; the good
rows are not stored either. Storing them would make the store depend on which rows of a batch
happened to be wrong — a dossier's new version kept while its feedback was refused — and the
sender's system, which thinks in batches, could not tell what it still has to send.

Hostile input is refused before it costs much: a file over ``MAX_FILE_BYTES`` is not opened, one
over ``MAX_ROWS`` rows is not checked, and a value longer than ``MAX_VALUE_CHARS`` or that a
spreadsheet would run as a formula (text starting with ``= + - @``) is a problem of its cell.

The records go into the deltas of their month partitions (``store``: a new version supersedes the
stored one wherever it is, and no month of base records is rewritten), each written atomically,
under the store's lock; the stored versions are found through the key index (``locator``); the
daily aggregates kept in step with the records are brought up to date by what the batch adds and
what it replaces (``aggregates``). Past ``COMPACT_AT`` records in deltas, the load folds them into
the base files.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from parindex.core.cells import SafeCsvWriter
from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.files import replace_atomically
from parindex.core.phrases import t
from parindex.core.services import aggregates, locator, store
from parindex.core.services.records import TABLES, Field, Table
from parindex.core.text import Text

# A day of the whole country's events (about 300,000 dossiers and status changes) is under 100 MB
# as CSV; a larger file is more likely a mistake or an attack, and a sender splits a backlog.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_ROWS = 1_000_000
# The deltas are folded into the base files (``store.compact``) once they hold this many records:
# readers pay an anti-join against the deltas' keys, a load only rewrites deltas.
COMPACT_AT = 2_000_000
# Codes, identifiers and officials' ids are short; a longer value is a pasted document or an attack.
MAX_VALUE_CHARS = 500
FORMULA_START = r"^[=+\-@]"  # what a spreadsheet runs as a formula (tab and CR are trimmed away first)
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
TRUE_WORDS, FALSE_WORDS = ("true", "1", "yes"), ("false", "0", "no")
SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True)
class TableChange:
    """What one load did to one table."""

    table: str
    added: int
    updated: int
    unchanged: int
    partitions: tuple[str, ...]  # the partitions rewritten ("" is the catalogue's folder)
    days: int  # days of kept aggregates recomputed


@dataclass(frozen=True)
class IngestReport:
    files: tuple[str, ...]
    rows: int
    changes: tuple[TableChange, ...]

    def change(self, table: str) -> TableChange:
        return next((c for c in self.changes if c.table == table), TableChange(table, 0, 0, 0, (), 0))


def ingest(root: str | Path, files: Iterable[str | Path], known_units: Iterable[str] | None = None,
           known_procedures: Iterable[str] | None = None, quarantine: str | Path | None = None, *,
           table: str | None = None, lang: str = "vi") -> IngestReport:
    """Check every row of ``files`` and, if none has a problem, store them; else raise
    ``ValidationFailed`` with every problem (and write the rejected rows to ``quarantine``)."""
    paths = [Path(f) for f in files]
    if table is not None and table not in TABLES:
        raise ParindexError("unknown_table", t("unknown record table '{table}'", table=table), Where(path="--table"),
                            expected=", ".join(TABLES), got=table)
    if quarantine is not None and Path(quarantine).suffix.lower() != ".csv":
        raise ParindexError("unsupported_file", t('cannot write {name}', name=Path(quarantine).name), Where(file=str(quarantine)),
                            expected=".csv", got=Path(quarantine).suffix)
    sent = [_read(path, table) for path in paths]
    units, procedures = _known(known_units), _known(known_procedures)
    readable = [s for s in sent if s.table is not None and not s.problems]
    tables = list(dict.fromkeys(s.table.name for s in readable if s.table is not None))
    with store.locked(root), ThreadPoolExecutor(1) as lookup:
        # The stored versions of every key sent are looked up while the rows are checked: the
        # lookup mostly reads files (DuckDB), the checks compute (Arrow), and both let go of the
        # interpreter, so on two cores the one hides the other.
        found = {name: lookup.submit(locator.stored, root, name, _sent_keys(readable, TABLES[name])) for name in tables}
        checked = [_check_rows(s, s.table, units, procedures) for s in readable if s.table is not None]
        problems = [p for s in sent for p in s.problems] + [p for c in checked for p in c.problems]
        batches = [_batch(TABLES[name], [c for c in checked if c.table.name == name]) for name in tables]
        plans = [_plan(batch, found[batch.spec.name].result()) for batch in batches]
        problems += [p for plan in plans for p in plan.problems]
        if problems:
            problems = _in_file_order(problems, paths)
            if quarantine is not None:
                _write_quarantine(Path(quarantine), sent, problems, lang)
            raise ValidationFailed(_batch_name(paths), problems)
        changes = tuple(_apply(root, plan) for plan in plans)
    return IngestReport(tuple(map(str, paths)), sum(c.records.num_rows for c in checked), changes)


# -- reading: every format to text columns, each row with its place -------------------------------------------

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


def _read(path: Path, table: str | None) -> Sent:
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
        filled |= _mask(pc.is_valid(column))
    for cells in sent.refused.values():
        filled[list(cells)] = True
    kept = np.flatnonzero(filled)
    if sent.refused:
        renumber = {int(old): new for new, old in enumerate(kept)}
        sent.refused = {name: {renumber[i] for i in cells} for name, cells in sent.refused.items()}
    sent.values, sent.places = _rows(trimmed, kept), places[kept]


def _rows(table: pa.Table, rows: np.ndarray) -> pa.Table:
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


# -- checking: each row on its own ----------------------------------------------------------------------

@dataclass(frozen=True)
class Checked:
    """A file's rows in the table's schema: the good ones, with their places, and the problems of the others."""

    sent: Sent
    table: Table
    records: pa.Table
    rows: np.ndarray  # the index in ``sent.values`` of each good record
    problems: list[ParindexError]


def _known(values: Iterable[str] | None) -> pa.Array | None:
    return None if values is None else pa.array(sorted({str(v) for v in values}), pa.string())


def _check_rows(sent: Sent, table: Table, known_units: pa.Array | None, known_procedures: pa.Array | None) -> Checked:
    n = sent.values.num_rows
    bad = np.zeros(n, bool)
    problems: list[tuple[int, ParindexError]] = []
    typed: dict[str, pa.Array] = {}
    for f in table.fields:
        text = sent.values[f.name].combine_chunks() if f.name in sent.values.column_names else pa.nulls(n, pa.string())
        known = known_units if f.name in ("unit", "province") else known_procedures if (table.name, f.name) == ("dossiers", "procedure") else None
        typed[f.name], found = _check_field(sent, f, text, known)
        problems += found
    problems += _dates_in_order(sent, table, typed)
    for i, _ in problems:
        bad[i] = True
    good = np.flatnonzero(~bad)
    records = _rows(pa.table(typed), good).cast(table.schema)
    return Checked(sent, table, records, good, [p for _, p in problems])


def _check_field(sent: Sent, f: Field, text: pa.Array, known: pa.Array | None) -> tuple[pa.Array, list[tuple[int, ParindexError]]]:
    """The field's values in their type (none where wrong) and the problem of every wrong cell."""
    present = _mask(pc.is_valid(text))
    refused = np.zeros(len(text), bool)
    refused[list(sent.refused.get(f.name, ()))] = True
    where = sent.where
    out: list[tuple[int, ParindexError]] = [
        (i, ParindexError("bad_value", t('{field} holds a list or an object', field=f.name), where(i, f.name),
                          expected=t('a plain value'), got=None)) for i in np.flatnonzero(refused)]
    is_text = pa.types.is_string(text.type)
    if not is_text and f.kind == "string":  # a number or a date where text is wanted: checked as its text
        text, is_text = pc.cast(text, pa.string()), True
    long = present & _mask(pc.greater(pc.utf8_length(text), MAX_VALUE_CHARS)) if is_text else np.zeros(len(text), bool)
    formula = present & ~long & (_mask(pc.match_substring_regex(text, FORMULA_START)) if f.kind == "string" else False)
    out += [(i, ParindexError("value_too_long", t('{field} is too long', field=f.name), where(i, f.name),
                              expected=t('at most {limit} characters', limit=MAX_VALUE_CHARS), got=f"{text[i].as_py()[:40]}…"))
            for i in np.flatnonzero(long)]
    out += [(i, ParindexError("formula_value", t('{field} looks like a spreadsheet formula', field=f.name), where(i, f.name),
                              expected=t('a plain value, not starting with = + - or @'), got=text[i].as_py())) for i in np.flatnonzero(formula)]
    if f.required:
        out += [(i, ParindexError("missing_value", t('{field} is missing', field=f.name), where(i, f.name),
                                  expected=t('a value in every row'), got=None)) for i in np.flatnonzero(~present & ~refused)]
    usable = present & ~long & ~formula
    value, wrong = _typed(f.kind, text)
    wrong &= usable
    expected = {"date": t('a date, YYYY-MM-DD, from 2000 to 2099'), "bool": t('true or false'),
                "int": t('a whole number from 1')}.get(f.kind)
    out += [(i, ParindexError("bad_value", t('{field} is not {kind}', field=f.name, kind=KIND_WORDS[f.kind]), where(i, f.name),
                              expected=expected, got=_shown(text[i].as_py()))) for i in np.flatnonzero(wrong)]
    if f.choices:
        outside = usable & ~_mask(pc.is_in(text, value_set=pa.array(f.choices)))
        out += [(i, ParindexError("not_a_choice", t("'{value}' is not a value of {field}", value=text[i].as_py(), field=f.name),
                                  where(i, f.name), expected=", ".join(f.choices), got=text[i].as_py())) for i in np.flatnonzero(outside)]
    if known is not None:
        unknown = usable & ~_mask(pc.is_in(text, value_set=known))
        out += [(i, ParindexError("unknown_code", t("unknown {field} '{value}'", field=f.name, value=text[i].as_py()), where(i, f.name),
                                  expected=t('a code the system knows'), got=text[i].as_py())) for i in np.flatnonzero(unknown)]
    return value, out


KIND_WORDS = {"date": t('a date'), "bool": t('true or false'), "int": t('a version number'), "string": t('text')}


def _typed(kind: str, text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The values in their kind, and where a value is present but not of it. A Parquet column
    already of the kind is taken as it is (a date still within 2000–2099, a version from 1)."""
    if kind == "date" and pa.types.is_date32(text.type):
        value = pc.if_else(pc.and_(pc.greater_equal(text, pa.scalar(FIRST_DAY)), pc.less_equal(text, pa.scalar(LAST_DAY))),
                           text, pa.scalar(None, pa.date32()))
        return value, _mask(pc.is_valid(text)) & ~_mask(pc.is_valid(value))
    if kind == "bool" and pa.types.is_boolean(text.type):
        return text, np.zeros(len(text), bool)
    if kind == "int" and pa.types.is_integer(text.type):
        value = pc.if_else(pc.greater_equal(text, 1), pc.cast(text, pa.int64()), pa.scalar(None, pa.int64()))
        return value, _mask(pc.is_valid(text)) & ~_mask(pc.is_valid(value))
    if not pa.types.is_string(text.type):  # another type than the field's: judged as its text
        text = pc.cast(text, pa.string())
    if kind == "date":
        parsed = pc.cast(pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True), pa.date32())
        exact = pc.and_(pc.equal(pc.cast(parsed, pa.string()), text),  # 2026-02-30 is not read as 2 March
                        pc.and_(pc.greater_equal(parsed, pa.scalar(FIRST_DAY)), pc.less_equal(parsed, pa.scalar(LAST_DAY))))
        value = pc.if_else(exact, parsed, pa.scalar(None, pa.date32()))
    elif kind == "bool":
        lowered = pc.utf8_lower(text)
        yes, no = pc.is_in(lowered, value_set=pa.array(TRUE_WORDS)), pc.is_in(lowered, value_set=pa.array(FALSE_WORDS))
        value = pc.if_else(yes, True, pc.if_else(no, False, pa.scalar(None, pa.bool_())))
    elif kind == "int":
        whole = pc.match_substring_regex(text, r"^0*[1-9][0-9]{0,14}$")
        value = pc.cast(pc.if_else(whole, text, pa.scalar(None, pa.string())), pa.int64())
    else:
        value = text
    return value, _mask(pc.is_valid(text)) & ~_mask(pc.is_valid(value))


def _dates_in_order(sent: Sent, table: Table, typed: Mapping[str, pa.Array]) -> list[tuple[int, ParindexError]]:
    """No date of a record before the day it was received: completed, due, resolved."""
    if "received_on" not in typed:
        return []
    received = typed["received_on"]
    out = []
    for f in table.fields:
        if f.kind != "date" or f.name == "received_on":
            continue
        early = _mask(pc.less(typed[f.name], received))
        out += [(i, ParindexError("before_received", t('{field} is before the day the record was received', field=f.name), sent.where(i, f.name),
                                  expected=t('on or after received_on, {day}', day=received[i].as_py().isoformat()),
                                  got=typed[f.name][i].as_py().isoformat())) for i in np.flatnonzero(early)]
    return out


def _mask(values) -> np.ndarray:
    """A boolean array as NumPy, none as False."""
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), bool)


# -- the batch against itself and the store -----------------------------------------------------------

@dataclass
class Plan:
    """What a table's good rows do to the store: the records to write and the stored ones they replace."""

    table: Table
    write: pa.Table  # the new and updated records, one per key
    replaced: pa.Table  # the stored copies of the updated keys, with the partition each is in
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ParindexError] = field(default_factory=list)


def _sent_keys(readable: list[Sent], spec: Table) -> pa.Array:
    """Every key the files of a table name, as text, each once: what to look up in the store."""
    columns = [pc.cast(s.values[spec.key], pa.string()) for s in readable
               if s.table is spec and spec.key in s.values.column_names]
    if not columns:
        return pa.array([], pa.string())
    return pc.drop_null(pc.unique(pa.chunked_array([c for column in columns for c in column.chunks], pa.string())))


@dataclass(frozen=True)
class Batch:
    """A table's good rows against each other: each key numbered once (``codes`` into ``keys``),
    the rows ordered by key, version and order sent, and the problems of a key and version sent
    twice with different content. Known before the store is asked, so it is worked out while the
    stored versions are still being looked up."""

    spec: Table
    checked: list[Checked]
    records: pa.Table
    files: np.ndarray  # each row's file (its number in ``checked``)
    places: np.ndarray  # each row's index in its file's values
    keys: pa.Array
    codes: np.ndarray
    versions: np.ndarray
    latest: np.ndarray  # the row of each key's highest version, as last sent; in the order of the keys' codes
    problems: list[ParindexError]

    def where(self, j: int, column: str | None = None) -> Where:
        return self.checked[int(self.files[j])].sent.where(int(self.places[j]), column)

    def key_of(self, j: int) -> str:
        return self.keys[int(self.codes[j])].as_py()


def _batch(spec: Table, checked: list[Checked]) -> Batch:
    """Same key and version twice in the batch must be the same record. The rows are compared by
    number: each key encoded once, the rows sorted by key, version and order sent."""
    records = pa.concat_tables([c.records for c in checked])
    files = np.repeat(np.arange(len(checked)), [len(c.rows) for c in checked])
    places = np.concatenate([c.rows for c in checked]) if checked else np.zeros(0, np.int64)
    encoded = pc.dictionary_encode(records[spec.key].combine_chunks())
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), np.int64)
    versions = np.asarray(records["version"].to_numpy(), np.int64)
    order = np.lexsort((np.arange(len(codes)), versions, codes))  # by key, then version, then as sent
    follows = np.zeros(len(codes), bool)  # in ``order``: the same key and version as the row before
    follows[1:] = (codes[order][1:] == codes[order][:-1]) & (versions[order][1:] == versions[order][:-1])
    first = np.empty(len(codes), np.int64)
    first[order] = order[np.maximum.accumulate(np.where(follows, 0, np.arange(len(codes))))]
    last = np.ones(len(codes), bool)  # in ``order``: the last row of its key, its highest version as last sent
    last[:-1] = codes[order][1:] != codes[order][:-1]
    batch = Batch(spec, checked, records, files, places, encoded.dictionary, codes, versions, order[last], [])
    again = sorted(order[follows].tolist())
    for j, differs in zip(again, _differences(spec, records, again, records, [int(first[j]) for j in again])):
        if differs:
            batch.problems.append(ParindexError(
                "changed_in_batch", t("{key} '{value}' version {version} is sent twice with different content (first at {first})",
                                      key=spec.key, value=batch.key_of(j), version=int(versions[j]),
                                      first=_place(batch.where(int(first[j])))),
                batch.where(j, differs), expected=t('one content per version'), got=None))
    return batch


def _plan(batch: Batch, found: pa.Table) -> Plan:
    """Against the store (``found``: the stored copies of the keys sent), a key is new, a higher
    version, or the stored version unchanged — anything else is a problem."""
    spec, codes, versions, latest = batch.spec, batch.codes, batch.versions, batch.latest
    found_code = np.asarray(pc.fill_null(pc.index_in(found[spec.key], value_set=batch.keys), -1).to_numpy(zero_copy_only=False), np.int64)
    found, found_code = _where(found, found_code >= 0), found_code[found_code >= 0]  # not the keys of refused rows
    top, top_code, copies = _highest_stored(found, found_code)
    at = np.full(len(batch.keys), -1, np.int64)  # per key: its row in ``top`` (-1: not stored)
    at[top_code] = np.arange(len(top_code))
    stored_version = np.where(at >= 0, np.asarray(top["version"].to_numpy(), np.int64)[np.maximum(at, 0)], -1) if top.num_rows \
        else np.full(len(batch.keys), -1)
    stored_copies = np.zeros(len(batch.keys), np.int64)
    stored_copies[top_code] = copies
    held_version, row_at = stored_version[codes], at[codes]  # per row sent: its key's stored version (-1: none)
    plan = Plan(spec, spec.schema.empty_table(), found, problems=list(batch.problems))
    for j in np.flatnonzero(versions < held_version):
        plan.problems.append(ParindexError(
            "older_version", t("{key} '{value}' version {version} is older than the stored version {stored}",
                               key=spec.key, value=batch.key_of(j), version=int(versions[j]), stored=int(held_version[j])),
            batch.where(j, "version"), expected=t('the stored version or a higher one'), got=int(versions[j])))
    same = np.flatnonzero(versions == held_version).tolist()
    for j, differs in zip(same, _differences(spec, batch.records, same, top, [int(row_at[j]) for j in same])):
        if differs:
            plan.problems.append(ParindexError(
                "changed_without_version", t("{key} '{value}' version {version} differs from the stored record of that version",
                                             key=spec.key, value=batch.key_of(j), version=int(versions[j])),
                batch.where(j, differs), expected=t('a higher version for a changed record'), got=None))

    held = held_version[latest] >= 0
    updated = held & ((versions[latest] > held_version[latest]) | (stored_copies[codes[latest]] > 1))
    plan.added, plan.updated = int((~held).sum()), int(updated.sum())
    plan.unchanged = len(latest) - plan.added - plan.updated
    plan.write = _rows(batch.records, np.sort(latest[~held | updated]))
    replacing = np.zeros(len(batch.keys), bool)
    replacing[codes[latest[updated]]] = True
    plan.replaced = _where(found, replacing[found_code])
    return plan


def _place(where: Where) -> Text:
    return Text(vi=where.describe("vi"), en=where.describe("en"))


def _highest_stored(found: pa.Table, code: np.ndarray) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """Each stored key's highest version (its row of ``found``), the key's code, and how many copies
    the store holds of it (more than one only after a load stopped between two partitions; the next
    load of the key repairs it). ``code``: each found row's key, numbered as the batch numbers it."""
    copies = np.bincount(code) if len(code) else np.zeros(0, np.int64)
    if not len(code) or copies.max() == 1:  # as nearly always: one copy of each key
        return found, code, np.ones(len(code), np.int64)
    order = np.lexsort((np.arange(len(code)), found["version"].to_numpy(), code))
    last = np.ones(len(code), bool)
    last[:-1] = code[order][1:] != code[order][:-1]
    highest = np.sort(order[last])
    return found.take(pa.array(highest, pa.int64())), code[highest], copies[code[highest]]


def _where(rows: pa.Table, keep: np.ndarray) -> pa.Table:
    """The rows where ``keep`` holds; the table itself, uncopied, where it holds for every row."""
    return rows if keep.all() else rows.filter(pa.array(keep, pa.bool_()))


def _differences(spec: Table, one: pa.Table, rows: list[int], other: pa.Table, others: list[int]) -> list[str | None]:
    """For each pair (``one``'s row, ``other``'s row), the first field whose values differ (None: the same record)."""
    if not rows:
        return []
    a, b = one.take(pa.array(rows, pa.int64())), other.take(pa.array(others, pa.int64()))
    differs = np.column_stack([
        ~_mask(pc.or_kleene(pc.equal(a[f.name], b[f.name]), pc.and_(pc.is_null(a[f.name]), pc.is_null(b[f.name]))))
        for f in spec.fields])
    return [spec.fields[int(k)].name if row.any() else None for row, k in zip(differs, differs.argmax(axis=1))]


# -- writing ------------------------------------------------------------------------------------------

def _apply(root: str | Path, plan: Plan) -> TableChange:
    """Write the plan's records into the deltas of their partitions, in place of any older copy a
    delta held (the base copies they supersede stay where they are: ``store``), then add to the kept
    aggregates what the records count less what the versions they replace counted. The deltas gaining
    records are written first, so that a load stopped half-way leaves a key stored twice (repaired by
    sending the batch again), never lost; the aggregates' months are written after the deltas, so a
    load stopped between them leaves the aggregates out of step (recomputed when next read), never wrong."""
    spec = plan.table
    kept = aggregates.in_step(root, spec.name)
    write, target = _by_partition(spec, plan.write)
    in_deltas = plan.replaced.filter(plan.replaced[locator.IN_DELTA])
    counted = pc.value_counts(target)  # ordered as first met: by partition, as ``target`` is
    gaining, sizes = counted.field("values").to_pylist(), counted.field("counts").to_numpy()
    slices = dict(zip(gaining, zip((np.cumsum(sizes) - sizes).tolist(), sizes.tolist())))
    partitions = gaining + sorted(set(pc.unique(in_deltas[store.PARTITION_COLUMN]).to_pylist()) - set(gaining))
    held = [store.read_delta(root, spec.name, month) for month in partitions]
    stays = _not_among(pa.concat_tables([spec.schema.empty_table(), *held])[spec.key], write[spec.key])
    ends = np.cumsum([delta.num_rows for delta in held]).tolist()
    with ThreadPoolExecutor(1) as counting:  # the aggregates' change is counted while the deltas are written
        counted = counting.submit(aggregates.count, kept if partitions else [], write, plan.replaced)
        for month, delta, end in zip(partitions, held, ends):
            sent = write.slice(*slices[month]) if month in slices else write.schema.empty_table()
            store.write_delta(root, spec.name, month, pa.concat_tables([delta.filter(stays[end - delta.num_rows:end]), sent]))
        days = aggregates.keep(kept, counted.result()) if partitions else 0
    if partitions and store.delta_rows(root, spec.name) > COMPACT_AT:
        locator.compact(root, spec.name)
    return TableChange(spec.name, plan.added, plan.updated, plan.unchanged, tuple(partitions), days)


def _by_partition(spec: Table, rows: pa.Table) -> tuple[pa.Table, pa.Array]:
    """The rows ordered by their partition (as sent within one), and each one's partition: a
    partition's rows are then one slice, not a filter of every row per partition."""
    if spec.day is None:
        return rows, pa.array([""] * rows.num_rows, pa.string())
    target = store.partitions(rows[spec.day])
    order = pc.sort_indices(target, sort_keys=[("", "ascending")]) if rows.num_rows else pa.array([], pa.uint64())
    return rows.take(order), target.take(order)


def _not_among(held: pa.ChunkedArray, keys: pa.ChunkedArray) -> np.ndarray:
    """Which of the keys the deltas held are not among ``keys``: one search of every delta's keys,
    not one per partition (each search hashes ``keys`` anew)."""
    if not len(held):
        return np.ones(0, bool)
    return ~np.asarray(pc.is_in(held, value_set=keys).to_numpy(zero_copy_only=False), bool)


# -- telling the sender ---------------------------------------------------------------------------------

def _in_file_order(problems: list[ParindexError], paths: list[Path]) -> list[ParindexError]:
    order = {str(p): n for n, p in enumerate(paths)}
    fields = {f.name: n for spec in TABLES.values() for n, f in enumerate(spec.fields)}
    return sorted(problems, key=lambda p: (order.get(p.where.file or "", -1), p.where.row or p.where.line or 0,
                                           fields.get(p.where.column or "", -1)))


def _batch_name(paths: list[Path]) -> str:
    return str(paths[0]) if len(paths) == 1 else t('a batch of {n} files', n=len(paths))


def _write_quarantine(path: Path, sent: list[Sent], problems: list[ParindexError], lang: str) -> None:
    """One line per rejected row: its file, row (the line, for JSON lines), reasons and values as sent.
    A problem of a file's header rejects each of its rows; a file that cannot be read, or whose table
    is not known, has no rows to list (its problems say why)."""
    names = list(dict.fromkeys(f.name for s in sent if s.table for f in s.table.fields))
    lines: list[list[Any]] = [["file", "row", "problems", *names]]
    for s in sent:
        index = {int(place): i for i, place in enumerate(s.places)}
        located: dict[int, list[ParindexError]] = {}
        whole = []  # the file's own problems: its header, its columns
        for p in problems:
            if p.where.file == s.source:
                place = p.where.line if s.by_line else p.where.row
                if place in index:
                    located.setdefault(place, []).append(p)
                else:
                    whole.append(p)
        places = sorted(index) if whole and s.table else sorted(located)
        records = s.values.take(pa.array([index[place] for place in places], pa.int64())).to_pylist()
        for place, record in zip(places, records):
            reasons = " ".join(_reason(p, lang) for p in whole + located.get(place, []))
            lines.append([s.source, place, reasons, *(_shown(record.get(name)) for name in names)])

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
            SafeCsvWriter(handle).writerows(lines)
    replace_atomically(path, write)


def _reason(problem: ParindexError, lang: str) -> str:
    """The problem as a sentence in ``lang``, located only by its column (the line gives the row)."""
    return ParindexError(problem.code, problem.title, Where(column=problem.where.column), problem.expected, problem.got,
                         problem.hint).sentence(lang)


def _shown(value: Any) -> str:
    """A value as sent, as text: a Parquet file's dates, true/false and numbers as a CSV would hold them."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = value.isoformat() if isinstance(value, date) else ("true" if value else "false") if isinstance(value, bool) else str(value)
    return value if len(value) <= MAX_VALUE_CHARS else value[:MAX_VALUE_CHARS] + "…"
