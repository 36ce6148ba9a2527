"""Charts as Vega-Lite specifications, each with its data table and a text alternative.

One spec serves both outputs: the portal hands it to the vendored Vega-Embed in the browser, and
PDF reports turn it into SVG with vl-convert — offline both ways, since the data are inline. A
chart never stands alone: ``Chart.columns``/``rows`` are the figures it draws (shown one click
away on the page, and as a table in reports) and ``description`` says in words what it shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parindex.core.text import format_fixed, of_lang
from parindex.reports import maps
from parindex.reports.maps import VEGA_LITE_SCHEMA

FONT = "DejaVu Sans, Arial, sans-serif"
BAR = "#2171b5"
NATIONAL = "#d94801"
LABEL_LIMIT = 260  # px of an axis label before "…"


@dataclass
class Chart:
    name: str
    spec: dict[str, Any]
    description: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]]

    @property
    def screen_spec(self) -> dict[str, Any]:
        """The spec as a page draws it. A report's chart has the fixed width of its page; a screen's
        is as wide as its box (a 390-px phone included) and is laid out again when the box changes.
        Its marks, axes and legends are hidden from screen readers: 200 unlabelled shapes say
        nothing, while the caption and the data table next to the chart say everything."""
        config = self.spec.get("config", {})
        return {**self.spec, "width": "container", "autosize": {"type": "fit-x", "contains": "padding", "resize": True},
                "config": {**config, "aria": False, "mark": {**config.get("mark", {}), "aria": False},
                           "axis": {**config.get("axis", {}), "labelLimit": {"expr": f"width < 300 ? 110 : {LABEL_LIMIT}"}}}}


def _tooltip(columns: list[tuple[str, str]], *fields: str, formats: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Tooltip lines titled with the table's headings, so the pointer shows the words of the page."""
    heading = dict(columns)
    return [{"field": f, "title": heading[f], **({"format": formats[f]} if formats and f in formats else {})} for f in fields]


def _spec(description: str, body: dict[str, Any], width: int = 520) -> dict[str, Any]:
    return {"$schema": VEGA_LITE_SCHEMA, "description": description, "width": width, "background": "white",
            "config": {"font": FONT, "view": {"stroke": None}}, **body}


def areas_chart(areas: list[dict[str, Any]], lang: str) -> Chart:
    """Each area's points as a share of its maximum, with the national average as a tick."""
    rows = [{"area": f"{a['area']}. {a['name']}", "points": a["points"], "max": a["max"], "national_average": a["national_average"],
             "share": 100 * a["points"] / a["max"], "national_share": 100 * a["national_average"] / a["max"]} for a in areas]
    share, national = of_lang(lang, "Tỷ lệ điểm đạt (%)", "Share of maximum (%)"), of_lang(lang, "TB cả nước", "National mean")
    weakest = min(rows, key=lambda r: r["share"] - r["national_share"])
    description = of_lang(lang, f"Biểu đồ thanh: điểm đạt của {len(rows)} lĩnh vực so với điểm tối đa, vạch là trung bình cả nước. "
                            f"Thấp nhất so với cả nước: {weakest['area']} ({format_fixed(weakest['share'], lang, 1)} % so với {format_fixed(weakest['national_share'], lang, 1)} %).",
                      f"Bar chart: points in each of {len(rows)} areas as a share of the maximum, ticks at the national mean. "
                      f"Furthest below the nation: {weakest['area']} ({format_fixed(weakest['share'], lang, 1)} % against {format_fixed(weakest['national_share'], lang, 1)} %).")
    columns = [("area", of_lang(lang, "Lĩnh vực", "Area")), ("points", of_lang(lang, "Điểm", "Points")), ("max", of_lang(lang, "Tối đa", "Max")),
               ("national_average", national)]
    y = {"field": "area", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": LABEL_LIMIT}}
    spec = _spec(description, {"data": {"values": rows}, "height": {"step": 22}, "layer": [
        {"mark": {"type": "bar", "color": BAR}, "encoding": {
            "y": y, "x": {"field": "share", "type": "quantitative", "title": share, "scale": {"domain": [0, 100]}},
            "tooltip": _tooltip(columns, "area", "points", "max", "national_average", formats={"points": ".2f", "national_average": ".2f"})}},
        {"mark": {"type": "tick", "color": NATIONAL, "thickness": 3, "size": 18},
         "encoding": {"y": y, "x": {"field": "national_share", "type": "quantitative"}}},
    ]})
    return Chart("areas", spec, description, columns, rows)


def intervals_chart(name: str, rows: list[dict[str, Any]], lang: str) -> Chart:
    """Survey elements as points with their 95 % confidence intervals (rows of ``figures.sipas_rows``)."""
    rows = [r for r in rows if r.get("in_index", True)]
    lowest = min(rows, key=lambda r: r["index"])
    description = of_lang(lang, f"Biểu đồ điểm: {len(rows)} chỉ số thành phần SIPAS với khoảng tin cậy 95 %. "
                            f"Thấp nhất: {lowest['element']} {format_fixed(lowest['index'], lang, 1)} % ({format_fixed(lowest['ci_low'], lang, 1)}–{format_fixed(lowest['ci_high'], lang, 1)}).",
                      f"Dot chart: {len(rows)} SIPAS elements with 95 % confidence intervals. "
                      f"Lowest: {lowest['element']} {format_fixed(lowest['index'], lang, 1)} % ({format_fixed(lowest['ci_low'], lang, 1)}–{format_fixed(lowest['ci_high'], lang, 1)}).")
    columns = [("element", of_lang(lang, "Yếu tố", "Element")), ("index", of_lang(lang, "Chỉ số (%)", "Index (%)")),
               ("ci_low", of_lang(lang, "Cận dưới 95 %", "95 % low")), ("ci_high", of_lang(lang, "Cận trên 95 %", "95 % high")),
               ("n", of_lang(lang, "Số phiếu", "Responses"))]
    y = {"field": "element", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": LABEL_LIMIT}}
    scale = {"domain": [max(0, min(r["ci_low"] for r in rows) - 5), min(100, max(r["ci_high"] for r in rows) + 5)]}
    spec = _spec(description, {"data": {"values": rows}, "height": {"step": 24}, "layer": [
        {"mark": {"type": "rule", "color": BAR}, "encoding": {
            "y": y, "x": {"field": "ci_low", "type": "quantitative", "title": of_lang(lang, "Chỉ số (%)", "Index (%)"), "scale": scale},
            "x2": {"field": "ci_high"}}},
        {"mark": {"type": "point", "filled": True, "color": BAR, "size": 60}, "encoding": {
            "y": y, "x": {"field": "index", "type": "quantitative"},
            "tooltip": _tooltip(columns, "element", "index", "ci_low", "ci_high", "n",
                                formats={"index": ".1f", "ci_low": ".1f", "ci_high": ".1f"})}},
    ]})
    return Chart(name, spec, description, columns, rows)


def trend_chart(trend: list[dict[str, Any]], lang: str) -> Chart:
    """The unit's index by year (through lineage where the unit did not yet exist) and the national mean."""
    unit, national = of_lang(lang, "Đơn vị", "Unit"), of_lang(lang, "TB cả nước", "National mean")
    columns = [("year", of_lang(lang, "Năm", "Year")), ("index", of_lang(lang, "Chỉ số (%)", "Index (%)")), ("rank", of_lang(lang, "Xếp hạng", "Rank")),
               ("national_index", national), ("how", of_lang(lang, "Cách so sánh", "How compared")), ("series", of_lang(lang, "Đường", "Line"))]
    long = [{"year": t["year"], "series": unit, "index": t["index"]} for t in trend] + \
           [{"year": t["year"], "series": national, "index": t["national_index"]} for t in trend]
    first, last = trend[0], trend[-1]
    description = of_lang(lang, f"Biểu đồ đường: chỉ số của đơn vị từ {first['year']} ({format_fixed(first['index'], lang, 2)} %) đến {last['year']} "
                            f"({format_fixed(last['index'], lang, 2)} %), cùng trung bình cả nước.",
                      f"Line chart: the unit's index from {first['year']} ({format_fixed(first['index'], lang, 2)} %) to {last['year']} "
                      f"({format_fixed(last['index'], lang, 2)} %), with the national mean.")
    spec = _spec(description, {"data": {"values": long}, "height": 180,
                               "mark": {"type": "line", "point": True},
                               "encoding": {"x": {"field": "year", "type": "ordinal", "title": of_lang(lang, "Năm", "Year"), "axis": {"labelAngle": 0}},
                                            "y": {"field": "index", "type": "quantitative", "title": of_lang(lang, "Chỉ số (%)", "Index (%)"),
                                                  "scale": {"zero": False}},
                                            "color": {"field": "series", "type": "nominal", "title": None,
                                                      "scale": {"domain": [unit, national], "range": [BAR, NATIONAL]}},
                                            "tooltip": _tooltip(columns, "year", "series", "index", formats={"index": ".2f"})}},
                 width=420)
    return Chart("trend", spec, description, columns[:-1], trend)


def ranking_chart(rows: list[dict[str, Any]], average: float, lang: str) -> Chart:
    """Every unit's index, best first, with the national mean as a rule (rows of ``figures.ranking_rows``)."""
    description = of_lang(lang, f"Biểu đồ thanh: chỉ số của {len(rows)} đơn vị, cao nhất {rows[0]['unit']} ({format_fixed(rows[0]['index'], lang, 2)} %), "
                            f"thấp nhất {rows[-1]['unit']} ({format_fixed(rows[-1]['index'], lang, 2)} %); đường dọc là trung bình cả nước ({format_fixed(average, lang, 2)} %).",
                      f"Bar chart: the index of {len(rows)} units, highest {rows[0]['unit']} ({format_fixed(rows[0]['index'], lang, 2)} %), "
                      f"lowest {rows[-1]['unit']} ({format_fixed(rows[-1]['index'], lang, 2)} %); the vertical line is the national mean ({format_fixed(average, lang, 2)} %).")
    columns = [("rank", of_lang(lang, "Xếp hạng", "Rank")), ("unit", of_lang(lang, "Đơn vị", "Unit")), ("index", of_lang(lang, "Chỉ số (%)", "Index (%)"))]
    y = {"field": "unit", "type": "nominal", "sort": None, "title": None}
    low = max(0.0, min(r["index"] for r in rows) - 5)
    spec = _spec(description, {"height": {"step": 11}, "layer": [
        {"data": {"values": rows}, "mark": {"type": "bar", "color": BAR},
         "encoding": {"y": y, "x": {"field": "index", "type": "quantitative", "title": of_lang(lang, "Chỉ số (%)", "Index (%)"),
                                    "scale": {"domain": [low, 100], "clamp": True}},
                      "tooltip": _tooltip(columns, "rank", "unit", "index", formats={"index": ".2f"})}},
        {"data": {"values": [{"average": average}]}, "mark": {"type": "rule", "color": NATIONAL, "strokeWidth": 2},
         "encoding": {"x": {"field": "average", "type": "quantitative"}}},
    ]}, width=440)
    return Chart("ranking", spec, description, columns, rows)


def map_chart(province_set: str, values: list[maps.MapValue], lang: str, colour_by: str = "index", groups=(),
              width: int = 420, height: int = 620) -> Chart:
    """The choropleth with its table: one row per unit, best first."""
    spec = maps.map_spec(province_set, values, lang, colour_by, groups, width, height)
    rows = [{"unit_id": v.id, "unit": v.name, "rank": v.rank, "index": v.index, "group": v.group}
            for v in sorted(values, key=lambda v: (v.rank, v.name))]
    columns = [("rank", of_lang(lang, "Xếp hạng", "Rank")), ("unit", of_lang(lang, "Tỉnh, thành phố", "Province")),
               ("index", of_lang(lang, "Chỉ số (%)", "Index (%)")), ("group", of_lang(lang, "Nhóm", "Group"))]
    return Chart("map", spec, spec["description"], columns, rows)


def scorecard_charts(extra: dict[str, Any], sipas: list[dict[str, Any]], lang: str) -> list[Chart]:
    """The charts of a unit's scorecard: areas, SIPAS elements (when surveyed), trend (when more than one year)."""
    out = [areas_chart(extra["areas"], lang)]
    if sipas:
        out.append(intervals_chart("sipas", sipas, lang))
    if len(extra.get("trend") or []) > 1:
        out.append(trend_chart(extra["trend"], lang))
    return out
