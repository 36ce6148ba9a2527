"""What an indicator counts, declared in the methodology file, and its compilation to SQL.

A ``service_data`` leaf says which records it counts and which of them meet the target::

    records:
      table: dossiers
      period_by: completed_on          # the date that puts a record in a period
      count: {state: completed}        # the denominator
      meeting: {completed_on: {on_or_before: due_on}}   # the numerator: those also meeting this

A condition is ``field: value`` (equal), ``field: [a, b]`` (one of), or ``field: {op: …}`` with
``not`` (anything but a value or list — an unknown value included), ``on_or_before`` / ``after`` (against another date
field) and ``missing: true|false``. Fields are the records' own (``records.py``), so a file can
only name what the systems send, and the SQL written here is the one both engines run — plain
comparisons, ``IN``, ``IS NULL`` and ``CASE``, which DuckDB and Spark SQL read alike. No indicator
is written by hand in an engine's dialect.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import t
from parindex.core.services.records import TABLES, Table

OPERATORS = ("not", "on_or_before", "after", "missing")


@dataclass(frozen=True)
class Condition:
    field: str
    op: str  # "=", "in", "not", "on_or_before", "after", "missing"
    value: Any

    def sql(self) -> str:
        if self.op == "missing":
            return f"{self.field} IS {'' if self.value else 'NOT '}NULL"
        if self.op in ("on_or_before", "after"):
            return f"{self.field} {'<=' if self.op == 'on_or_before' else '>'} {self.value}"
        if isinstance(self.value, tuple):
            listed = ", ".join(literal(v) for v in self.value)
            if self.op == "not":  # unknown is "other than": feedback without a rating is not "not satisfied"
                return f"{self.field} IS NULL OR {self.field} NOT IN ({listed})"
            return f"{self.field} IN ({listed})"
        if self.op == "not":
            return f"{self.field} IS NULL OR {self.field} <> {literal(self.value)}"
        return f"{self.field} = {literal(self.value)}"


@dataclass(frozen=True)
class RecordCount:
    """The denominator (records of the period meeting ``count``) and the numerator (those of them
    also meeting ``meeting``) of one indicator."""

    table: str
    period_by: str | None
    count: tuple[Condition, ...]
    meeting: tuple[Condition, ...]

    def denominator_sql(self) -> str:
        return _all(self.count)

    def numerator_sql(self) -> str:
        return _all(self.count + self.meeting)


def _all(conditions: tuple[Condition, ...]) -> str:
    return " AND ".join(f"({c.sql()})" for c in conditions) or "TRUE"


def literal(value: Any) -> str:
    """A value written into SQL: text quoted with its quotes doubled, so a value cannot end the string."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def parse_count(spec: Any) -> RecordCount:
    """The ``records:`` mapping of a leaf, checked against the records' fields; a mistake is
    refused with its place inside the mapping (``count.state``) for the loader to locate."""
    if not isinstance(spec, Mapping):
        raise _refused("", t("'records' must be a mapping"), t('{{table: dossiers, period_by: …, count: {{…}}, meeting: {{…}}}}'), spec)
    unknown = sorted(set(spec) - {"table", "period_by", "count", "meeting"})
    if unknown:
        raise _refused(unknown[0], t("unknown key '{key}'", key=unknown[0]), "table, period_by, count, meeting", unknown[0])
    table = TABLES.get(spec.get("table"))  # type: ignore[arg-type]
    if table is None:
        raise _refused("table", t("unknown record table '{table}'", table=spec.get("table")), ", ".join(TABLES), spec.get("table"))
    period_by = spec.get("period_by")
    if period_by is not None and _kind(table, period_by) != "date":
        raise _refused("period_by", t("'{field}' is not a date field of {table}", field=period_by, table=table.name),
                       ", ".join(f.name for f in table.fields if f.kind == "date"), period_by)
    return RecordCount(table.name, period_by, _conditions(table, spec.get("count", {}), "count"),
                       _conditions(table, spec.get("meeting", {}), "meeting"))


def _conditions(table: Table, spec: Any, key: str) -> tuple[Condition, ...]:
    if not isinstance(spec, Mapping):
        raise _refused(key, t("'{key}' must be a mapping of fields to values", key=key), t('{{state: completed}}'), spec)
    return tuple(_condition(table, name, value, f"{key}.{name}") for name, value in spec.items())


def _condition(table: Table, name: str, value: Any, path: str) -> Condition:
    kind = _kind(table, name)
    if kind is None:
        raise _refused(path, t("'{field}' is not a field of {table}", field=name, table=table.name),
                       ", ".join(f.name for f in table.fields), name)
    if isinstance(value, Mapping):
        if len(value) != 1 or next(iter(value)) not in OPERATORS:
            raise _refused(path, t("a condition has one operator"), ", ".join(OPERATORS), value)
        op, operand = next(iter(value.items()))
        if op == "missing":
            if not isinstance(operand, bool):
                raise _refused(path, t("'missing' is true or false"), "true, false", operand)
            return Condition(name, op, operand)
        if op in ("on_or_before", "after"):
            if kind != "date" or _kind(table, operand) != "date":
                raise _refused(path, t("'{op}' compares two date fields", op=op), t('e.g. completed_on: {{on_or_before: due_on}}'), operand)
            return Condition(name, op, operand)
        return Condition(name, "not", _value(table, name, kind, operand, path))
    return Condition(name, "in" if isinstance(value, list) else "=", _value(table, name, kind, value, path))


def _value(table: Table, name: str, kind: str, value: Any, path: str) -> Any:
    values = value if isinstance(value, list) else [value]
    field = table.field(name)
    for v in values:
        fits = isinstance(v, bool) if kind == "bool" else isinstance(v, str) if kind == "string" else False
        if not fits or (field is not None and field.choices and v not in field.choices):
            expected = ", ".join(field.choices) if field is not None and field.choices else kind
            raise _refused(path, t("'{value}' cannot be a value of {field}", value=v, field=name), expected, v)
    return tuple(values) if isinstance(value, list) else value


def _kind(table: Table, name: Any) -> str | None:
    field = table.field(name) if isinstance(name, str) else None
    return field.kind if field is not None else None


def _refused(path: str, title, expected, got) -> ParindexError:
    return ParindexError("bad_record_count", title, Where(path=path), expected=expected, got=got)
