"""Append to the audit log and verify its chain."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone as dt_timezone
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
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def entry_hash(values: dict[str, Any]) -> str:
    payload = json.dumps({k: values[k] for k in HASHED_FIELDS}, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(actor, action: str, obj, field: str = "", old: Any = None, new: Any = None, reason: str = "") -> AuditEntry:
    """Append one entry. Call inside the transaction that makes the change, so both land or neither."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        values = {
            "seq": head.last_seq + 1,
            "at": _utc_text(timezone.now()),
            "actor_name": getattr(actor, "username", "") or "system",
            "action": action,
            "object_type": obj.__class__.__name__.lower() if not isinstance(obj, tuple) else obj[0],
            "object_id": str(obj.pk if not isinstance(obj, tuple) else obj[1]),
            "field": field,
            "old_value": as_text(old),
            "new_value": as_text(new),
            "reason": reason or "",
            "prev_hash": head.last_hash,
        }
        digest = entry_hash(values)
        entry = AuditEntry.objects.create(actor=actor if getattr(actor, "pk", None) else None, hash=digest,
                                          **{**values, "at": datetime.fromisoformat(values["at"])})
        head.last_seq, head.last_hash = values["seq"], digest
        head.save(update_fields=["last_seq", "last_hash"])
        return entry


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
