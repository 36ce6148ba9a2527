"""The records one-stop systems send, field by field: the single vocabulary of ingest, of the
indicator files' counts and of both engines.

A dossier (hồ sơ thủ tục hành chính) is counted by the unit that handles it: a ministry, a
province's own agencies, or a commune. ``province`` names the province a commune or provincial
agency belongs to, so a province's index counts the dossiers of all its units. Dates are calendar
days; a dossier's ``due_on`` is what the one-stop system computed from the procedure's time limit
in working days.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

LEVELS = ("ministry", "province", "commune")
SERVICE_LEVELS = ("full_online", "partly_online", "offline")
CHANNELS = ("online", "counter", "post")
STATES = ("processing", "completed", "returned", "withdrawn")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # string, date, bool, int
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """One kind of record: its fields, its key and the date that puts it in a day."""

    name: str
    key: str
    fields: tuple[Field, ...]
    day: str | None  # the field whose date partitions the records; None for the catalogue
    open_while: tuple[str, str | None] | None = None  # (field, value; None: empty) of a record later versions will replace

    def is_open(self, rows: pa.Table) -> pa.ChunkedArray | pa.Array:
        """Which records are still open — a dossier in processing, a feedback not yet resolved: the
        ones the next loads will send new versions of, which the store keeps apart from the others."""
        if self.open_while is None:
            return pa.array([False] * rows.num_rows)
        name, value = self.open_while
        column = rows[name]
        return pc.is_null(column) if value is None else pc.fill_null(pc.equal(column, value), False)

    @property
    def schema(self) -> pa.Schema:
        types = {"string": pa.string(), "date": pa.date32(), "bool": pa.bool_(), "int": pa.int64()}
        return pa.schema([pa.field(f.name, types[f.kind], nullable=not f.required) for f in self.fields])

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


_UNIT = (Field("unit", "string"), Field("province", "string", required=False), Field("level", "string", choices=LEVELS))

DOSSIERS = Table("dossiers", "dossier_id", (
    Field("dossier_id", "string"), Field("version", "int"), *_UNIT,
    Field("agency", "string"), Field("procedure", "string"),
    Field("service_level", "string", choices=SERVICE_LEVELS), Field("channel", "string", choices=CHANNELS),
    Field("received_on", "date"), Field("due_on", "date"), Field("completed_on", "date", required=False),
    Field("state", "string", choices=STATES),
    Field("result_electronic", "bool"), Field("digitised", "bool"), Field("reused_data", "bool"),
    Field("fee_due", "bool"), Field("paid_online", "bool"), Field("synced", "bool"),
    Field("rated_dislike", "bool"), Field("official", "string", required=False),
), day="received_on", open_while=("state", "processing"))

FEEDBACK = Table("feedback", "feedback_id", (
    Field("feedback_id", "string"), Field("version", "int"), *_UNIT,
    Field("received_on", "date"), Field("due_on", "date"), Field("resolved_on", "date", required=False),
    Field("satisfied", "bool", required=False),
), day="received_on", open_while=("resolved_on", None))

PROCEDURES = Table("procedures", "procedure_key", (
    Field("procedure_key", "string"), Field("version", "int"), Field("procedure", "string"),
    Field("unit", "string"), Field("level", "string", choices=LEVELS),
    Field("announced_on_time", "bool"), Field("published_on_time", "bool"), Field("fully_disclosed", "bool"),
    Field("online_capable", "bool"), Field("has_fee", "bool"), Field("payment_integrated", "bool"),
), day=None)

TABLES = {t.name: t for t in (DOSSIERS, FEEDBACK, PROCEDURES)}
