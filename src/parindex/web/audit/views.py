"""The audit log's page: the whole log as CSV, for administrators and the council."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from parindex.core.cells import SafeCsvWriter
from parindex.web.audit.models import AuditEntry

COLUMNS = ["seq", "at", "actor_name", "action", "object_type", "object_id", "field", "old_value", "new_value", "reason", "prev_hash", "hash"]


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Who, when, what, old, new, why, and the chain hashes: every entry, streamed in order."""
    if not request.user.has_perm("audit.view_log"):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="parindex-audit.csv"'
    writer = SafeCsvWriter(response)
    writer.writerow(COLUMNS)
    for entry in AuditEntry.objects.order_by("seq").iterator():
        writer.writerow([getattr(entry, c) for c in COLUMNS])
    return response
