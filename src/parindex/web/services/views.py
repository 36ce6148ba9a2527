"""The service index's public dashboard: the ranking of ministries, provinces and a province's
communes, each unit's page, and where it lost points — every page also as ``.json`` and ``.csv``.

The figures come from the board the store keeps (``core.services.board``): scored once after the
records change, read here. A page finds it stale only after an ingest nobody refreshed it for; that
one request builds it again, the others read it.
"""
from __future__ import annotations

import logging
import math
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from parindex.core.cells import SafeCsvWriter
from parindex.core.errors import ParindexError, ValidationFailed
from parindex.core.services import board
from parindex.web.publication.pages import Page
from parindex.web.services import intake, pages
from parindex.web.services import responsibility as held
from parindex.web.services.models import SendingSystem
from parindex.web.uploads import under_its_name

log = logging.getLogger("parindex.web")


def _board() -> board.Board | None:
    """The store's current board, built again first if the records changed since; the last one
    built when the store cannot be reached (an object store down), so the public still sees the
    figures as they last stood rather than an error page."""
    root, methodology = settings.PARINDEX_SERVICES_STORE, pages.methodology()
    try:
        return board.refresh(root, methodology)
    except ParindexError as err:
        if err.code != "store_unavailable":
            raise
        log.warning("the service records' store cannot be reached; the dashboard shows the last board built")
        return board.load(root, methodology.id)


def respond(request: HttpRequest, page: Page, template: str, fmt: str, filename: str, **context) -> HttpResponse:
    """The page as HTML, or its rows as JSON (full precision) or CSV (points rounded as shown)."""
    if fmt == "json":
        return JsonResponse(page.as_json(), json_dumps_params={"ensure_ascii": False})
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        decimals = page.meta.get("decimals", 2)
        writer = SafeCsvWriter(response)
        writer.writerow([k for k, _ in page.columns])
        writer.writerows([[_rounded(r.get(k), decimals) for k, _ in page.columns] for r in page.rows])
        return response
    return render(request, template, {"page": page, "lang": request.LANGUAGE_CODE, **context})


def _rounded(value, decimals: int):
    return round(value, decimals) if isinstance(value, float) and math.isfinite(value) else value


def _nothing(request: HttpRequest, fmt: str) -> HttpResponse:
    """No records in the store yet: said in words, and as empty data."""
    if fmt == "json":
        return JsonResponse({"title": "", "meta": {}, "columns": [], "rows": []})
    if fmt == "csv":
        return HttpResponse("", content_type="text/csv; charset=utf-8")
    return render(request, "services/nothing.html", {"lang": request.LANGUAGE_CODE})


def ranking(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    """``/services/``: every province and ministry, and the communes of ``?province=``, in ``?period=``."""
    found = _board()
    if found is None:
        return _nothing(request, fmt)
    key = pages.chosen_period(request.GET.get("period"))
    page = pages.ranking_page(found, key, request.LANGUAGE_CODE, request.GET.get("province") or None)
    return respond(request, page, "services/ranking.html", fmt, f"services-{key}")


def unit(request: HttpRequest, level: str, code: str, fmt: str = "html") -> HttpResponse:
    """``/services/<level>/<unit>/``: one unit's groups, indicators, months and rank in ``?period=``."""
    found = _board() if pages.known_level(level) else None
    key = pages.chosen_period(request.GET.get("period"))
    page = pages.unit_page(found, key, level, code, request.LANGUAGE_CODE) if found is not None else None
    if page is None:
        raise Http404("no such unit in the service index")
    may_see = request.user.has_perm("services.view_responsibility", code)
    return respond(request, page, "services/unit.html", fmt, f"services-{level}-{code}-{key}", may_see_responsibility=may_see)


def procedures(request: HttpRequest, level: str, code: str, fmt: str = "html") -> HttpResponse:
    """Where a unit lost points, by procedure; as a fragment of its page when HTMX asks for it."""
    found = _board() if pages.known_level(level) else None
    key = pages.chosen_period(request.GET.get("period"))
    fragment = fmt == "html" and request.headers.get("HX-Request") == "true"
    top = pages.TOP_PROCEDURES if fragment else None
    page = pages.procedures_page(found, key, level, code, request.LANGUAGE_CODE, top) if found is not None else None
    if page is None:
        raise Http404("no such unit in the service index")
    template = "services/_procedures.html" if fragment else "services/procedures.html"
    return respond(request, page, template, fmt, f"services-{level}-{code}-{key}-procedures")


def responsibility(request: HttpRequest, level: str, code: str, fmt: str = "html") -> HttpResponse:
    """``/services/<level>/<unit>/responsibility/``: the unit's overdue and nearly-due dossiers with
    their receiving agency and handling official — for its leaders and its province's office only."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not pages.known_level(level) or not request.user.has_perm("services.view_responsibility", code):
        raise PermissionDenied
    found = _board()
    if found is None:
        return _nothing(request, fmt)
    key = pages.chosen_period(request.GET.get("period"))
    sort = held.chosen_sort(request.GET.get("sort"))
    page = held.responsibility_page(found, key, level, code, request.LANGUAGE_CODE, sort)
    return respond(request, page, "services/responsibility.html", fmt, f"services-{level}-{code}-{key}-responsibility")


# -- records taken in by the web: an office's upload, the administrators' sending systems ---------------

@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """``/services/upload/``: a CSV or Parquet batch for the official's own units, all or nothing;
    the counts taken, or every problem with its file, row and column."""
    if not request.user.has_perm("services.upload_records"):
        raise PermissionDenied
    lang = request.LANGUAGE_CODE
    units = intake.upload_units(request.user)
    context: dict = {"w": intake.words(lang), "units": intake.units_in_words(units, lang) if units else ""}
    if request.method == "POST":
        sent = request.FILES.get("file")
        if sent is None or Path(sent.name).suffix.lower() not in intake.UPLOAD_SUFFIXES:
            context["problems"] = [context["w"]["choose"]]
        else:
            sent.name = intake.safe_name(sent.name)
            try:
                with under_its_name(sent, intake.UPLOAD_MAX_BYTES) as path:
                    context["taken"] = intake.upload(path, units, lang).sentence(lang)
            except ValidationFailed as err:
                context["problems"] = intake.upload_problems(err, sent.name, lang)
            except ParindexError as err:
                context["problems"] = [err.sentence(lang)]
    return render(request, "services/upload.html", context, status=200)


@login_required
def upload_sample(request: HttpRequest, kind: str) -> HttpResponse:
    """``/services/upload/<dossiers|feedback>.csv``: the fields to fill in and one example record of
    the official's own unit, a file the upload takes as it is."""
    if kind not in intake.KINDS:
        raise Http404
    if not request.user.has_perm("services.upload_records"):
        raise PermissionDenied
    units = intake.upload_units(request.user)
    if not units:
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-mau.csv"'
    SafeCsvWriter(response).writerows(intake.sample(kind, intake.sample_unit(units)))
    return response


@login_required
def systems(request: HttpRequest) -> HttpResponse:
    """``/services/systems/``: the one-stop systems that push records, and a new one with its token, shown once."""
    if not request.user.has_perm("services.manage_sending_systems"):
        raise PermissionDenied
    w = intake.words(request.LANGUAGE_CODE)
    context: dict = {"w": w, "problems": [], "typed": request.POST}
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:120]
        units, unknown = intake.units_from_text(request.POST.get("units", ""), request.POST.get("with_communes") == "1")
        if not name:
            context["problems"].append(w["need_name"])
        if unknown:
            context["problems"].append(w["unknown_units"] + ", ".join(unknown[:20]))
        elif not units:
            context["problems"].append(w["need_units"])
        if not context["problems"]:
            context["system"], context["token"] = SendingSystem.issue(name, units, request.user)
            context["typed"] = {}
    context["systems"] = [(system, intake.units_in_words(system.units, request.LANGUAGE_CODE)) for system in SendingSystem.objects.all()]
    return render(request, "services/systems.html", context)


@login_required
@require_POST
def system_active(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("services.manage_sending_systems"):
        raise PermissionDenied
    system = get_object_or_404(SendingSystem, pk=pk)
    system.active = request.POST.get("active") == "1"
    system.save(update_fields=["active"])
    return redirect("services:systems")
