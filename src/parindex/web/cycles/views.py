"""Workflow pages. Each view: fetch the object with access checked, parse input, call a transition,
render. Refusals come back as messages on the same page; permission failures are 403."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.core.cells import SafeCsvWriter
from parindex.core.errors import ParindexError
from parindex.web.audit.models import AuditEntry
from parindex.web.cycles import evidence as evidence_files
from parindex.web.cycles import transitions
from parindex.web.cycles.actions import ASSESSMENT_ACTIONS, CYCLE_DONE
from parindex.web.cycles.models import Assessment, Cycle, CycleState, Entry, Evidence
from parindex.web.cycles.page import assessment_page, entry_row
from parindex.web.cycles.rules import is_admin, visible_assessments
from parindex.web.cycles.scoring import coerce_inputs, score_leaf


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    assessment = get_object_or_404(visible_assessments(request.user), pk=pk)
    if not request.user.has_perm("cycles.view_assessment", assessment):
        raise PermissionDenied
    return assessment

def _entry(request: HttpRequest, pk: int) -> Entry:
    entry = get_object_or_404(Entry.objects.select_related("assessment__cycle", "assessment__unit"), pk=pk)
    _assessment(request, entry.assessment_id)
    return entry

@login_required
def home(request: HttpRequest) -> HttpResponse:
    national = is_admin(request.user) or request.user.has_perm("cycles.edit_survey_inputs")
    cycles = Cycle.objects.select_related("programme") if national else Cycle.objects.none()
    return render(request, "cycles/home.html", {"assessments": visible_assessments(request.user).order_by("-cycle__year", "unit__code"),
                                                "cycles": cycles})

@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=pk)
    if not (request.user.has_perm("cycles.configure") or request.user.has_perm("cycles.approve_council")):
        raise PermissionDenied
    from parindex.web.publication.printing import progress

    latest = cycle.snapshots.order_by("-version").defer("payload").first()
    next_state = _next_state(cycle)
    return render(request, "cycles/cycle.html", {"cycle": cycle, "assessments": cycle.assessments.select_related("unit"),
                                                 "next_state": next_state, "next_label": next_state and CycleState(next_state).label,
                                                 "snapshot": latest, "printed": latest and progress(latest)})

def _next_state(cycle: Cycle) -> str | None:
    order = transitions.CYCLE_ORDER
    position = order.index(cycle.state)
    return order[position + 1] if position + 1 < len(order) - 1 else None

@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    return render(request, "cycles/assessment.html", assessment_page(assessment, request.user))

@login_required
@require_POST
def entry_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Live points while typing: the core rule scores the unsaved values (HTMX)."""
    entry = _entry(request, pk)
    leaf = entry.assessment.cycle.methodology.node(entry.leaf_code)
    try:
        score = score_leaf(leaf, coerce_inputs(leaf, _inputs_from(request, leaf)))
        context = {"score": score, "error": None}
    except ParindexError as err:
        context = {"score": None, "error": err}
    return render(request, "cycles/_preview.html", context)

def _inputs_from(request: HttpRequest, leaf) -> dict:
    return {f.name: request.POST.get(f"input-{f.name}") for f in leaf.rule.inputs}

def _entry_action(request: HttpRequest, pk: int, action) -> HttpResponse:
    """Run one entry action, then answer with the entry's row (HTMX) or the page."""
    entry = _entry(request, pk)
    stale = error = None
    try:
        entry = action(entry)
    except transitions.StaleEdit as err:
        stale = err
    except ParindexError as err:
        error = err
    if request.headers.get("HX-Request"):
        return render(request, "cycles/_entry.html", entry_row(Entry.objects.get(pk=entry.pk), request.user, error=error, stale=stale))
    if stale or error:
        messages.error(request, (stale or error).sentence(request.LANGUAGE_CODE))
    return redirect("cycles:assessment", pk=entry.assessment_id)

@login_required
@require_POST
def entry_save(request: HttpRequest, pk: int) -> HttpResponse:
    def action(entry):
        leaf = entry.assessment.cycle.methodology.node(entry.leaf_code)
        return transitions.save_inputs(entry, request.user, _inputs_from(request, leaf), _version(request),
                                       note=request.POST.get("note"))
    return _entry_action(request, pk, action)

@login_required
@require_POST
def entry_appraise(request: HttpRequest, pk: int) -> HttpResponse:
    def action(entry):
        try:
            points = float(request.POST.get("points", "").replace(",", "."))
        except ValueError:
            raise transitions.Refused(_("appraised points must be a number"), got=request.POST.get("points")) from None
        return transitions.appraise(entry, request.user, points, request.POST.get("reason", ""), _version(request))
    return _entry_action(request, pk, action)

@login_required
@require_POST
def entry_explain(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_action(request, pk, lambda entry: transitions.explain(entry, request.user, request.POST.get("explanation", ""), _version(request)))

def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", "0"))
    except ValueError:
        return 0

@login_required
@require_POST
def entry_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    transitions.require(request.user, "cycles.edit_inputs", entry)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("choose a file to upload"))
    else:
        try:
            evidence_files.attach(entry, request.user, upload.name, upload)
            messages.success(request, _("%(name)s: attached as evidence.") % {"name": upload.name})
        except ParindexError as err:
            messages.error(request, err.sentence(request.LANGUAGE_CODE))
    return redirect("cycles:assessment", pk=entry.assessment_id)

@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("entry__assessment"), pk=pk)
    _assessment(request, evidence.entry.assessment_id)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

@login_required
@require_POST
def assessment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    assessment = _assessment(request, pk)
    if action not in ASSESSMENT_ACTIONS:
        raise PermissionDenied
    try:
        ASSESSMENT_ACTIONS[action].run(assessment, request.user)
        messages.success(request, ASSESSMENT_ACTIONS[action].done % {"what": assessment.unit})
    except ParindexError as err:
        messages.error(request, err.sentence(request.LANGUAGE_CODE))
    return redirect("cycles:assessment", pk=pk)

@login_required
@require_POST
def cycle_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    from parindex.web.publication.transitions import publish

    cycle = get_object_or_404(Cycle, pk=pk)
    try:
        if action == "deadlines":
            transitions.set_deadlines(cycle, request.user, _deadlines_from(request))
        elif action == "advance":
            transitions.advance_cycle(cycle, request.user, request.POST.get("to", ""), request.POST.get("reason", ""))
        elif action == "council-approve":
            transitions.approve_by_council(cycle, request.user)
        elif action == "publish":
            publish(cycle, request.user, request.POST.get("reason", ""))
        else:
            raise PermissionDenied
        messages.success(request, CYCLE_DONE[action] % {"what": cycle})
    except ParindexError as err:
        messages.error(request, err.sentence(request.LANGUAGE_CODE))
    return redirect("cycles:cycle", pk=pk)

def _deadlines_from(request: HttpRequest) -> dict:
    from datetime import date

    out = {}
    for field in transitions.DEADLINES:
        text = request.POST.get(field, "").strip()
        try:
            out[field] = date.fromisoformat(text) if text else None
        except ValueError:
            raise transitions.Refused(_("dates are written YYYY-MM-DD"), got=text) from None
    return out


@login_required
def entry_history(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    log = AuditEntry.objects.filter(object_type="entry", object_id=str(entry.pk)).order_by("seq")
    return render(request, "cycles/history.html", {"entry": entry, "log": log})

@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The whole audit log as CSV: who, when, what, old, new, why, and the chain hashes."""
    if not request.user.has_perm("cycles.view_audit"):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="parindex-audit.csv"'
    writer = SafeCsvWriter(response)
    columns = ["seq", "at", "actor_name", "action", "object_type", "object_id", "field", "old_value", "new_value", "reason", "prev_hash", "hash"]
    writer.writerow(columns)
    for entry in AuditEntry.objects.order_by("seq").iterator():
        writer.writerow([getattr(entry, c) for c in columns])
    return response
