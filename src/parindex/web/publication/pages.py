"""Portal pages: the figures of ``parindex.reports.figures`` with the facts of the publication.

A view renders a ``Page`` as HTML, or returns the very same rows as JSON or CSV when its URL ends
in ``.json`` or ``.csv`` — so every figure a visitor reads can be downloaded and checked.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils import timezone

from parindex.core.analysis.tables import what_to_fix
from parindex.core.text import of_lang
from parindex.reports import figures, maps
from parindex.reports.charts import Chart, intervals_chart, map_chart, scorecard_charts
from parindex.web.cycles.models import Cycle
from parindex.web.publication import printing
from parindex.web.publication.models import Snapshot

SORTS = figures.RANKING_SORTS


@dataclass
class Page:
    title: str
    columns: list[tuple[str, str]]  # (key, heading)
    rows: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)  # drawn from the same figures; not repeated in .json

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "meta": self.meta, "columns": [k for k, _ in self.columns], "rows": self.rows, **self.extra}


def _meta(cycle: Cycle, snapshot: Snapshot) -> dict[str, Any]:
    return {"cycle": cycle.slug, "year": cycle.year, "version": snapshot.version, "checksum": snapshot.checksum,
            "published": timezone.localdate(snapshot.created_at).isoformat(), "methodology": cycle.methodology_id,
            "methodology_hash": cycle.methodology_hash, "correction": snapshot.reason if snapshot.version > 1 else None}


def _unit(callable_, *args):
    try:
        return callable_(*args)
    except figures.UnknownUnit:
        raise Http404("no such unit in this cycle") from None


def ranking_page(cycle: Cycle, snapshot: Snapshot, lang: str, region: str | None = None, group: str | None = None,
                 sort: str = "rank") -> Page:
    published = snapshot.published()
    intervals, _, settings = printing.analysed(cycle, snapshot)
    rows = figures.ranking_rows(published, lang, region, group, sort, intervals)
    meta = _meta(cycle, snapshot) | {"uncertainty": settings, "average_index": published.national_index, "units": len(rows),
                                     "filters": {"region": region, "group": group, "sort": sort},
                                     "regions": figures.regions(published, lang),
                                     "map": maps.province_set_for(u.unit.id for u in published.units)}
    extra = {"not_assessed": figures.not_assessed_rows(published, lang)}
    return Page(cycle.title(lang), figures.ranking_columns(lang, intervals=True), rows, meta, extra)


def not_assessed_page(cycle: Cycle, snapshot: Snapshot, code: str, lang: str) -> Page | None:
    """A unit the cycle left out: its name and the published reason, or None if it was assessed."""
    left_out = snapshot.published().exclusion(code)
    if left_out is None:
        return None
    extra = {"unit": {"code": left_out.unit.code, "id": left_out.unit.id, "name": left_out.unit.label(lang)},
             "not_assessed": True, "reason": left_out.reason}
    return Page(f"{left_out.unit.label(lang)} — {cycle.title(lang)}", [], [], _meta(cycle, snapshot), extra)


def map_page(cycle: Cycle, snapshot: Snapshot, lang: str, colour_by: str = "index") -> Page:
    """The choropleth: one row per province of the year's set (34 or 63), and the two archipelagos
    with the province they belong to."""
    values = figures.map_values(snapshot.published(), lang)
    province_set = maps.province_set_for(v.id for v in values)
    if province_set is None:
        raise Http404("this cycle's units are not provinces")
    colour_by = colour_by if colour_by in ("index", "group") else "index"
    chart = map_chart(province_set, values, lang, colour_by, [g.code for g in cycle.methodology.groups])
    extra = {"province_set": province_set, "colour_by": colour_by,
             "archipelagos": [{"id": f["id"], "name": maps.archipelago_label(f, lang),
                               "province_id": f["properties"][f"province_{province_set}"]} for f in maps.archipelagos()["features"]],
             "description": chart.description}
    return Page(of_lang(lang, "Bản đồ", "Map") + f" — {cycle.title(lang)}", chart.columns, chart.rows, _meta(cycle, snapshot), extra,
                [chart])


def unit_page(cycle: Cycle, snapshot: Snapshot, code: str, lang: str, trend: list[dict[str, Any]] | None = None) -> Page:
    """The scorecard: every criterion against its maximum and the national average, with the
    appraisers' reasons and the unit's explanations; strongest and weakest areas; SIPAS; trend."""
    published = snapshot.published()
    rows, extra = _unit(figures.scorecard, published, cycle.methodology, code, lang)
    extra["trend"] = trend or []
    intervals, model, settings = printing.analysed(cycle, snapshot)
    extra["rank_uncertainty"] = intervals[extra["unit"]["id"]] | {"settings": settings}
    extra["what_to_fix"] = what_to_fix(model, extra["unit"]["id"], published.entries,
                                       {n.code: n.name.get(lang) for n in cycle.methodology.walk()})
    sipas = figures.sipas_rows(published, cycle.methodology, lang, extra["unit"]["code"])
    return Page(f"{extra['unit']['name']} — {cycle.title(lang)}", figures.scorecard_columns(lang), rows,
                _meta(cycle, snapshot), extra, scorecard_charts(extra, sipas, lang))


def compare_page(cycle: Cycle, snapshot: Snapshot, codes: list[str], lang: str) -> Page:
    """Two or more units side by side, area by area."""
    published = snapshot.published()
    columns = _unit(figures.compare_columns, published, codes, lang)
    rows = figures.compare_rows(published, cycle.methodology, codes, lang)
    return Page(of_lang(lang, "So sánh", "Comparison") + f" — {cycle.title(lang)}", columns, rows, _meta(cycle, snapshot))


def sipas_page(cycle: Cycle, snapshot: Snapshot, lang: str) -> Page:
    survey = snapshot.published().survey
    if survey is None:
        raise Http404("no survey published with this cycle")
    rows = figures.sipas_rows(snapshot.published(), cycle.methodology, lang)
    meta = _meta(cycle, snapshot) | {"respondents": survey.respondents, "wave_sha256": survey.sha256, "design": survey.design}
    national = [r for r in rows if r["unit_code"] == figures.NATIONAL]
    return Page("SIPAS — " + cycle.title(lang), figures.sipas_columns(lang), rows, meta,
                charts=[intervals_chart("sipas-national", national, lang)] if national else [])
