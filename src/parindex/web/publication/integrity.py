"""How ``verify_audit`` checks published snapshots: every one hashes to its checksum, that checksum
is the one the log recorded at publication, and the chain head it carries (``audit_head``) is still
in the chain with the same hash — so a log rewritten and re-hashed forward from before a
publication is caught."""
from __future__ import annotations

import hashlib
import json

from parindex.web.audit.integrity import IntegrityProblem, check_published_head, integrity_check
from parindex.web.audit.models import AuditEntry
from parindex.web.publication.models import Snapshot


@integrity_check
def check_snapshots() -> list[IntegrityProblem]:
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
