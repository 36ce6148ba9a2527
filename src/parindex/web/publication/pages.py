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
from parindex.core.results.versions import changes_between
from parindex.core.text import of_lang
from parindex.reports import figures, maps, methodology
from parindex.reports.charts import Chart, intervals_chart, map_chart, scorecard_charts
from parindex.reports.methodology import index_formula
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
    controls: dict[str, Any] = field(default_factory=dict)  # the page's pickers (units, sort orders in words); not data

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "meta": self.meta, "columns": [k for k, _ in self.columns], "rows": self.rows, **self.extra}


def _meta(cycle: Cycle, snapshot: Snapshot) -> dict[str, Any]:
    return {"cycle": cycle.slug, "year": cycle.year, "version": snapshot.version, "checksum": snapshot.checksum,
            "published": timezone.localdate(snapshot.created_at).isoformat(), "methodology": cycle.methodology_id,
            "methodology_hash": cycle.methodology_hash, "correction": snapshot.reason if snapshot.version > 1 else None,
            "decimals": cycle.methodology.ranking.decimals}


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
    extra = {"not_assessed": figures.not_assessed_rows(published, lang), "formula": index_formula(cycle.methodology).get(lang)}
    return Page(cycle.title(lang), figures.ranking_columns(lang, intervals=True), rows, meta, extra,
                controls={"sorts": figures.ranking_sorts(lang)})


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
    extra["formula"] = index_formula(cycle.methodology).get(lang)
    others = [u for u in _choices(published, lang) if u["code"] != extra["unit"]["code"]]
    return Page(f"{extra['unit']['name']} — {cycle.title(lang)}", figures.scorecard_columns(lang), rows,
                _meta(cycle, snapshot), extra, scorecard_charts(extra, sipas, lang), controls={"others": others})


def compare_page(cycle: Cycle, snapshot: Snapshot, codes: list[str], lang: str) -> Page:
    """Two or more units side by side, area by area."""
    published = snapshot.published()
    columns = _unit(figures.compare_columns, published, codes, lang)
    rows = figures.compare_rows(published, cycle.methodology, codes, lang)
    controls = {"choices": _choices(published, lang), "chosen": [published.unit(c).unit.code for c in codes]}
    return Page(of_lang(lang, "So sánh", "Comparison") + f" — {cycle.title(lang)}", columns, rows, _meta(cycle, snapshot),
                controls=controls)


def _choices(published, lang: str) -> list[dict[str, str]]:
    """The ranked units a visitor can pick, by name in the page's language."""
    return sorted(({"code": u.unit.code, "name": u.unit.label(lang)} for u in published.units), key=lambda u: u["name"])


def sipas_page(cycle: Cycle, snapshot: Snapshot, lang: str, chosen: figures.SipasFilter | None = None) -> Page:
    """Every published SIPAS estimate, or those of one unit, element or region, in the order asked."""
    published = snapshot.published()
    survey = published.survey
    if survey is None:
        raise Http404("no survey published with this cycle")
    every = figures.sipas_rows(published, cycle.methodology, lang)
    chosen = chosen or figures.SipasFilter()
    rows = figures.filter_sipas(every, chosen)
    meta = _meta(cycle, snapshot) | {"respondents": survey.respondents, "wave_sha256": survey.sha256, "design": survey.design,
                                     "filters": chosen.as_dict(), "total_rows": len(every)}
    national = [r for r in every if r["unit_code"] == figures.NATIONAL]
    controls = {"units": [{"code": figures.NATIONAL, "name": of_lang(lang, "Cả nước", "National")}, *_choices(published, lang)],
                "elements": figures.sipas_elements(every), "regions": figures.regions(published, lang),
                "sorts": figures.sipas_sorts(lang)}
    return Page("SIPAS — " + cycle.title(lang), figures.sipas_columns(lang), rows, meta,
                charts=[intervals_chart("sipas-national", national, lang)] if national else [], controls=controls)


def methodology_page(cycle: Cycle, lang: str) -> Page:
    """The programme's tree as this cycle applies it: maxima, how each criterion is scored, where
    each came from (official or illustrative), the groups, and how the index is formed."""
    m = cycle.methodology
    extra = {"formula": index_formula(m).get(lang), "groups": methodology.group_rows(m, lang),
             "legal_source": methodology.legal_source(m, lang), "scale": m.scale, "counts": m.counts(),
             "ranking": {"ties": m.ranking.ties, "decimals": m.ranking.decimals}, "title": m.title.get(lang)}
    meta = {"cycle": cycle.slug, "year": cycle.year, "methodology": m.id, "methodology_hash": m.content_hash,
            "decimals": m.ranking.decimals}
    return Page(of_lang(lang, "Phương pháp", "Methodology") + f" — {cycle.title(lang)}", methodology.methodology_columns(lang),
                methodology.methodology_rows(m, lang), meta, extra)


def versions_page(cycle: Cycle, snapshots: list[Snapshot], lang: str, before: Snapshot, after: Snapshot) -> Page:
    """Every published version of a cycle with its reason, and what changed from one to another:
    units whose index, rank or group moved, and the criteria whose points were corrected."""
    changes = changes_between(before.published(), after.published())
    names = {n.code: n.name.get(lang) for n in cycle.methodology.walk()}
    columns = [("unit", of_lang(lang, "Đơn vị", "Unit")), ("index_before", of_lang(lang, "Chỉ số trước", "Index before")),
               ("index_after", of_lang(lang, "Chỉ số sau", "Index after")), ("index_change", of_lang(lang, "Thay đổi", "Change")),
               ("rank_before", of_lang(lang, "Hạng trước", "Rank before")), ("rank_after", of_lang(lang, "Hạng sau", "Rank after")),
               ("group_before", of_lang(lang, "Nhóm trước", "Group before")), ("group_after", of_lang(lang, "Nhóm sau", "Group after"))]
    rows = [{"unit_code": c.unit.code, "unit": c.unit.label(lang), "index_before": c.index_before, "index_after": c.index_after,
             "index_change": c.index_change, "rank_before": c.rank_before, "rank_after": c.rank_after,
             "group_before": c.group_before, "group_after": c.group_after} for c in changes.units]
    extra = {"versions": [{"version": s.version, "published": timezone.localdate(s.created_at).isoformat(), "reason": s.reason,
                           "checksum": s.checksum} for s in snapshots],
             "before": before.version, "after": after.version,
             "points": [{"unit_code": p.unit.code, "unit": p.unit.label(lang), "code": p.node, "criterion": names.get(p.node, p.node),
                         "before": p.before, "after": p.after} for p in changes.points],
             "entered": [u.label(lang) for u in changes.entered], "left": [u.label(lang) for u in changes.left],
             "national_before": changes.national_before, "national_after": changes.national_after,
             "reason": after.reason if after.version > before.version else before.reason}
    return Page(of_lang(lang, "Các phiên bản", "Versions") + f" — {cycle.title(lang)}", columns, rows,
                _meta(cycle, snapshots[0]), extra)
