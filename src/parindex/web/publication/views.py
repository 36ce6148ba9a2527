"""The public portal: the latest published version of each cycle, read from its frozen snapshot.
Every page is also data: the same address with ``.json`` or ``.csv`` gives the page's figures."""
from __future__ import annotations

import hashlib
import io
import json
import math
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django_ratelimit.decorators import ratelimit

from parindex.core.cells import SafeCsvWriter
from parindex.core.methodology.yaml_source import load_yaml
from parindex.reports import figures, maps
from parindex.reports.criteria_table import write_criteria_workbook
from parindex.web.audit.chain import head
from parindex.web.cycles.models import Cycle, Programme
from parindex.web.publication import pages, printing, queries
from parindex.web.publication.models import Snapshot
from parindex.web.publication.queries import published, unit_id, unit_trend

FORMATS = ("html", "json", "csv")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def respond(request: HttpRequest, page: pages.Page, template: str, fmt: str, **context) -> HttpResponse:
    """The page as HTML, or its rows as JSON (full precision) or CSV (rounded as published)."""
    if fmt == "json":
        return JsonResponse(page.as_json(), json_dumps_params={"ensure_ascii": False})
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{page.meta.get("cycle", "parindex")}.csv"'
        write_csv(response, page)
        return response
    cycle = context.get("cycle")
    years = queries.published_years(cycle) if cycle is not None else []
    newest = queries.latest_snapshot(cycle) if context.get("snapshot") is not None else None
    return render(request, template, {"page": page, "lang": request.LANGUAGE_CODE, "years": years, "newest": newest, **context})


def write_csv(out, page: pages.Page) -> None:
    """The page's rows with every number rounded to the methodology's decimals, as the tables print
    them: a spreadsheet opening the file shows the published figure, not ``68.33333333333333``."""
    decimals = page.meta.get("decimals", 2)
    writer = SafeCsvWriter(out)
    writer.writerow([k for k, _ in page.columns])
    writer.writerows([[_rounded(r.get(k), decimals) for k, _ in page.columns] for r in page.rows])


def _rounded(value, decimals: int):
    return round(value, decimals) if isinstance(value, float) and math.isfinite(value) else value


def _published(request: HttpRequest, slug: str) -> tuple[Cycle, Snapshot]:
    return published(slug, request.GET.get("v"))


def home(request: HttpRequest) -> HttpResponse:
    """The public portal's front page: each programme's latest published year — its national average,
    its leading units, links to the ranking, map, SIPAS, data and methodology — and the other years."""
    lang = request.LANGUAGE_CODE
    return render(request, "publication/home.html", {"shelves": [_shelf_item(shelf, lang) for shelf in queries.shelves()], "lang": lang})


def _shelf_item(shelf: queries.Shelf, lang: str) -> dict:
    published = shelf.snapshot.published()
    return {"shelf": shelf, "top": figures.ranking_rows(published, lang)[:5], "published": published,
            "map": maps.province_set_for(u.unit.id for u in published.units) is not None}


def methodologies(request: HttpRequest) -> HttpResponse:
    """Which methodology each published year applies: a link per cycle to its public methodology page."""
    return render(request, "publication/methodologies.html", {"shelves": queries.shelves(), "lang": request.LANGUAGE_CODE})


def methodology(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    cycle, _ = published(slug)
    return respond(request, pages.methodology_page(cycle, request.LANGUAGE_CODE), "publication/methodology.html", fmt, cycle=cycle)


def versions(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    """Every version of a cycle's results and what changed between two of them (the newest and the
    one before, unless ``?from=`` and ``?to=`` say which)."""
    cycle, _ = published(slug)
    snapshots, before, after = queries.versions_compared(cycle, _number(request.GET.get("from")), _number(request.GET.get("to")))
    page = pages.versions_page(cycle, snapshots, request.LANGUAGE_CODE, before, after)
    return respond(request, page, "publication/versions.html", fmt, cycle=cycle, snapshot=snapshots[0])


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def latest(request: HttpRequest) -> HttpResponse:
    snapshot = Snapshot.objects.select_related("cycle").order_by("-cycle__year", "-created_at").first()
    if snapshot is None:
        return render(request, "publication/nothing.html")
    return redirect("publication:ranking", slug=snapshot.cycle.slug)


def section(request: HttpRequest, slug: str) -> HttpResponse:
    """``/results/<slug>/``: a cycle's ranking, or — when the slug is a programme's code — that
    programme's section of the portal (a province's own index beside the national one)."""
    if not Cycle.objects.filter(slug=slug).exists() and Programme.objects.filter(code=slug).exists():
        return programme(request, slug)
    return ranking(request, slug)


def programme(request: HttpRequest, code: str) -> HttpResponse:
    """One programme's section: its latest published year, as on the front page, and every year."""
    found = get_object_or_404(Programme, code=code)
    shelf = next(iter(queries.shelves(found)), None)
    lang = request.LANGUAGE_CODE
    return render(request, "publication/programme.html", {"programme": found, "lang": lang,
                                                           "item": _shelf_item(shelf, lang) if shelf else None})


def in_programme(request: HttpRequest, programme: str, slug: str) -> HttpResponse:
    """``/results/<programme>/<cycle>/``: the cycle's ranking at its one address, when it is that programme's."""
    cycle = get_object_or_404(Cycle, slug=slug, programme__code=programme)
    return redirect("publication:ranking", cycle.slug)


def ranking(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    cycle, snapshot = _published(request, slug)
    page = pages.ranking_page(cycle, snapshot, request.LANGUAGE_CODE, request.GET.get("region") or None,
                              request.GET.get("group") or None, request.GET.get("sort", "rank"))
    return respond(request, page, "publication/ranking.html", fmt, cycle=cycle, snapshot=snapshot, groups=cycle.methodology.groups,
                   audit_head=head())


def unit(request: HttpRequest, slug: str, code: str, fmt: str = "html") -> HttpResponse:
    cycle, snapshot = _published(request, slug)
    left_out = pages.not_assessed_page(cycle, snapshot, code, request.LANGUAGE_CODE)
    if left_out is not None:
        return respond(request, left_out, "publication/not_assessed.html", fmt, cycle=cycle, snapshot=snapshot)
    trend = unit_trend(cycle, snapshot, unit_id(snapshot, code), request.LANGUAGE_CODE)
    page = pages.unit_page(cycle, snapshot, code, request.LANGUAGE_CODE, trend)
    return respond(request, page, "publication/unit.html", fmt, cycle=cycle, snapshot=snapshot)


def province_map(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    cycle, snapshot = _published(request, slug)
    page = pages.map_page(cycle, snapshot, request.LANGUAGE_CODE, request.GET.get("colour", "index"))
    return respond(request, page, "publication/map.html", fmt, cycle=cycle, snapshot=snapshot)


def sipas(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    cycle, snapshot = _published(request, slug)
    chosen = figures.SipasFilter(**{k: request.GET.get(k, "") for k in ("unit", "element", "region")},
                                 sort=request.GET.get("sort") or "unit")
    return respond(request, pages.sipas_page(cycle, snapshot, request.LANGUAGE_CODE, chosen), "publication/sipas.html", fmt,
                   cycle=cycle, snapshot=snapshot)


def compare(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    """Units side by side: ``?units=31,01`` (a link) or ``?unit=31&unit=01`` (the picker's form)."""
    cycle, snapshot = _published(request, slug)
    picked = [c for c in request.GET.get("units", "").split(",") if c] + request.GET.getlist("unit")
    codes = list(dict.fromkeys(c for c in picked if c))[:6]
    if len(codes) < 2:
        codes = [u.unit.code for u in snapshot.published().units[:2]]
    return respond(request, pages.compare_page(cycle, snapshot, codes, request.LANGUAGE_CODE), "publication/compare.html", fmt,
                   cycle=cycle, snapshot=snapshot)


def document_rate(group, request) -> str:
    """Downloads per client (read per request, so a deployment can change it without a restart of code)."""
    return settings.PARINDEX_DOCUMENT_RATE


def _document(snapshot: Snapshot, filename: str, content_type: str, kind: str, lang: str = "", code: str = "") -> HttpResponse:
    """A printed document from the store (printed now if the printer has not reached it yet)."""
    response = HttpResponse(printing.served(snapshot, kind, lang, code), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@ratelimit(key="ip", rate=document_rate, block=True)
def workbook(request: HttpRequest, slug: str) -> HttpResponse:
    cycle, snapshot = _published(request, slug)
    return _document(snapshot, f"{cycle.slug}-v{snapshot.version}.xlsx", XLSX, printing.WORKBOOK)


@ratelimit(key="ip", rate=document_rate, block=True)
def criteria_table(request: HttpRequest, slug: str) -> HttpResponse:
    """The year's methodology as the criteria table an office signs (the layout ``parindex
    methodology import`` reads back): what a province copies to start its own index."""
    cycle, _ = published(slug)
    data = load_yaml(cycle.methodology_yaml, f"{cycle.methodology_id}.yaml").data
    with tempfile.TemporaryDirectory() as folder:
        path = write_criteria_workbook(data, cycle.methodology, Path(folder) / "tieu-chi.xlsx")
        content = path.read_bytes()
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{cycle.slug}-tieu-chi.xlsx"'
    return response


@ratelimit(key="ip", rate=document_rate, block=True)
def national_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The national report as PDF: map, ranking, averages by area and region, SIPAS."""
    cycle, snapshot = _published(request, slug)
    lang = request.LANGUAGE_CODE
    return _document(snapshot, f"{cycle.slug}-v{snapshot.version}-{lang}.pdf", "application/pdf", printing.NATIONAL, lang)


@ratelimit(key="ip", rate=document_rate, block=True)
def unit_pdf(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """One unit's report as PDF, with the same figures and trend as its scorecard."""
    cycle, snapshot = _published(request, slug)
    lang = request.LANGUAGE_CODE
    return _document(snapshot, f"{cycle.slug}-v{snapshot.version}-{code}-{lang}.pdf", "application/pdf", printing.UNIT, lang, code)


@ratelimit(key="ip", rate=document_rate, block=True)
def bundle(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything published for a cycle in one file: ranking CSV, the snapshot JSON, the methodology
    file, and SHA-256 checksums of each."""
    cycle, snapshot = _published(request, slug)
    ranking_page = pages.ranking_page(cycle, snapshot, "vi")
    table = io.StringIO()
    write_csv(table, ranking_page)
    files = {
        "ranking.csv": table.getvalue().encode("utf-8"),
        "snapshot.json": json.dumps(snapshot.as_bundle(), ensure_ascii=False, indent=1).encode("utf-8"),
        f"{cycle.methodology_id}.yaml": cycle.methodology_yaml.encode("utf-8"),
        # The audit log's head as of this download: keep it, and `manage.py verify_audit --expect-head`
        # (or anyone with the log) can later show the log still holds this entry, unchanged.
        "AUDIT_HEAD": "{}:{}\n".format(*head()).encode(),
    }
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items()).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{cycle.slug}-v{snapshot.version}/{name}", data)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{cycle.slug}-v{snapshot.version}.zip"'
    return response
