"""Workflow pages. Each view: fetch the object with access checked, parse input, call a transition,
render. Refusals come back as messages on the same page; permission failures are 403."""
from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.core.errors import ParindexError, Refused, ValidationFailed, capped_lines
from parindex.core.inputs.registry import province_communes, write_registry_template
from parindex.core.inputs.template import write_template
from parindex.core.methodology import builtin_ids
from parindex.core.methodology.catalogue import resolve_data
from parindex.core.units import builtin_units, fold
from parindex.reports.criteria_table import write_criteria_workbook
from parindex.web.audit.models import AuditEntry
from parindex.web.cycles import evidence as evidence_files
from parindex.web.cycles import oversight, setup, transitions
from parindex.web.cycles.actions import (
    ACTIONS,
    APPRAISE,
    ASSESSMENT,
    ATTACH,
    CORRECT,
    CYCLE,
    CYCLE_ORDER,
    EXPLAIN,
    REMOVE_EVIDENCE,
    SAVE,
    find,
)
from parindex.web.cycles.forms import NewCycleForm
from parindex.web.cycles.models import Assessment, AssessmentState, Cycle, CycleState, Entry, Evidence, Programme
from parindex.web.cycles.page import (
    assessment_page,
    council_review_page,
    entry_row,
    offers,
    summary,
    under_review,
    unit_file_values,
)
from parindex.web.cycles.readiness import behind, confirmation
from parindex.web.cycles.rules import is_admin, is_council, visible_assessments
from parindex.web.cycles.scoring import coerce_inputs, score_leaf
from parindex.web.cycles.unit_record import write_unit_record

CRITERIA_TEMPLATE = "vn-par-department-example"  # what an office's own table starts from

PAGE_SIZE = 50


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
    mine = visible_assessments(request.user).order_by("-cycle__year", "unit__code")
    years = sorted(set(mine.values_list("cycle__year", flat=True)), reverse=True)
    year = request.GET.get("year") or (str(years[0]) if years else "")
    if year.isdigit():
        mine = mine.filter(cycle__year=int(year))
    if request.GET.get("state"):
        mine = mine.filter(state=request.GET["state"], excluded=False)
    if request.GET.get("q", "").strip():
        text = request.GET["q"].strip()
        mine = mine.filter(Q(unit__name_vi__icontains=text) | Q(unit__name_en__icontains=text) | Q(unit__code=text))
    page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("page"))
    bulk = [a for a in ACTIONS[ASSESSMENT].values() if a.name in BULK and any(a.allows(request.user, x) for x in page)]
    return render(request, "cycles/home.html", {"assessments": page, "bulk": bulk,
                                                "cycles": cycles, "years": years, "year": year, "filters": request.GET,
                                                "assessment_states": AssessmentState.choices, "query": _query_without_page(request)})

@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=pk)
    if not (request.user.has_perm("cycles.configure") or request.user.has_perm("cycles.approve_council")):
        raise PermissionDenied
    next_state = _next_state(cycle)
    waiting = list(behind(cycle, next_state)) if next_state else []
    units = oversight.progress(cycle, timezone.localdate())
    shown = _filtered(units, request.GET)
    return render(request, "cycles/cycle.html", {"cycle": cycle, "counts": oversight.state_counts(cycle),
                                                 "late": [u for u in units if u.late],
                                                 "units": Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page")),
                                                 "filters": request.GET, "query": _query_without_page(request),
                                                 "assessment_states": AssessmentState.choices,
                                                 "next_state": next_state, "next_label": next_state and CycleState(next_state).label,
                                                 "behind": waiting, "behind_token": confirmation(waiting),
                                                 "offers": offers(CYCLE, request.user, cycle)})

def _filtered(units: list, params) -> list:
    """The cycle's units as the dashboard's filters ask: by name or code, state, late only."""
    text, state = params.get("q", "").strip().lower(), params.get("state", "")
    return [u for u in units
            if (not text or text in str(u.assessment.unit).lower() or text == u.assessment.unit.code)
            and (not state or (state == "excluded" and u.assessment.excluded) or (u.assessment.state == state and not u.assessment.excluded))
            and (params.get("late") != "1" or u.late)]

def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()

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
    provinces = sorted(builtin_units().on(date(2025, 7, 1), "province"), key=lambda u: fold(u.name.vi))
    return render(request, "cycles/new.html", {"form": form, "problems": problems, "provinces": provinces})

@login_required
def criteria_template(request: HttpRequest) -> HttpResponse:
    """The criteria table to fill for a province's own index: the illustrative departments index, to edit."""
    if not request.user.has_perm("cycles.configure"):
        raise PermissionDenied
    data, methodology = resolve_data(CRITERIA_TEMPLATE)
    return _download(lambda path: write_criteria_workbook(data, methodology, path), "tieu-chi.xlsx")


@login_required
def registry_template(request: HttpRequest) -> HttpResponse:
    """The registry of a programme's own units to fill, with a guide: example rows, or with
    ``?province=31`` that province's communes, wards and special zones since 1 July 2025."""
    if not request.user.has_perm("cycles.configure"):
        raise PermissionDenied
    province = request.GET.get("province", "").strip()[:40]
    if not province:
        return _download(write_registry_template, "danh-muc-don-vi.xlsx")
    try:
        rows = province_communes(province)
    except ParindexError as err:
        raise Http404(err.sentence(request.LANGUAGE_CODE)) from None
    return _download(lambda path: write_registry_template(path, rows), f"danh-muc-xa-phuong-{rows[0][4] if rows else province}.xlsx")


def _download(write, name: str) -> HttpResponse:
    """An Excel file ``write`` makes at the path it is given, sent as ``name`` and removed from disk."""
    folder = Path(tempfile.mkdtemp())
    path = write(folder / name)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    path.unlink()
    folder.rmdir()
    return response

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
    """A leaf's typed values: ``input-<leaf>-<field>`` in an area's form, ``input-<field>`` in one leaf's."""
    return {f.name: request.POST.get(f"input-{leaf.code}-{f.name}", request.POST.get(f"input-{f.name}")) for f in leaf.rule.inputs}

def _entry_action(request: HttpRequest, pk: int, action, done=None) -> HttpResponse:
    """Run one entry action, then answer with the entry's row (HTMX) or the page; ``done`` is the
    action's sentence, said beside the row when it went through."""
    entry = _entry(request, pk)
    stale = error = notice = None
    try:
        entry = action(entry)
        notice = done % {"what": entry.leaf_code} if done else None
    except transitions.StaleEdit as err:
        stale = err
    except ParindexError as err:
        error = err
    if request.headers.get("HX-Request"):
        context = entry_row(Entry.objects.get(pk=entry.pk), request.user, error=error, stale=stale, notice=notice)
        if error or stale:  # what the person typed stays in the form they typed it in
            context |= {"typed_points": request.POST.get("points"), "typed_reason": request.POST.get("reason"),
                        "typed_explanation": request.POST.get("explanation")}
        return _row(request, context)
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
        typed = request.POST.get("points", "").strip()
        if typed and typed == request.POST.get("shown"):  # the points under review, as the page rounded them: unchanged
            points = under_review(entry)
        else:
            try:
                points = float(typed.replace(",", "."))
            except ValueError:
                raise transitions.Refused(_("appraised points must be a number"), got=typed, field="points") from None
        return transitions.appraise(entry, request.user, points, request.POST.get("reason", ""), _version(request))
    return _entry_action(request, pk, action, APPRAISE.done)

@login_required
@require_POST
def entry_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """After publication, an administrator corrects a criterion's final points with a reason; the
    public sees it once a corrected version is published."""
    def action(entry):
        try:
            points = float(request.POST.get("points", "").strip().replace(",", "."))
        except ValueError:
            raise transitions.Refused(_("corrected points must be a number"), got=request.POST.get("points"), field="points") from None
        return CORRECT.run(entry, request.user, points, request.POST.get("reason", ""), _version(request))
    return _entry_action(request, pk, action, CORRECT.done)

@login_required
@require_POST
def entry_explain(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_action(request, pk, lambda entry: transitions.explain(entry, request.user, request.POST.get("explanation", ""),
                                                                        _version(request)), EXPLAIN.done)

def _version(request: HttpRequest, leaf: str | None = None) -> int:
    """The version the person loaded: ``version-<leaf>`` in an area's form, ``version`` in one leaf's."""
    try:
        return int(request.POST.get(f"version-{leaf}" if leaf else "version", "0"))
    except ValueError:
        return 0

@login_required
@require_POST
def entry_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file; with HTMX the criterion's row comes back in place, the page does not move."""
    entry = _entry(request, pk)
    upload = request.FILES.get("file")
    ATTACH.require_permission(request.user, entry)  # a 403 before the upload is looked at
    error = notice = None
    try:
        if upload is None:
            raise Refused(_("Choose a file to upload."))
        evidence_files.attach(entry, request.user, upload.name, upload)
        notice = ATTACH.done % {"what": upload.name}
    except ParindexError as err:
        error = err
    return _entry_answer(request, entry, error, notice)

@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("entry"), pk=pk)
    entry = _entry(request, evidence.entry_id)
    REMOVE_EVIDENCE.require_permission(request.user, entry)
    error = notice = None
    try:
        evidence_files.remove(entry, request.user, evidence.pk)
        notice = REMOVE_EVIDENCE.done % {"what": evidence.original_name}
    except ParindexError as err:
        error = err
    return _entry_answer(request, entry, error, notice)

def _row(request: HttpRequest, context: dict) -> HttpResponse:
    """A criterion's row changed in place, and the page's summary (points, completeness) swapped
    beside it out of band, so neither goes stale."""
    entry = context["entry"]
    return HttpResponse(render_to_string("cycles/_entry.html", context, request)
                        + render_to_string("cycles/_summary.html", {**summary(entry.assessment), "oob": True}, request))

def _entry_answer(request: HttpRequest, entry: Entry, error, notice) -> HttpResponse:
    """The criterion's row (HTMX), or back to its place on the page."""
    if request.headers.get("HX-Request"):
        return _row(request, entry_row(Entry.objects.get(pk=entry.pk), request.user, error=error, notice=notice))
    if error:
        messages.error(request, error.sentence(request.LANGUAGE_CODE))
    elif notice:
        messages.success(request, notice)
    return redirect(reverse("cycles:assessment", args=[entry.assessment_id]) + f"#entry-{entry.pk}")

@login_required
@require_POST
def area_save(request: HttpRequest, pk: int, area: str) -> HttpResponse:
    """One save for a whole area: every criterion the person may fill, in one transaction; refused
    whole, with each criterion's problem, and what was typed stays on the page."""
    assessment = _assessment(request, pk)
    m = assessment.cycle.methodology
    node = next((a for a in m.areas if a.code == area), None)
    if node is None:
        raise Http404
    editable = [e for e in assessment.entries.select_related("assessment__cycle", "assessment__unit")
                if m.node(e.leaf_code).is_leaf and _within(e.leaf_code, area) and request.user.has_perm(SAVE.permission_for(e), e)]
    if not editable:  # nothing here is this person's to fill; when it is, a closed round is refused with a sentence
        raise PermissionDenied
    changes = {e.leaf_code: (_inputs_from(request, m.node(e.leaf_code)), _version(request, e.leaf_code)) for e in editable
               if f"version-{e.leaf_code}" in request.POST}  # the criteria the form showed with their fields
    try:
        saved = transitions.save_many(assessment, request.user, changes)
    except ParindexError as err:
        problems = err.problems if isinstance(err, ValidationFailed) else [err]
        context = assessment_page(assessment, request.user, typed=request.POST, problems={area: problems})
        return render(request, "cycles/assessment.html", context, status=200)
    messages.success(request, _("%(area)s: %(n)s criteria saved.") % {"area": f"{node.code}. {node.name.get(request.LANGUAGE_CODE)}",
                                                                      "n": len(saved)})
    return redirect(reverse("cycles:assessment", args=[pk]) + f"#area-{area}")

def _within(code: str, area: str) -> bool:
    return code == area or code.startswith(area + ".")

@login_required
def unit_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's inputs as an Excel file, as they stand: fill it offline and upload it back."""
    assessment = _assessment(request, pk)
    values = {assessment.unit.uid: {e.leaf_code: e.inputs for e in assessment.entries.all() if e.inputs}}
    return _download(lambda path: write_template(assessment.cycle.methodology, path, [assessment.unit.as_core()],
                                                 request.LANGUAGE_CODE, values),
                     f"{assessment.cycle.slug}-{assessment.unit.code}.xlsx")

@login_required
def unit_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's whole file as XLSX, for appraisers and the unit: every criterion's inputs and
    points at each step, the reasons and explanations, and the evidence files with their checksums."""
    assessment = _assessment(request, pk)
    return _download(lambda path: write_unit_record(assessment, path, request.LANGUAGE_CODE),
                     f"{assessment.cycle.slug}-{assessment.unit.code}-ho-so.xlsx")

@login_required
@require_POST
def unit_file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's Excel file back, read like the command line reads it: all or nothing, every problem
    with its sheet, row and column on the page, nothing saved while one remains."""
    assessment = _assessment(request, pk)
    if not any(SAVE.allows(request.user, e) for e in assessment.entries.select_related("assessment__cycle", "assessment__unit")):
        raise PermissionDenied
    upload = request.FILES.get("file")
    problems: list[str] = []
    if upload is None:
        problems = [_("Choose the unit's filled Excel file.")]
    else:
        try:
            values = unit_file_values(assessment, upload)
            m = assessment.cycle.methodology
            versions = {e.leaf_code: e.version for e in assessment.entries.all()}
            allowed = {e.leaf_code for e in assessment.entries.select_related("assessment__cycle", "assessment__unit")
                       if SAVE.allows(request.user, e)}
            changes = {leaf: (raw, versions[leaf]) for leaf, raw in values.items() if leaf in allowed and m.node(leaf).rule}
            saved = transitions.save_many(assessment, request.user, changes)
        except ParindexError as err:
            problems = capped_lines(err.problems, lang=request.LANGUAGE_CODE) if isinstance(err, ValidationFailed) \
                else [err.sentence(request.LANGUAGE_CODE)]
        else:
            messages.success(request, _("%(name)s: %(n)s criteria saved from the file.") % {"name": upload.name, "n": len(saved)})
            return redirect("cycles:assessment", pk=pk)
    for line in problems:
        messages.error(request, line)
    return redirect(reverse("cycles:assessment", args=[pk]) + "#unit-file")

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

BULK = ("finish-appraisal", "finalise", "finish-explanation", "submit")  # steps taken on many files at once, without a form

@login_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    """One step on many units' files at once — an appraiser finalising their thirty units — each
    through the action's own checks: those it may not take now are named with the reason, the
    others go through."""
    action = find(ASSESSMENT, request.POST.get("action", ""))
    if action is None or action.name not in BULK:
        raise Http404
    chosen = visible_assessments(request.user).filter(pk__in=[int(p) for p in request.POST.getlist("assessment") if p.isdigit()])
    done, refused = [], []
    for assessment in chosen.select_related("unit", "cycle"):
        try:
            action.run(assessment, request.user)
            done.append(str(assessment.unit))
        except (ParindexError, PermissionDenied) as err:
            refused.append(f"{assessment.unit}: {err.sentence(request.LANGUAGE_CODE) if isinstance(err, ParindexError) else _('not yours to do')}")
    if done:
        messages.success(request, _("%(action)s: %(n)s units (%(units)s).") % {"action": action.label, "n": len(done), "units": ", ".join(done)})
    for line in refused:
        messages.error(request, line)
    if not done and not refused:
        messages.error(request, _("Tick the units to act on first."))
    return redirect(reverse("cycles:home") + "?" + request.POST.get("back", ""))

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
