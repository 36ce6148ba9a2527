"""What ``verify_audit`` checks beyond the chain's own links: that the database still says what
the log says it was made to say. The audit log knows no app: each app that writes audited rows
registers its own check here (``@integrity_check``, loaded with the app), which reads its rows
against the log (``publication.integrity``: snapshots against their checksums; ``cycles.integrity``:
entries against their last audited change). Here, beside the registry:

* optionally, a chain head published earlier (in a bundle, on the portal) is still in the chain:
  truncating the end of the log and moving the head is caught from outside.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from parindex.web.audit.models import AuditEntry


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


CHECKS: list[Callable[[], list[IntegrityProblem]]] = []


def integrity_check(check: Callable[[], list[IntegrityProblem]]) -> Callable[[], list[IntegrityProblem]]:
    """Register an app's check of its audited rows; ``verify_audit`` runs every one."""
    CHECKS.append(check)
    return check


def last_audited(object_type: str, prefix: str) -> dict[tuple[str, str], str]:
    """(object id, field) → the last value the log recorded for it, for actions ``<prefix>.<field>``."""
    last: dict[tuple[str, str], str] = {}
    for object_id, action, value in AuditEntry.objects.filter(object_type=object_type, action__startswith=f"{prefix}.") \
            .order_by("seq").values_list("object_id", "action", "new_value").iterator():
        last[(object_id, action.removeprefix(f"{prefix}."))] = value
    return last
