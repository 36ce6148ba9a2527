"""The audit log's pages, for administrators and the council: the log filtered by unit, criterion,
person and dates, a page at a time, and the same selection (or the whole log) as CSV."""
from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.core.cells import SafeCsvWriter
from parindex.web.audit.models import AuditEntry
from parindex.web.audit.words import unit_names
from parindex.web.cycles.models import Unit

COLUMNS = ["seq", "at", "actor_name", "action", "object_type", "object_id", "field", "old_value", "new_value", "reason", "prev_hash", "hash"]
PAGE_SIZE = 100


class LogFilter(forms.Form):
    """Which entries to show. A unit is named by its id (VN-31-2025) as the log records it; a
    criterion by its code; a person by username."""

    unit = forms.CharField(required=False, max_length=120, label=_("Unit (name, code or id)"))
    criterion = forms.CharField(required=False, max_length=32, label=_("Criterion (e.g. 1.1.2)"))
    person = forms.CharField(required=False, max_length=150, label=_("Person (username)"))
    since = forms.DateField(required=False, input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}), label=_("From"))
    until = forms.DateField(required=False, input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}), label=_("To"))

    def entries(self) -> QuerySet[AuditEntry]:
        found = AuditEntry.objects.order_by("-seq")
        if not self.is_valid():
            return found
        data = self.cleaned_data
        if data["unit"]:  # entry changes are logged as "<unit id>/<criterion>", a unit's own steps as "<unit id>"
            uids = unit_ids(data["unit"])
            found = found.filter(Q(*[Q(field__startswith=uid) for uid in uids], _connector=Q.OR)) if uids else found.none()
        if data["criterion"]:
            found = found.filter(field__endswith=f"/{data['criterion']}")
        if data["person"]:
            found = found.filter(actor_name=data["person"])
        if data["since"]:
            found = found.filter(at__gte=timezone.make_aware(datetime.combine(data["since"], time.min)))
        if data["until"]:
            found = found.filter(at__lte=timezone.make_aware(datetime.combine(data["until"], time.max)))
        return found


def unit_ids(text: str) -> list[str]:
    """The ids of the units ``text`` names: an id itself, a code, or part of a name in either language.
    The log keeps ids; people type names."""
    text = text.strip()
    named = Unit.objects.filter(Q(uid=text) | Q(code=text) | Q(name_vi__icontains=text) | Q(name_en__icontains=text))
    return sorted(set(named.values_list("uid", flat=True))) or ([text] if text.upper().startswith("VN-") else [])


def _reader(request: HttpRequest) -> None:
    if not request.user.has_perm("audit.view_log"):
        raise PermissionDenied


@login_required
def log(request: HttpRequest) -> HttpResponse:
    _reader(request)
    selection = LogFilter(request.GET or None)
    page = Paginator(selection.entries(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {"form": selection, "page": page, "query": query.urlencode(),
                                              "unit_names": unit_names(page.object_list)})


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Who, when, what, old, new, why, and the chain hashes, streamed in order: the entries the
    filters select, or the whole log without filters."""
    _reader(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="parindex-audit.csv"'
    writer = SafeCsvWriter(response)
    writer.writerow(COLUMNS)
    for entry in LogFilter(request.GET or None).entries().order_by("seq").iterator():
        writer.writerow([timezone.localtime(entry.at).isoformat() if c == "at" else getattr(entry, c) for c in COLUMNS])
    return response
