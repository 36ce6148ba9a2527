"""Choropleth maps of the provinces, as Vega-Lite specifications (rendered by the browser on the
portal, and to SVG by vl-convert for PDF reports — the same spec both ways).

The boundaries ship with the package (``boundaries/``, built by ``scripts/build_boundaries.py``
from Natural Earth): the 63 provinces before 1 July 2025 and the 34 after. Natural Earth leaves
Hoàng Sa and Trường Sa outside Việt Nam; every map here draws both archipelagos and labels them
with the provinces they belong to (Đà Nẵng, Khánh Hòa), in the year's province set.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from parindex.core.text import format_fixed

BOUNDARIES = Path(__file__).parent / "boundaries"
SETS = {"34": "provinces-34.geojson", "63": "provinces-63.geojson"}
NO_DATA = "#d9d9d9"
GROUP_COLOURS = ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027", "#762a83"]
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier only; nothing is fetched


@lru_cache(maxsize=None)
def boundaries(province_set: str) -> dict[str, Any]:
    return json.loads((BOUNDARIES / SETS[province_set]).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def archipelagos() -> dict[str, Any]:
    return json.loads((BOUNDARIES / "archipelagos.geojson").read_text(encoding="utf-8"))


def province_ids(province_set: str) -> frozenset[str]:
    return frozenset(f["id"] for f in boundaries(province_set)["features"])


def province_set_for(unit_ids: Iterable[str]) -> str | None:
    """The set (``"34"`` or ``"63"``) holding every one of the cycle's units, or None when the units
    are not provinces (a ministries' cycle has no map)."""
    ids = set(unit_ids)
    for name in ("34", "63"):
        if ids and ids <= province_ids(name):
            return name
    return None


@dataclass(frozen=True)
class MapValue:
    """What the map shows for one province."""

    id: str
    name: str
    index: float
    group: str
    rank: int


def _words(lang: str) -> dict[str, str]:
    if lang == "en":
        return {"index": "Index (%)", "group": "Group", "rank": "Rank", "unit": "Province", "no_data": "not in this cycle"}
    return {"index": "Chỉ số (%)", "group": "Nhóm", "rank": "Xếp hạng", "unit": "Tỉnh, thành phố", "no_data": "không có trong kỳ này"}


def archipelago_label(feature: dict[str, Any], lang: str) -> str:
    p = feature["properties"]
    return f"{p['name_en']} ({p['province_vi']})" if lang == "en" else f"{p['name_vi']} ({p['province_vi']})"


def map_spec(province_set: str, values: Iterable[MapValue], lang: str, colour_by: str = "index",
             groups: Iterable[str] = (), width: int = 420, height: int = 620) -> dict[str, Any]:
    """A Vega-Lite spec: provinces coloured by index or group, the two archipelagos drawn in the
    colour of their province and labelled with it. Data are inline, so the spec renders offline."""
    words = _words(lang)
    values = list(values)
    by_id = {v.id: v for v in values}
    features = []
    for f in boundaries(province_set)["features"]:
        v = by_id.get(f["id"])
        name = f["properties"]["name_en" if lang == "en" else "name_vi"]
        features.append({"type": "Feature", "geometry": f["geometry"],
                         "properties": {"id": f["id"], "name": v.name if v else name, "index": v.index if v else None,
                                        "group": v.group if v else words["no_data"], "rank": v.rank if v else None}})
    islands, labels = [], []
    for f in archipelagos()["features"]:
        owner = f["properties"][f"province_{province_set}"]
        v = by_id.get(owner)
        label = archipelago_label(f, lang)
        islands.append({"type": "Feature", "geometry": f["geometry"],
                        "properties": {"id": f["id"], "name": label, "index": v.index if v else None,
                                       "group": v.group if v else words["no_data"], "rank": v.rank if v else None}})
        labels.append({"id": f["id"], "label": label, "lon": f["properties"]["label_lon"], "lat": f["properties"]["label_lat"]})

    if colour_by == "group":
        domain = list(groups) or sorted({v.group for v in by_id.values()})
        colour = {"field": "properties.group", "type": "nominal", "title": words["group"],
                  "scale": {"domain": domain + [words["no_data"]], "range": GROUP_COLOURS[:len(domain)] + [NO_DATA]}}
    else:
        colour = {"condition": {"test": "datum.properties.index === null", "value": NO_DATA},
                  "field": "properties.index", "type": "quantitative", "title": words["index"], "scale": {"scheme": "blues"}}
    tooltip = [{"field": "properties.name", "type": "nominal", "title": words["unit"]},
               {"field": "properties.index", "type": "quantitative", "title": words["index"], "format": ".2f"},
               {"field": "properties.rank", "type": "quantitative", "title": words["rank"]},
               {"field": "properties.group", "type": "nominal", "title": words["group"]}]
    shapes = {"mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.5},
              "encoding": {"color": colour, "tooltip": tooltip,
                           "description": {"field": "properties.name", "type": "nominal"}}}
    return {
        "$schema": VEGA_LITE_SCHEMA, "description": describe_map(province_set, values, lang, colour_by),
        "width": width, "height": height, "background": "white", "projection": {"type": "mercator"},
        "config": {"view": {"stroke": None}, "font": "DejaVu Sans, Arial, sans-serif"},
        "layer": [
            {"name": "provinces", "data": {"values": features}, **shapes},
            {"name": "archipelagos", "data": {"values": islands},
             **shapes | {"mark": {"type": "geoshape", "stroke": "#08306b", "strokeWidth": 1.2}}},
            {"name": "archipelago_labels", "data": {"values": labels},
             "mark": {"type": "text", "align": "center", "dy": -14, "fontSize": 10, "fontWeight": "bold", "color": "#08306b"},
             "encoding": {"longitude": {"field": "lon", "type": "quantitative"}, "latitude": {"field": "lat", "type": "quantitative"},
                          "text": {"field": "label", "type": "nominal"}}},
        ],
    }


def describe_map(province_set: str, values: Iterable[MapValue], lang: str, colour_by: str = "index") -> str:
    """The text alternative: what the map shows, its extremes, and the archipelagos."""
    ranked = sorted(values, key=lambda v: v.rank)
    names = "; ".join(archipelago_label(f, lang) for f in archipelagos()["features"])
    if not ranked:
        return names
    best, worst = ranked[0], ranked[-1]
    if lang == "en":
        return (f"Map of Việt Nam's {province_set} provinces coloured by {'group' if colour_by == 'group' else 'index'}: highest {best.name} ({format_fixed(best.index, lang, 2)} %), "
                f"lowest {worst.name} ({format_fixed(worst.index, lang, 2)} %). Also shown as part of Việt Nam: {names}.")
    return (f"Bản đồ {province_set} tỉnh, thành phố tô màu theo {'nhóm' if colour_by == 'group' else 'chỉ số'}: cao nhất {best.name} ({format_fixed(best.index, lang, 2)} %), "
            f"thấp nhất {worst.name} ({format_fixed(worst.index, lang, 2)} %). Thể hiện là lãnh thổ Việt Nam: {names}.")
