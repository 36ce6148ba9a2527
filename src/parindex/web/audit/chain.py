"""Append to the audit log and verify its chain."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone
from typing import Any

from django.db import transaction
from django.utils import timezone

from parindex.web.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "at", "actor_name", "action", "object_type", "object_id", "field", "old_value", "new_value",
                 "reason", "prev_hash")


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value == 0:
        value = 0.0  # -0.0 is stored as 0.0 by every database; the log must say what is stored
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def entry_hash(values: dict[str, Any]) -> str:
    payload = json.dumps({k: values[k] for k in HASHED_FIELDS}, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Change:
    """One audited change: ``obj`` is a model instance or an ``(object_type, object_id)`` pair."""

    action: str
    obj: Any
    field: str = ""
    old: Any = None
    new: Any = None
    reason: str = ""


def record(actor, action: str, obj, field: str = "", old: Any = None, new: Any = None, reason: str = "") -> AuditEntry:
    """Append one entry. Call inside the transaction that makes the change, so both land or neither."""
    return record_many(actor, [Change(action, obj, field, old, new, reason)])[-1]


def record_many(actor, changes: list[Change]) -> list[AuditEntry]:
    """Append several entries under one lock of the head (a bulk load records every value it
    writes, as a person's save would, without one round trip per value)."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        at = _utc_text(timezone.now())
        rows, seq, previous = [], head.last_seq, head.last_hash
        for change in changes:
            obj = change.obj
            seq += 1
            values = {
                "seq": seq, "at": at,
                "actor_name": getattr(actor, "username", "") or "system",
                "action": change.action,
                "object_type": obj.__class__.__name__.lower() if not isinstance(obj, tuple) else obj[0],
                "object_id": str(obj.pk if not isinstance(obj, tuple) else obj[1]),
                "field": change.field,
                "old_value": as_text(change.old),
                "new_value": as_text(change.new),
                "reason": change.reason or "",
                "prev_hash": previous,
            }
            previous = entry_hash(values)
            rows.append(AuditEntry(actor=actor if getattr(actor, "pk", None) else None, hash=previous,
                                   **{**values, "at": datetime.fromisoformat(values["at"])}))
        AuditEntry.objects.bulk_create(rows, batch_size=500)
        head.last_seq, head.last_hash = seq, previous
        head.save(update_fields=["last_seq", "last_hash"])
        return rows


def head() -> tuple[int, str]:
    """The chain's last sequence number and hash: what the portal and each bundle publish, so that
    anyone holding an old copy can check later that the log still holds that entry unchanged."""
    row = AuditHead.objects.filter(pk=1).first()
    return (row.last_seq, row.last_hash) if row else (0, GENESIS)


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def verify() -> list[ChainProblem]:
    """Recompute every hash in order; report an entry whose content or link does not match."""
    problems, previous, expected_seq = [], GENESIS, 1
    for entry in AuditEntry.objects.order_by("seq").iterator():
        values = {k: getattr(entry, k) for k in HASHED_FIELDS}
        values["at"] = _utc_text(entry.at)
        if entry.seq != expected_seq:
            problems.append(ChainProblem(entry.seq, f"sequence gap: expected {expected_seq}"))
        if entry.prev_hash != previous:
            problems.append(ChainProblem(entry.seq, "link broken: prev_hash is not the previous entry's hash"))
        if entry_hash(values) != entry.hash:
            problems.append(ChainProblem(entry.seq, "content changed: hash does not match the entry"))
        previous, expected_seq = entry.hash, entry.seq + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.last_hash != previous:
        problems.append(ChainProblem(head.last_seq, "entries missing at the end of the log"))
    return problems


def _utc_text(moment) -> str:
    return moment.astimezone(dt_timezone.utc).isoformat(timespec="microseconds")
