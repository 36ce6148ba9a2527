"""Survey data of a cycle, for survey managers: what is still missing, templates with their column
guide, a wave of responses imported in two steps (upload, then choose and preview the design
columns), a table of unit-level results uploaded or typed in, each applied or withdrawn."""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.core.errors import ParindexError, ValidationFailed, capped_lines
from parindex.core.survey.io import read_survey_data
from parindex.core.survey.responses import likely_weight_columns, write_wave_template
from parindex.core.survey.unit_results import parse_unit_results, read_unit_results, write_unit_results_template
from parindex.web.cycles.models import Cycle
from parindex.web.surveys import transitions
from parindex.web.surveys.forms import DesignForm, TableSourceForm, WithdrawForm
from parindex.web.surveys.models import Wave
from parindex.web.uploads import restage, stage

FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
PREVIEW_ROWS = 5
STAGED = "survey-upload"  # the session key of a wave waiting for its design columns


def _manager(request: HttpRequest) -> None:
    if not request.user.has_perm("surveys.manage_waves"):
        raise PermissionDenied


def _cycle(request: HttpRequest, pk: int) -> Cycle:
    _manager(request)
    return get_object_or_404(Cycle, pk=pk)


def _survey_criteria(cycle: Cycle, lang: str) -> list[tuple[str, str]]:
    return [(leaf.code, leaf.name.get(lang)) for leaf in cycle.methodology.leaves() if leaf.source == "survey"]


def _unit_codes(cycle: Cycle, with_excluded: bool = False) -> list[tuple[str, str]]:
    """The cycle's units (code, name) a table is filled for; a table sent with an excluded unit's row is
    still read (the unit is the cycle's), only the template leaves it out."""
    found = cycle.assessments.select_related("unit")
    return [(a.unit.code, str(a.unit)) for a in (found if with_excluded else found.filter(excluded=False))]


def _show(request: HttpRequest, err: ParindexError) -> None:
    lines = capped_lines(err.problems, lang=request.LANGUAGE_CODE) if isinstance(err, ValidationFailed) else [err.sentence(request.LANGUAGE_CODE)]
    for line in lines:
        messages.error(request, line)


@login_required
def waves(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    return render(request, "surveys/waves.html", {
        "cycle": cycle, "waves": cycle.waves.select_related("imported_by").all(), "questionnaires": cycle.methodology.questionnaires,
        "completeness": transitions.survey_completeness(cycle), "table_form": TableSourceForm()})


@login_required
def wave_template(request: HttpRequest, pk: int, questionnaire: str, fmt: str) -> HttpResponse:
    """The header a wave file must have (CSV), with the column guide on a sheet of its own (XLSX)."""
    cycle = _cycle(request, pk)
    found = {q.id: q for q in cycle.methodology.questionnaires}.get(questionnaire)
    if found is None:
        raise Http404
    return _file(write_wave_template, f"{questionnaire}-{cycle.slug}.{fmt}", fmt, found)


@login_required
def table_template(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A table of unit-level results to fill: one row per unit and survey criterion."""
    cycle = _cycle(request, pk)
    return _file(write_unit_results_template, f"survey-results-{cycle.slug}.{fmt}", fmt, _unit_codes(cycle),
                 _survey_criteria(cycle, request.LANGUAGE_CODE))


def _file(write, filename: str, fmt: str, *args) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    folder = Path(tempfile.mkdtemp())
    path = write(folder / filename, *args)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type=FORMATS[fmt])
    path.unlink()  # the open handle keeps the content until it is sent
    folder.rmdir()
    return response


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Step one of a wave: the file is checked for size and kept aside; the next page shows its
    columns to choose the design from."""
    cycle = _cycle(request, pk)
    file, questionnaire = request.FILES.get("file"), request.POST.get("questionnaire", "sipas")
    if file is None:
        messages.error(request, _("Choose the file of responses to import."))
        return redirect("surveys:waves", pk=pk)
    if questionnaire not in {q.id for q in cycle.methodology.questionnaires}:
        messages.error(request, _("Choose one of the cycle's questionnaires."))
        return redirect("surveys:waves", pk=pk)
    try:
        staged = stage(file.name, file, settings.SURVEY_WAVE_MAX_BYTES, suffix=Path(file.name).suffix.lower())
    except ParindexError as err:
        _show(request, err)
        return redirect("surveys:waves", pk=pk)
    request.session[STAGED] = {"cycle": cycle.pk, "token": staged.token, "sha256": staged.sha256, "name": file.name,
                               "questionnaire": questionnaire}
    return redirect("surveys:map", pk=pk)


@login_required
def map_design(request: HttpRequest, pk: int) -> HttpResponse:
    """Step two: the file's columns and first rows, and which of them carry the design. The import
    refuses a column that looks like weights when none is chosen, unless the wave is declared
    unweighted."""
    cycle = _cycle(request, pk)
    pending = request.session.get(STAGED)
    if not pending or pending.get("cycle") != cycle.pk:
        messages.error(request, _("Upload the file of responses first."))
        return redirect("surveys:waves", pk=pk)
    try:
        staged = restage(pending["token"], pending["sha256"])
        preview = read_survey_data(staged.path, suffix=Path(pending["name"]).suffix)
    except ParindexError as err:
        request.session.pop(STAGED, None)
        _show(request, err)
        return redirect("surveys:waves", pk=pk)
    columns = [str(c) for c in preview.columns]
    form = DesignForm(request.POST or None, columns=columns, initial={"weights": next(iter(likely_weight_columns(columns)), "")})
    if request.method == "POST" and form.is_valid():
        try:
            wave = transitions.import_survey_wave(cycle, request.user, pending["name"], staged, form.design(),
                                                  pending["questionnaire"], unweighted=form.cleaned_data["unweighted"])
        except ParindexError as err:
            _show(request, err)
        else:
            request.session.pop(STAGED, None)
            messages.success(request, _("%(name)s: %(n)s responses imported.") % {"name": pending["name"], "n": wave.rows})
            return redirect("surveys:wave", pk=wave.pk)
    return render(request, "surveys/map.html", {
        "cycle": cycle, "form": form, "name": pending["name"], "questionnaire": cycle.methodology.questionnaire(pending["questionnaire"]),
        "columns": columns, "rows": preview.head(PREVIEW_ROWS).astype(str).values.tolist(), "total": len(preview)})


@login_required
@require_POST
def upload_table(request: HttpRequest, pk: int) -> HttpResponse:
    """A table of unit-level results as a file (the template, filled), checked all or nothing."""
    cycle = _cycle(request, pk)
    form, file = TableSourceForm(request.POST), request.FILES.get("file")
    if file is None or not form.is_valid():
        messages.error(request, _("Choose the filled table and say who ran the survey."))
        return redirect("surveys:waves", pk=pk)
    staged = stage(file.name, file, settings.SURVEY_WAVE_MAX_BYTES, suffix=Path(file.name).suffix.lower())
    try:
        with tempfile.TemporaryDirectory() as tmp:
            named = Path(tmp) / Path(file.name).name
            named.write_bytes(staged.path.read_bytes())
            results = read_unit_results(named, [c for c, _ in _survey_criteria(cycle, "vi")],
                                        [c for c, _ in _unit_codes(cycle, with_excluded=True)])
        wave = transitions.import_unit_results(cycle, request.user, results, form.cleaned_data["source"], staged.sha256)
    except ParindexError as err:
        _show(request, err)
        return redirect("surveys:waves", pk=pk)
    finally:
        staged.discard()
    messages.success(request, _("%(n)s unit results kept; apply them to the survey criteria.") % {"n": wave.rows})
    return redirect("surveys:wave", pk=wave.pk)


@login_required
def table(request: HttpRequest, pk: int) -> HttpResponse:
    """Unit-level results typed in, one survey criterion at a time: every unit's share (%), SE and n."""
    cycle = _cycle(request, pk)
    criteria = _survey_criteria(cycle, request.LANGUAGE_CODE)
    code = request.GET.get("criterion") or request.POST.get("criterion") or (criteria[0][0] if criteria else "")
    if code not in dict(criteria):
        raise Http404
    units = _unit_codes(cycle)
    form = TableSourceForm(request.POST or None)
    typed = [{"code": u, "name": name, "percent": request.POST.get(f"percent-{u}", ""), "se": request.POST.get(f"se-{u}", ""),
              "n": request.POST.get(f"n-{u}", "")} for u, name in units]
    if request.method == "POST" and form.is_valid():
        rows = [["unit_code", "criterion", "percent", "se_percent", "n"]] + \
               [[r["code"], code, r["percent"], r["se"], r["n"]] for r in typed if r["percent"].strip()]
        try:
            results = parse_unit_results(rows, {code}, {u for u, _ in units}, source=_("the table typed in"))
            wave = transitions.import_unit_results(cycle, request.user, results, form.cleaned_data["source"])
        except ParindexError as err:
            _show(request, err)  # what was typed stays on the page
        else:
            messages.success(request, _("%(n)s unit results kept; apply them to the survey criteria.") % {"n": wave.rows})
            return redirect("surveys:wave", pk=wave.pk)
    return render(request, "surveys/table.html", {"cycle": cycle, "criteria": criteria, "criterion": code, "rows": typed, "form": form})


@login_required
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    wave = get_object_or_404(Wave.objects.select_related("cycle", "imported_by", "withdrawn_by"), pk=pk)
    m = wave.cycle.methodology
    names = {e.code: e.name for q in m.questionnaires for e in q.elements} | {leaf.code: leaf.name for leaf in m.leaves()}
    units = {a.unit.code: str(a.unit) for a in wave.cycle.assessments.select_related("unit")}
    rows = [r | {"unit": units.get(str(r["domain"]), _("whole country") if r["domain"] == transitions.NATIONAL else r["domain"]),
                 "element_name": names.get(r.get("criterion") or r["element"])} for r in wave.estimates]
    questionnaire = m.questionnaire(wave.questionnaire_id) if wave.questionnaire_id else None
    return render(request, "surveys/wave.html", {"wave": wave, "rows": rows, "questionnaire": questionnaire, "withdraw_form": WithdrawForm()})


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    wave = get_object_or_404(Wave, pk=pk)
    try:
        changed = transitions.apply_wave(wave, request.user)
        messages.success(request, _("The wave's estimates were applied to %(n)s survey criteria.") % {"n": changed})
    except ParindexError as err:
        _show(request, err)
    return redirect("surveys:wave", pk=pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    wave = get_object_or_404(Wave, pk=pk)
    form = WithdrawForm(request.POST)
    try:
        transitions.withdraw_wave(wave, request.user, form.data.get("reason", ""))
        messages.success(request, _("The wave was withdrawn; it stays on record with your reason."))
    except ParindexError as err:
        _show(request, err)
    return redirect("surveys:wave", pk=pk)
