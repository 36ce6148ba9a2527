"""The figures of every portal page, built once from the frozen snapshot.

A view renders a ``Page`` as HTML, or returns the very same rows as JSON or CSV when its URL ends
in ``.json`` or ``.csv`` — so every figure a visitor reads can be downloaded and checked.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from parindex.core.units.model import REGIONS
from parindex.web.cycles.models import Cycle
from parindex.web.publication.models import Snapshot

SORTS = ("rank", "index", "change", "unit")


@dataclass
class Page:
    title: str
    columns: list[tuple[str, str]]  # (key, heading)
    rows: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "meta": self.meta, "columns": [k for k, _ in self.columns], "rows": self.rows, **self.extra}


def _vi(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def _meta(cycle: Cycle, snapshot: Snapshot) -> dict[str, Any]:
    return {"cycle": cycle.slug, "year": cycle.year, "version": snapshot.version, "checksum": snapshot.checksum,
            "published": snapshot.created_at.date().isoformat(), "methodology": cycle.methodology_id,
            "methodology_hash": cycle.methodology_hash, "correction": snapshot.reason if snapshot.version > 1 else None}


def ranking_page(cycle: Cycle, snapshot: Snapshot, lang: str, region: str | None = None, group: str | None = None,
                 sort: str = "rank") -> Page:
    data = snapshot.data
    rows = []
    for u in data["results"]["units"]:
        region_code = u["unit"].get("region") or ""
        rows.append({
            "rank": u["rank"], "unit_code": u["unit"]["code"], "unit": u["unit"]["name"]["en" if lang == "en" else "vi"],
            "region": REGIONS[region_code].get(lang) if region_code in REGIONS else "", "region_code": region_code,
            "appraisal_points": u["parts"]["appraisal"], "survey_points": u["parts"]["survey"], "index": u["index"],
            "group": u["group"], "change": u["change"],
        })
    regions = sorted({(r["region_code"], r["region"]) for r in rows if r["region_code"]}, key=lambda x: x[1])
    if region:
        rows = [r for r in rows if r["region_code"] == region]
    if group:
        rows = [r for r in rows if r["group"] == group]
    key = {"rank": lambda r: (r["rank"], r["unit"]), "index": lambda r: -r["index"], "unit": lambda r: r["unit"],
           "change": lambda r: -(r["change"] if r["change"] is not None else -1e9)}[sort if sort in SORTS else "rank"]
    rows.sort(key=key)
    columns = [("rank", _vi(lang, "Xếp hạng", "Rank")), ("unit", _vi(lang, "Đơn vị", "Unit")), ("region", _vi(lang, "Vùng", "Region")),
               ("appraisal_points", _vi(lang, "Điểm thẩm định", "Appraisal points")),
               ("survey_points", _vi(lang, "Điểm điều tra XHH", "Survey points")), ("index", _vi(lang, "Chỉ số (%)", "Index (%)")),
               ("group", _vi(lang, "Nhóm", "Group")), ("change", _vi(lang, "Thay đổi", "Change"))]
    meta = _meta(cycle, snapshot) | {"average_index": data["results"]["averages"]["national"]["index"], "units": len(rows),
                                     "filters": {"region": region, "group": group, "sort": sort},
                                     "regions": [{"code": c, "name": n} for c, n in regions]}
    return Page(cycle.title(lang), columns, rows, meta)


def _unit_row(snapshot: Snapshot, code: str) -> dict:
    row = next((u for u in snapshot.data["results"]["units"] if code in (u["unit"]["code"], u["unit"]["id"])), None)
    if row is None:
        raise Http404("no such unit in this cycle")
    return row


def unit_page(cycle: Cycle, snapshot: Snapshot, code: str, lang: str) -> Page:
    """The scorecard: every criterion against its maximum and the national average, with the
    appraisers' reasons and the unit's explanations; strongest and weakest areas; SIPAS elements."""
    data = snapshot.data
    row = _unit_row(snapshot, code)
    national = data["results"]["averages"]["national"]
    entries = data["entries"].get(row["unit"]["id"], {})
    m = cycle.methodology
    rows = []
    for node in m.walk():
        result, entry = row["nodes"][node.code], entries.get(node.code) or {}
        explanation = result.get("explanation") or {}
        rows.append({
            "code": node.code, "depth": node.depth, "criterion": node.name.get(lang), "points": result["points"],
            "max": None if node.is_adjustment else node.max_points, "national_average": national.get(node.code),
            "lost": (node.max_points - result["points"]) if not node.is_adjustment else max(0.0, -result["points"]),
            "why": explanation.get("en" if lang == "en" else "vi", ""),
            "appraisal_reason": entry.get("appraisal_reason") or entry.get("final_reason") or "",
            "unit_explanation": entry.get("unit_explanation") or "",
        })
    areas = [r for r in rows if r["depth"] == 1]
    standings = sorted(({"area": a["code"], "name": a["criterion"], "share": a["points"] / a["max"],
                         "national_share": a["national_average"] / a["max"]} for a in areas),
                       key=lambda s: s["share"] - s["national_share"], reverse=True)
    lost = sorted((r for r in rows if r["depth"] > 1 and r["lost"] > 1e-9 and r["code"] in {leaf.code for leaf in m.leaves()}),
                  key=lambda r: -r["lost"])[:10]
    sipas_rows = []
    if data.get("sipas"):
        sipas_rows = [r for r in data["sipas"]["estimates"] if r["domain"] == row["unit"]["code"]]
    columns = [("code", _vi(lang, "Mã", "Code")), ("criterion", _vi(lang, "Tiêu chí", "Criterion")), ("points", _vi(lang, "Điểm", "Points")),
               ("max", _vi(lang, "Tối đa", "Max")), ("national_average", _vi(lang, "TB cả nước", "National mean")),
               ("why", _vi(lang, "Căn cứ", "Why")), ("appraisal_reason", _vi(lang, "Lý do thẩm định", "Appraisal reason")),
               ("unit_explanation", _vi(lang, "Giải trình", "Unit's explanation"))]
    extra = {"unit": {"code": row["unit"]["code"], "id": row["unit"]["id"], "name": row["unit"]["name"]["en" if lang == "en" else "vi"]},
             "rank": row["rank"], "index": row["index"], "group": row["group"], "change": row["change"],
             "previous": row.get("previous"), "strongest": standings[0], "weakest": standings[-1],
             "points_lost": [{"code": r["code"], "criterion": r["criterion"], "lost": r["lost"], "why": r["why"],
                              "appraisal_reason": r["appraisal_reason"]} for r in lost],
             "sipas": sipas_rows}
    return Page(f"{extra['unit']['name']} — {cycle.title(lang)}", columns, rows, _meta(cycle, snapshot), extra)


def compare_page(cycle: Cycle, snapshot: Snapshot, codes: list[str], lang: str) -> Page:
    """Two or more units side by side, area by area."""
    units = [_unit_row(snapshot, c) for c in codes]
    national = snapshot.data["results"]["averages"]["national"]
    rows = []
    for area in cycle.methodology.areas:
        line = {"code": area.code, "area": area.name.get(lang), "max": area.max_points, "national_average": national[area.code]}
        for u in units:
            line[u["unit"]["code"]] = u["nodes"][area.code]["points"]
        rows.append(line)
    rows.append({"code": "", "area": _vi(lang, "Chỉ số (%)", "Index (%)"), "max": 100.0, "national_average": national["index"],
                 **{u["unit"]["code"]: u["index"] for u in units}})
    columns = [("code", _vi(lang, "Mã", "Code")), ("area", _vi(lang, "Lĩnh vực", "Area")), ("max", _vi(lang, "Tối đa", "Max")),
               *[(u["unit"]["code"], u["unit"]["name"]["en" if lang == "en" else "vi"]) for u in units],
               ("national_average", _vi(lang, "TB cả nước", "National mean"))]
    return Page(_vi(lang, "So sánh", "Comparison") + f" — {cycle.title(lang)}", columns, rows, _meta(cycle, snapshot))


def sipas_page(cycle: Cycle, snapshot: Snapshot, lang: str) -> Page:
    published = snapshot.data.get("sipas")
    if not published:
        raise Http404("no survey published with this cycle")
    q = cycle.methodology.questionnaire(published["questionnaire"])
    elements = {e.code: e.name.get(lang) for e in q.elements}
    elements |= {f"expectation:{i.code}": i.text.get(lang) for i in q.expectations}
    elements["overall"] = "SIPAS"
    units = {a.unit.code: (a.unit.name_en if lang == "en" else a.unit.name_vi) for a in cycle.assessments.select_related("unit")}
    units["(national)"] = _vi(lang, "Cả nước", "National")
    rows = [{"unit_code": r["domain"], "unit": units.get(r["domain"], r["domain"]), "element_code": r["element"],
             "element": elements.get(r["element"], r["element"]), "index": r["estimate"] * 100, "se": r["se"] * 100,
             "ci_low": r["ci_low"] * 100, "ci_high": r["ci_high"] * 100, "n": r["n"], "reliable": r["reliable"],
             "in_index": r.get("in_index", True)} for r in published["estimates"]]
    columns = [("unit", _vi(lang, "Đơn vị", "Unit")), ("element", _vi(lang, "Yếu tố", "Element")), ("index", _vi(lang, "Chỉ số (%)", "Index (%)")),
               ("ci_low", _vi(lang, "Cận dưới 95 %", "95 % low")), ("ci_high", _vi(lang, "Cận trên 95 %", "95 % high")), ("n", "n")]
    meta = _meta(cycle, snapshot) | {"respondents": published["rows"], "wave_sha256": published["sha256"], "design": published["design"]}
    return Page("SIPAS — " + cycle.title(lang), columns, rows, meta)
