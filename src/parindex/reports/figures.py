"""The figures of a published cycle — ranking, scorecard, comparison, SIPAS, map — from its
``PublishedResults`` (the typed reading of its frozen snapshot) and pinned methodology.

The portal pages, their ``.json``/``.csv`` twins, the PDF reports and the CLI all read these
functions, so a figure is computed in one place and is the same wherever it is shown. Nothing here
touches the database.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parindex.core.results.published import NATIONAL, PublishedResults, UnknownUnit
from parindex.core.text import of_lang
from parindex.core.units.model import REGIONS
from parindex.reports.maps import MapValue

RANKING_SORTS = {"rank": ("Xếp hạng", "Rank"), "index": ("Chỉ số, cao trước", "Index, highest first"),
                 "change": ("Thay đổi, tăng nhiều trước", "Change, largest rise first"), "unit": ("Tên đơn vị", "Unit name")}
SIPAS_SORTS = {"unit": ("Đơn vị, rồi yếu tố", "Unit, then element"), "high": ("Chỉ số, cao trước", "Index, highest first"),
               "low": ("Chỉ số, thấp trước", "Index, lowest first"), "element": ("Yếu tố, rồi đơn vị", "Element, then unit")}
__all__ = ["NATIONAL", "UnknownUnit", "RANKING_SORTS"]


def ranking_sorts(lang: str) -> list[tuple[str, str]]:
    """The orders a visitor can sort the ranking by, in words."""
    return [(key, of_lang(lang, *words)) for key, words in RANKING_SORTS.items()]


def sipas_sorts(lang: str) -> list[tuple[str, str]]:
    return [(key, of_lang(lang, *words)) for key, words in SIPAS_SORTS.items()]


def ranking_columns(lang: str, intervals: bool = False) -> list[tuple[str, str]]:
    columns = [("rank", of_lang(lang, "Xếp hạng", "Rank")), ("unit", of_lang(lang, "Đơn vị", "Unit")), ("region", of_lang(lang, "Vùng", "Region")),
               ("appraisal_points", of_lang(lang, "Điểm thẩm định", "Appraisal points")),
               ("survey_points", of_lang(lang, "Điểm điều tra XHH", "Survey points")), ("index", of_lang(lang, "Chỉ số (%)", "Index (%)")),
               ("group", of_lang(lang, "Nhóm", "Group")), ("change", of_lang(lang, "Thay đổi", "Change"))]
    if intervals:
        columns += [("rank_interval", of_lang(lang, "Khoảng xếp hạng 90 %", "90 % rank interval")),
                    ("group_certainty", of_lang(lang, "Khả năng giữ nhóm (%)", "Chance of same group (%)"))]
    return columns


def ranking_rows(published: PublishedResults, lang: str, region: str | None = None, group: str | None = None,
                 sort: str = "rank", intervals: dict[str, dict] | None = None) -> list[dict[str, Any]]:
    """The ranking; with ``intervals`` (unit id → a row of ``RankUncertainty.rows()``), each unit's
    90 % rank interval and the probability of staying in its group."""
    rows = []
    for u in published.units:
        region_code = u.unit.region or ""
        row = {
            "rank": u.rank, "unit_code": u.unit.code, "unit_id": u.unit.id, "unit": u.unit.label(lang),
            "region": REGIONS[region_code].get(lang) if region_code in REGIONS else "", "region_code": region_code,
            "appraisal_points": u.appraisal_points, "survey_points": u.survey_points, "index": u.index,
            "group": u.group, "change": u.change,
        }
        interval = (intervals or {}).get(u.unit.id)
        if interval:
            row |= {"rank_interval": f"{interval['rank_q05']}–{interval['rank_q95']}", "rank_q05": interval["rank_q05"],
                    "rank_q95": interval["rank_q95"], "group_certainty": round(100 * interval.get(f"p_group_{u.group}", 0.0)),
                    "group_probabilities": {k[len("p_group_"):]: v for k, v in interval.items() if k.startswith("p_group_")}}
        rows.append(row)
    if region:
        rows = [r for r in rows if r["region_code"] == region]
    if group:
        rows = [r for r in rows if r["group"] == group]
    key = {"rank": lambda r: (r["rank"], r["unit"]), "index": lambda r: -r["index"], "unit": lambda r: r["unit"],
           "change": lambda r: -(r["change"] if r["change"] is not None else -1e9)}[sort if sort in RANKING_SORTS else "rank"]
    rows.sort(key=key)
    return rows


def not_assessed_rows(published: PublishedResults, lang: str) -> list[dict[str, str]]:
    """The units the cycle left out, with the published reason: shown beside the ranking, never in it."""
    return [{"unit_code": n.unit.code, "unit_id": n.unit.id, "unit": n.unit.label(lang), "reason": n.reason}
            for n in sorted(published.not_assessed, key=lambda n: n.unit.label(lang))]


def regions(published: PublishedResults, lang: str) -> list[dict[str, str]]:
    codes = {u.unit.region for u in published.units} - {None, ""}
    return sorted(({"code": c, "name": REGIONS[c].get(lang)} for c in codes if c in REGIONS), key=lambda r: r["name"])


def scorecard_columns(lang: str) -> list[tuple[str, str]]:
    return [("code", of_lang(lang, "Mã", "Code")), ("criterion", of_lang(lang, "Tiêu chí", "Criterion")), ("points", of_lang(lang, "Điểm", "Points")),
            ("max", of_lang(lang, "Tối đa", "Max")), ("national_average", of_lang(lang, "TB cả nước", "National mean")),
            ("why", of_lang(lang, "Căn cứ", "Why")), ("appraisal_reason", of_lang(lang, "Lý do thẩm định", "Appraisal reason")),
            ("unit_explanation", of_lang(lang, "Giải trình", "Unit's explanation"))]


def scorecard(published: PublishedResults, methodology, code: str, lang: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every criterion of one unit against its maximum and the national average, with the
    appraisers' reasons and the unit's explanations (rows); and the summary beside them (extra):
    rank, index, group, change, strongest and weakest areas, where points were lost, SIPAS."""
    result = published.unit(code)
    national = published.averages.national
    leaves = {leaf.code for leaf in methodology.leaves()}
    rows = []
    for node in methodology.walk():
        points, entry = result.nodes[node.code].points, published.entry(result.unit.id, node.code)
        rows.append({
            "code": node.code, "depth": node.depth, "criterion": node.name.get(lang), "points": points,
            "max": None if node.is_adjustment else node.max_points, "national_average": national.get(node.code),
            "lost": (node.max_points - points) if not node.is_adjustment else max(0.0, -points),
            "why": result.nodes[node.code].why(lang),
            "appraisal_reason": entry.reason if entry else "",
            "unit_explanation": entry.unit_explanation if entry else "",
        })
    areas = [r for r in rows if r["depth"] == 1]
    standings = sorted(({"area": a["code"], "name": a["criterion"], "points": a["points"], "max": a["max"],
                         "national_average": a["national_average"], "share": a["points"] / a["max"],
                         "national_share": a["national_average"] / a["max"]} for a in areas),
                       key=lambda s: s["share"] - s["national_share"], reverse=True)
    lost = sorted((r for r in rows if r["depth"] > 1 and r["lost"] > 1e-9 and r["code"] in leaves), key=lambda r: -r["lost"])[:10]
    extra = {"unit": {"code": result.unit.code, "id": result.unit.id, "name": result.unit.label(lang)},
             "rank": result.rank, "index": result.index, "group": result.group, "change": result.change,
             "units": len(published.units), "national_index": published.national_index,
             "previous": result.previous.as_dict() if result.previous else None,
             "strongest": standings[0], "weakest": standings[-1],
             "areas": [{k: s[k] for k in ("area", "name", "points", "max", "national_average")} for s in
                       sorted(standings, key=lambda s: s["area"])],
             "points_lost": [{"code": r["code"], "criterion": r["criterion"], "lost": r["lost"], "why": r["why"],
                              "appraisal_reason": r["appraisal_reason"]} for r in lost],
             "sipas": [e.as_dict() for e in published.survey_estimates(result.unit.code)]}
    return rows, extra


def compare_columns(published: PublishedResults, codes: list[str], lang: str) -> list[tuple[str, str]]:
    units = [published.unit(c).unit for c in codes]
    return [("code", of_lang(lang, "Mã", "Code")), ("area", of_lang(lang, "Lĩnh vực", "Area")), ("max", of_lang(lang, "Tối đa", "Max")),
            *[(u.code, u.label(lang)) for u in units], ("national_average", of_lang(lang, "TB cả nước", "National mean"))]


def compare_rows(published: PublishedResults, methodology, codes: list[str], lang: str) -> list[dict[str, Any]]:
    """Two or more units side by side, area by area, then the index."""
    units = [published.unit(c) for c in codes]
    national = published.averages.national
    rows = []
    for area in methodology.areas:
        line = {"code": area.code, "area": area.name.get(lang), "max": area.max_points, "national_average": national[area.code]}
        rows.append(line | {u.unit.code: u.nodes[area.code].points for u in units})
    rows.append({"code": "", "area": of_lang(lang, "Chỉ số (%)", "Index (%)"), "max": 100.0, "national_average": national["index"],
                 **{u.unit.code: u.index for u in units}})
    return rows


def sipas_columns(lang: str) -> list[tuple[str, str]]:
    return [("unit", of_lang(lang, "Đơn vị", "Unit")), ("element", of_lang(lang, "Yếu tố", "Element")),
            ("index", of_lang(lang, "Chỉ số (%)", "Index (%)")),
            ("ci_low", of_lang(lang, "Cận dưới 95 %", "95 % low")), ("ci_high", of_lang(lang, "Cận trên 95 %", "95 % high")), ("n", "n")]


def sipas_rows(published: PublishedResults, methodology, lang: str, domain: str | None = None) -> list[dict[str, Any]]:
    """Every published SIPAS estimate (national and per unit), in percent, with its interval; with
    ``domain`` (a unit code, or ``NATIONAL``) only that domain's."""
    if published.survey is None:
        return []
    q = methodology.questionnaire(published.survey.questionnaire)
    elements = {e.code: e.name.get(lang) for e in q.elements}
    elements |= {f"expectation:{i.code}": i.text.get(lang) for i in q.expectations}
    elements["overall"] = "SIPAS"
    units = {u.unit.code: u.unit.label(lang) for u in published.units}
    units[NATIONAL] = of_lang(lang, "Cả nước", "National")
    region_of = {u.unit.code: u.unit.region or "" for u in published.units}
    return [{"unit_code": e.domain, "unit": units.get(e.domain, e.domain), "region_code": region_of.get(e.domain, ""),
             "element_code": e.element,
             "element": elements.get(e.element, e.element), "index": e.estimate * 100, "se": e.se * 100,
             "ci_low": e.ci_low * 100, "ci_high": e.ci_high * 100, "n": e.n, "reliable": e.reliable,
             "in_index": e.in_index} for e in published.survey_estimates(domain)]


@dataclass(frozen=True)
class SipasFilter:
    """What a visitor narrowed the SIPAS table to: a unit (or ``NATIONAL``), an element, a region,
    and the order. Unknown values narrow to nothing rather than being ignored silently."""

    unit: str = ""
    element: str = ""
    region: str = ""
    sort: str = "unit"

    def as_dict(self) -> dict[str, str]:
        return {"unit": self.unit, "element": self.element, "region": self.region, "sort": self.sort}


def filter_sipas(rows: list[dict[str, Any]], chosen: SipasFilter) -> list[dict[str, Any]]:
    kept = [r for r in rows if (not chosen.unit or r["unit_code"] == chosen.unit)
            and (not chosen.element or r["element_code"] == chosen.element)
            and (not chosen.region or r["region_code"] == chosen.region)]
    key = {"high": lambda r: (-r["index"], r["unit"], r["element"]), "low": lambda r: (r["index"], r["unit"], r["element"]),
           "element": lambda r: (r["element"], r["unit_code"] != NATIONAL, r["unit"])}.get(chosen.sort)
    return sorted(kept, key=key) if key else kept


def sipas_elements(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The elements of the published estimates, each once, in the questionnaire's order."""
    seen: dict[str, str] = {}
    for r in rows:
        seen.setdefault(r["element_code"], r["element"])
    return [{"code": code, "name": name} for code, name in seen.items()]


def map_values(published: PublishedResults, lang: str) -> list[MapValue]:
    return [MapValue(u.unit.id, u.unit.label(lang), u.index, u.group, u.rank) for u in published.units]
