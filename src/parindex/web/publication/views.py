"""The public portal: the latest published version of each cycle, read from its frozen snapshot."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from parindex.web.cycles.models import Cycle
from parindex.web.publication.models import Snapshot


def _latest(cycle: Cycle) -> Snapshot:
    snapshot = cycle.snapshots.order_by("-version").first()
    if snapshot is None:
        raise Http404("not published")
    return snapshot


def latest(request: HttpRequest) -> HttpResponse:
    snapshot = Snapshot.objects.select_related("cycle").order_by("-cycle__year", "-created_at").first()
    if snapshot is None:
        return render(request, "publication/nothing.html")
    return redirect("publication:ranking", slug=snapshot.cycle.slug)


def ranking(request: HttpRequest, slug: str) -> HttpResponse:
    cycle = get_object_or_404(Cycle, slug=slug)
    snapshot = _latest(cycle)
    return render(request, "publication/ranking.html", {"cycle": cycle, "snapshot": snapshot, "data": snapshot.data,
                                                        "lang": request.LANGUAGE_CODE})


def sipas(request: HttpRequest, slug: str) -> HttpResponse:
    """SIPAS as published with the cycle: every unit's elements with their 95 % intervals."""
    cycle = get_object_or_404(Cycle, slug=slug)
    snapshot = _latest(cycle)
    published = snapshot.data.get("sipas")
    if not published:
        raise Http404("no survey published with this cycle")
    q = cycle.methodology.questionnaire(published["questionnaire"])
    lang = request.LANGUAGE_CODE
    elements = {e.code: e.name.get(lang) for e in q.elements}
    elements |= {f"expectation:{i.code}": i.text.get(lang) for i in q.expectations}
    elements["overall"] = "SIPAS"
    units = {a.unit.code: (a.unit.name_en if lang == "en" else a.unit.name_vi) for a in cycle.assessments.select_related("unit")}
    units["(national)"] = "Cả nước" if lang == "vi" else "National"
    rows = [{**r, "unit": units.get(r["domain"], r["domain"]), "element_name": elements.get(r["element"], r["element"])}
            for r in published["estimates"]]
    return render(request, "publication/sipas.html", {"cycle": cycle, "snapshot": snapshot, "sipas": published, "rows": rows,
                                                       "lang": lang})


def unit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    cycle = get_object_or_404(Cycle, slug=slug)
    snapshot = _latest(cycle)
    data = snapshot.data
    row = next((u for u in data["results"]["units"] if code in (u["unit"]["code"], u["unit"]["id"])), None)
    if row is None:
        raise Http404("no such unit in this cycle")
    m = cycle.methodology
    entries = data["entries"].get(row["unit"]["id"], {})
    lines = [{"node": n, "points": row["nodes"][n.code]["points"], "max": n.max_points,
              "explanation": row["nodes"][n.code].get("explanation"), "entry": entries.get(n.code)} for n in m.walk()]
    return render(request, "publication/unit.html", {"cycle": cycle, "snapshot": snapshot, "row": row, "lines": lines,
                                                     "lang": request.LANGUAGE_CODE})
