"""What ``verify_audit`` checks beyond the chain's own links: that the database still says what
the log says it was made to say.

* every published snapshot hashes to its checksum, that checksum is the one recorded in the log at
  publication, and the chain head the snapshot carries (``audit_head``) is still in the chain with
  the same hash — so a log rewritten and re-hashed forward from before a publication is caught;
* every entry's current values equal the last value the log recorded for them (a value written
  behind the application's back — raw SQL, a console — has no audit row to match);
* optionally, a chain head published earlier (in a bundle, on the portal) is still in the chain:
  truncating the end of the log and moving the head is caught from outside.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from parindex.web.audit.chain import as_text
from parindex.web.audit.models import AuditEntry

AUDITED_ENTRY_FIELDS = ("inputs", "self_points", "note", "appraised_points", "appraisal_reason", "unit_explanation",
                        "final_points", "final_reason")


@dataclass(frozen=True)
class IntegrityProblem:
    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


def check_published_head(seq: int, digest: str) -> list[IntegrityProblem]:
    found = AuditEntry.objects.filter(seq=seq).values_list("hash", flat=True).first() if seq else None
    if seq and found is None:
        return [IntegrityProblem(f"chain head {seq}", "the entry published as the chain's head is missing (the log was truncated)")]
    if seq and found != digest:
        return [IntegrityProblem(f"chain head {seq}", "the entry published as the chain's head has a different hash (the log was rewritten)")]
    return []


def check_snapshots() -> list[IntegrityProblem]:
    from parindex.web.publication.models import Snapshot

    problems = []
    audited = dict(AuditEntry.objects.filter(action="snapshot.checksum", object_type="snapshot")
                   .values_list("object_id", "new_value"))
    for snapshot in Snapshot.objects.select_related("cycle").order_by("pk").iterator():
        where = f"snapshot {snapshot.cycle.slug} v{snapshot.version}"
        if hashlib.sha256(snapshot.payload.encode("utf-8")).hexdigest() != snapshot.checksum:
            problems.append(IntegrityProblem(where, "the published figures do not match their checksum"))
            continue
        if audited.get(str(snapshot.pk)) != snapshot.checksum:
            problems.append(IntegrityProblem(where, "the checksum differs from the one the audit log recorded at publication"))
        anchor = json.loads(snapshot.payload).get("audit_head") or {}
        problems += [IntegrityProblem(where, p.problem) for p in check_published_head(anchor.get("seq", 0), anchor.get("hash", ""))]
    return problems


def check_entries() -> list[IntegrityProblem]:
    """Each audited field of each entry equals the last ``new_value`` logged for it, or its initial
    value when nothing was ever logged."""
    from parindex.web.cycles.models import Entry

    last: dict[tuple[str, str], str] = {}
    for object_id, action, value in AuditEntry.objects.filter(object_type="entry", action__startswith="entry.") \
            .order_by("seq").values_list("object_id", "action", "new_value").iterator():
        last[(object_id, action.removeprefix("entry."))] = value
    initial = {f: as_text(Entry._meta.get_field(f).get_default()) for f in AUDITED_ENTRY_FIELDS}
    problems = []
    for entry in Entry.objects.select_related("assessment__unit", "assessment__cycle").order_by("pk").iterator():
        for field in AUDITED_ENTRY_FIELDS:
            expected = last.get((str(entry.pk), field), initial[field])
            if as_text(getattr(entry, field)) != expected:
                problems.append(IntegrityProblem(
                    f"{entry.assessment.cycle.slug} {entry.assessment.unit.uid}/{entry.leaf_code} {field}",
                    "the current value differs from the last audited change"))
    return problems
