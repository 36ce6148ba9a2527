"""Each row of a file on its own, against its table's fields: a required field missing, a date
that is not one (``YYYY-MM-DD``, 2000–2099), a value outside the field's choices, a unit or
procedure not among the known ones (when they are given), a value too long or that a spreadsheet
would run as a formula (text starting with ``= + - @``), a record completed, due or resolved
before it was received. The good rows come out in the table's schema; every problem is located by
file, row and field. A row is checked against the others and the store in ``ingest``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from parindex.core.errors import ParindexError
from parindex.core.phrases import t
from parindex.core.services.records import Field, Table
from parindex.core.services.sent import MAX_VALUE_CHARS, Sent, mask, rows_at, shown

FORMULA_START = r"^[=+\-@]"  # what a spreadsheet runs as a formula (tab and CR are trimmed away first)
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
TRUE_WORDS, FALSE_WORDS = ("true", "1", "yes"), ("false", "0", "no")
KIND_WORDS = {"date": t('a date'), "bool": t('true or false'), "int": t('a version number'), "string": t('text')}


@dataclass(frozen=True)
class Checked:
    """A file's rows in the table's schema: the good ones, with their places, and the problems of the others."""

    sent: Sent
    table: Table
    records: pa.Table
    rows: np.ndarray  # the index in ``sent.values`` of each good record
    problems: list[ParindexError]


def known(values: Iterable[str] | None) -> pa.Array | None:
    return None if values is None else pa.array(sorted({str(v) for v in values}), pa.string())


def check_rows(sent: Sent, table: Table, known_units: pa.Array | None, known_procedures: pa.Array | None) -> Checked:
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
    records = rows_at(pa.table(typed), good).cast(table.schema)
    return Checked(sent, table, records, good, [p for _, p in problems])


def _check_field(sent: Sent, f: Field, text: pa.Array, known: pa.Array | None) -> tuple[pa.Array, list[tuple[int, ParindexError]]]:
    """The field's values in their type (none where wrong) and the problem of every wrong cell."""
    present = mask(pc.is_valid(text))
    refused = np.zeros(len(text), bool)
    refused[list(sent.refused.get(f.name, ()))] = True
    where = sent.where
    out: list[tuple[int, ParindexError]] = [
        (i, ParindexError("bad_value", t('{field} holds a list or an object', field=f.name), where(i, f.name),
                          expected=t('a plain value'), got=None)) for i in np.flatnonzero(refused)]
    is_text = pa.types.is_string(text.type)
    if not is_text and f.kind == "string":  # a number or a date where text is wanted: checked as its text
        text, is_text = pc.cast(text, pa.string()), True
    long = present & mask(pc.greater(pc.utf8_length(text), MAX_VALUE_CHARS)) if is_text else np.zeros(len(text), bool)
    formula = present & ~long & (mask(pc.match_substring_regex(text, FORMULA_START)) if f.kind == "string" else False)
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
                              expected=expected, got=shown(text[i].as_py()))) for i in np.flatnonzero(wrong)]
    if f.choices:
        outside = usable & ~mask(pc.is_in(text, value_set=pa.array(f.choices)))
        out += [(i, ParindexError("not_a_choice", t("'{value}' is not a value of {field}", value=text[i].as_py(), field=f.name),
                                  where(i, f.name), expected=", ".join(f.choices), got=text[i].as_py())) for i in np.flatnonzero(outside)]
    if known is not None:
        unknown = usable & ~mask(pc.is_in(text, value_set=known))
        out += [(i, ParindexError("unknown_code", t("unknown {field} '{value}'", field=f.name, value=text[i].as_py()), where(i, f.name),
                                  expected=t('a code the system knows'), got=text[i].as_py())) for i in np.flatnonzero(unknown)]
    return value, out



def _typed(kind: str, text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The values in their kind, and where a value is present but not of it. A Parquet column
    already of the kind is taken as it is (a date still within 2000–2099, a version from 1)."""
    if kind == "date" and pa.types.is_date32(text.type):
        value = pc.if_else(pc.and_(pc.greater_equal(text, pa.scalar(FIRST_DAY)), pc.less_equal(text, pa.scalar(LAST_DAY))),
                           text, pa.scalar(None, pa.date32()))
        return value, mask(pc.is_valid(text)) & ~mask(pc.is_valid(value))
    if kind == "bool" and pa.types.is_boolean(text.type):
        return text, np.zeros(len(text), bool)
    if kind == "int" and pa.types.is_integer(text.type):
        value = pc.if_else(pc.greater_equal(text, 1), pc.cast(text, pa.int64()), pa.scalar(None, pa.int64()))
        return value, mask(pc.is_valid(text)) & ~mask(pc.is_valid(value))
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
    return value, mask(pc.is_valid(text)) & ~mask(pc.is_valid(value))


def _dates_in_order(sent: Sent, table: Table, typed: Mapping[str, pa.Array]) -> list[tuple[int, ParindexError]]:
    """No date of a record before the day it was received: completed, due, resolved."""
    if "received_on" not in typed:
        return []
    received = typed["received_on"]
    out = []
    for f in table.fields:
        if f.kind != "date" or f.name == "received_on":
            continue
        early = mask(pc.less(typed[f.name], received))
        out += [(i, ParindexError("before_received", t('{field} is before the day the record was received', field=f.name), sent.where(i, f.name),
                                  expected=t('on or after received_on, {day}', day=received[i].as_py().isoformat()),
                                  got=typed[f.name][i].as_py().isoformat())) for i in np.flatnonzero(early)]
    return out
