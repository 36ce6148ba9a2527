"""The public portal: the latest published version of each cycle, read from its frozen snapshot.
Every page is also data: the same address with ``.json`` or ``.csv`` gives the page's figures."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from parindex.core.cells import SafeCsvWriter
from parindex.web.audit.chain import head
from parindex.web.cycles.models import Cycle
from parindex.web.publication import pages
from parindex.web.publication.models import Snapshot

FORMATS = ("html", "json", "csv")


def _latest(cycle: Cycle) -> Snapshot:
    snapshot = cycle.snapshots.order_by("-version").defer("payload").first()
    if snapshot is None:
        raise Http404("not published")
    return snapshot


def _published(slug: str) -> tuple[Cycle, Snapshot]:
    cycle = get_object_or_404(Cycle, slug=slug)
    return cycle, _latest(cycle)


def respond(request: HttpRequest, page: pages.Page, template: str, fmt: str, **context) -> HttpResponse:
    if fmt == "json":
        return JsonResponse(page.as_json(), json_dumps_params={"ensure_ascii": False})
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{page.meta.get("cycle", "parindex")}.csv"'
        writer = SafeCsvWriter(response)
        writer.writerow([k for k, _ in page.columns])
        writer.writerows([[r.get(k) for k, _ in page.columns] for r in page.rows])
        return response
    return render(request, template, {"page": page, "lang": request.LANGUAGE_CODE, **context})


def latest(request: HttpRequest) -> HttpResponse:
    snapshot = Snapshot.objects.select_related("cycle").order_by("-cycle__year", "-created_at").first()
    if snapshot is None:
        return render(request, "publication/nothing.html")
    return redirect("publication:ranking", slug=snapshot.cycle.slug)


def ranking(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    cycle, snapshot = _published(slug)
    page = pages.ranking_page(cycle, snapshot, request.LANGUAGE_CODE, request.GET.get("region") or None,
                              request.GET.get("group") or None, request.GET.get("sort", "rank"))
    return respond(request, page, "publication/ranking.html", fmt, cycle=cycle, snapshot=snapshot, groups=cycle.methodology.groups,
                   audit_head=head())


def unit(request: HttpRequest, slug: str, code: str, fmt: str = "html") -> HttpResponse:
    cycle, snapshot = _published(slug)
    trend = pages.unit_trend(cycle, snapshot, pages.unit_id(snapshot, code), request.LANGUAGE_CODE)
    page = pages.unit_page(cycle, snapshot, code, request.LANGUAGE_CODE, trend)
    return respond(request, page, "publication/unit.html", fmt, cycle=cycle, snapshot=snapshot)


def province_map(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    cycle, snapshot = _published(slug)
    page = pages.map_page(cycle, snapshot, request.LANGUAGE_CODE, request.GET.get("colour", "index"))
    return respond(request, page, "publication/map.html", fmt, cycle=cycle, snapshot=snapshot)


def sipas(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    cycle, snapshot = _published(slug)
    return respond(request, pages.sipas_page(cycle, snapshot, request.LANGUAGE_CODE), "publication/sipas.html", fmt,
                   cycle=cycle, snapshot=snapshot)


def compare(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    cycle, snapshot = _published(slug)
    codes = [c for c in request.GET.get("units", "").split(",") if c]
    if len(codes) < 2:
        codes = [u["unit"]["code"] for u in snapshot.data["results"]["units"][:2]]
    return respond(request, pages.compare_page(cycle, snapshot, codes, request.LANGUAGE_CODE), "publication/compare.html", fmt,
                   cycle=cycle, snapshot=snapshot)


def workbook(request: HttpRequest, slug: str) -> HttpResponse:
    """The published cycle as an XLSX workbook laid out like the official tables."""
    import tempfile
    from pathlib import Path

    from parindex.reports.workbook import write_snapshot_workbook

    cycle, snapshot = _published(slug)
    with tempfile.TemporaryDirectory() as tmp:
        data = write_snapshot_workbook(snapshot.published(), cycle.methodology, Path(tmp) / "report.xlsx").read_bytes()
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{cycle.slug}-v{snapshot.version}.xlsx"'
    return response


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def national_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The national report as PDF: map, ranking, averages by area and region, SIPAS."""
    from parindex.reports.pdf import national_report

    cycle, snapshot = _published(slug)
    lang = request.LANGUAGE_CODE
    data = snapshot.kept(("pdf", lang), lambda: national_report(snapshot.published(), cycle.methodology, lang))
    return _pdf(data, f"{cycle.slug}-v{snapshot.version}-{lang}.pdf")


def unit_pdf(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """One unit's report as PDF, with the same figures and trend as its scorecard."""
    from parindex.reports.pdf import unit_report

    cycle, snapshot = _published(slug)
    lang = request.LANGUAGE_CODE
    trend = pages.unit_trend(cycle, snapshot, pages.unit_id(snapshot, code), lang)
    key = ("pdf", lang, code, json.dumps(trend, sort_keys=True))  # an earlier year's correction changes the trend
    data = snapshot.kept(key, lambda: unit_report(snapshot.published(), cycle.methodology, code, lang, trend))
    return _pdf(data, f"{cycle.slug}-v{snapshot.version}-{code}-{lang}.pdf")


def bundle(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything published for a cycle in one file: ranking CSV, the snapshot JSON, the methodology
    file, and SHA-256 checksums of each."""
    cycle, snapshot = _published(slug)
    ranking_page = pages.ranking_page(cycle, snapshot, "vi")
    table = io.StringIO()
    writer = SafeCsvWriter(table)
    writer.writerow([k for k, _ in ranking_page.columns])
    writer.writerows([[r.get(k) for k, _ in ranking_page.columns] for r in ranking_page.rows])
    files = {
        "ranking.csv": table.getvalue().encode("utf-8"),
        "snapshot.json": json.dumps({"version": snapshot.version, "reason": snapshot.reason, "checksum": snapshot.checksum,
                                     **snapshot.data}, ensure_ascii=False, indent=1).encode("utf-8"),
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
