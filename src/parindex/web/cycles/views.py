"""Workflow pages. Each view: fetch the object with access checked, parse input, call a transition,
render. Refusals come back as messages on the same page; permission failures are 403."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.core.errors import ParindexError, ValidationFailed, capped_lines
from parindex.core.methodology import builtin_ids
from parindex.web.audit.models import AuditEntry
from parindex.web.cycles import evidence as evidence_files
from parindex.web.cycles import setup, transitions
from parindex.web.cycles.actions import ASSESSMENT, ATTACH, CYCLE, CYCLE_ORDER, find
from parindex.web.cycles.forms import NewCycleForm
from parindex.web.cycles.models import Assessment, Cycle, CycleState, Entry, Evidence, Programme
from parindex.web.cycles.page import assessment_page, council_review_page, entry_row, offers
from parindex.web.cycles.readiness import behind, confirmation
from parindex.web.cycles.rules import is_admin, is_council, visible_assessments
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
    national = is_admin(request.user) or is_council(request.user) or request.user.has_perm("cycles.edit_survey_inputs")
    cycles = Cycle.objects.select_related("programme") if national else Cycle.objects.none()
    return render(request, "cycles/home.html", {"assessments": visible_assessments(request.user).order_by("-cycle__year", "unit__code"),
                                                "cycles": cycles})

@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=pk)
    if not (request.user.has_perm("cycles.configure") or request.user.has_perm("cycles.approve_council")):
        raise PermissionDenied
    next_state = _next_state(cycle)
    waiting = list(behind(cycle, next_state)) if next_state else []
    return render(request, "cycles/cycle.html", {"cycle": cycle, "assessments": cycle.assessments.select_related("unit"),
                                                 "next_state": next_state, "next_label": next_state and CycleState(next_state).label,
                                                 "behind": waiting, "behind_token": confirmation(waiting),
                                                 "offers": offers(CYCLE, request.user, cycle)})

@login_required
def council_review(request: HttpRequest, pk: int) -> HttpResponse:
    """What the council approves: the draft ranking and groups as the core computes them now, and
    every point the appraisers changed since the units' self-assessment, with the reasons and the
    units' explanations. The approval is given from this page."""
    cycle = get_object_or_404(Cycle, pk=pk)
    if not (request.user.has_perm("cycles.configure") or request.user.has_perm("cycles.approve_council")):
        raise PermissionDenied
    return render(request, "cycles/review.html", {"cycle": cycle, **council_review_page(cycle, request.user)})

@login_required
def new_cycle(request: HttpRequest) -> HttpResponse:
    """A cycle set up in the web: programme, year, methodology (built-in or a file, checked with every
    problem located on the page), last year's cycle and the deadlines; every unit of the programme's
    kind valid that year gets its file."""
    if not request.user.has_perm("cycles.configure"):
        raise PermissionDenied
    form = NewCycleForm(request.POST or None, request.FILES or None, programmes=Programme.objects.all(),
                        cycles=Cycle.objects.select_related("programme"), builtin=builtin_ids())
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            cycle = setup.create_cycle_from_form(form.cleaned_data, request.user)
        except ParindexError as err:
            problems = capped_lines(err.problems, lang=request.LANGUAGE_CODE) if isinstance(err, ValidationFailed) \
                else [err.sentence(request.LANGUAGE_CODE)]
        else:
            messages.success(request, _("%(what)s: created with %(n)s units.") % {"what": cycle, "n": cycle.assessments.count()})
            return redirect("cycles:cycle", pk=cycle.pk)
    return render(request, "cycles/new.html", {"form": form, "problems": problems})

def _next_state(cycle: Cycle) -> str | None:
    position = CYCLE_ORDER.index(cycle.state)
    return CYCLE_ORDER[position + 1] if position + 1 < len(CYCLE_ORDER) - 1 else None

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
    upload = request.FILES.get("file")
    try:
        ATTACH.check(request.user, entry)  # a 403 before the upload is looked at
        if upload is None:
            messages.error(request, _("choose a file to upload"))
        else:
            evidence_files.attach(entry, request.user, upload.name, upload)
            messages.success(request, ATTACH.done % {"what": upload.name})
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
    return _run(request, find(ASSESSMENT, action), assessment, assessment.unit, redirect("cycles:assessment", pk=pk))

@login_required
@require_POST
def cycle_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=pk)
    return _run(request, find(CYCLE, action), cycle, cycle, redirect("cycles:cycle", pk=pk))

def _run(request: HttpRequest, action, obj, what, then: HttpResponse) -> HttpResponse:
    """Run a named action of the table with its form's values; its sentence, or the refusal's, on the page."""
    if action is None:
        raise Http404
    action.require_permission(request.user, obj)  # a 403 before anything about the form is said
    try:
        action.run(obj, request.user, **action.values(request.POST))
        messages.success(request, action.done % {"what": what})
    except ParindexError as err:
        messages.error(request, err.sentence(request.LANGUAGE_CODE))
    return then


@login_required
def entry_history(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    log = AuditEntry.objects.filter(object_type="entry", object_id=str(entry.pk)).order_by("seq")
    return render(request, "cycles/history.html", {"entry": entry, "log": log})
