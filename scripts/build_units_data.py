"""Regenerate ``src/parindex/core/units/data/provinces.csv``, ``province_lineage.csv`` and ``communes_2025.csv``.

Codes, Vietnamese names and the 2025 merge table come from the MIT-licensed package
``vietnamadminunits`` (1.0.4, © 2025 Tran Ngoc Minh Hieu). Regions, English names and validity
dates are added here, and the rules that derive them are stated in the data README.

Run once by a maintainer (``pip install vietnamadminunits==1.0.4``); parindex itself does not
depend on the package at run time.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import sqlite3
from pathlib import Path

from parindex.core.inputs.registry import english_name  # the convention for names no one has translated

OUT = Path(__file__).resolve().parents[1] / "src/parindex/core/units/data"
MERGE_DATE = "2025-07-01"
LAST_LEGACY_DAY = "2025-06-30"

# The six socio-economic regions of the General Statistics Office, by legacy GSO code.
REGIONS = {
    "northern_midlands_mountains": "02 04 06 08 10 11 12 14 15 17 19 20 24 25",
    "red_river_delta": "01 22 26 27 30 31 33 34 35 36 37",
    "north_central_central_coast": "38 40 42 44 45 46 48 49 51 52 54 56 58 60",
    "central_highlands": "62 64 66 67 68",
    "south_east": "70 72 74 75 77 79",
    "mekong_delta": "80 82 83 84 86 87 89 91 92 93 94 95 96",
}
REGION_OF = {code: region for region, codes in REGIONS.items() for code in codes.split()}
ENGLISH_OVERRIDES = {"79": "Ho Chi Minh City", "46": "Hue"}
LEGACY_ALIASES = {"46": "Thừa Thiên Huế;Thua Thien Hue", "79": "TP Hồ Chí Minh;TP. Hồ Chí Minh;HCMC"}


def main() -> None:
    # its data files only: importing the package would pull in shapely and pandas for nothing
    found = importlib.util.find_spec("vietnamadminunits")
    if found is None or not found.submodule_search_locations:
        raise SystemExit("pip install vietnamadminunits==1.0.4 first")
    package = Path(found.submodule_search_locations[0])
    db = sqlite3.connect(package / "data/dataset.db")
    legacy = db.execute("SELECT DISTINCT provinceCode, province, provinceShort, provinceKey FROM admin_units_legacy").fetchall()
    current = db.execute("SELECT DISTINCT provinceCode, province, provinceShort, provinceKey FROM admin_units").fetchall()
    merges = json.loads((package / "data/converter_2025.json").read_text())["DICT_PROVINCE"]
    legacy_by_key = {key: (code, full, short) for code, full, short, key in legacy}

    rows, lineage = [], []
    unchanged = {new for new, olds in merges.items() if olds == [new]}
    for code, full, short, key in sorted(legacy):
        rows.append({
            "id": f"VN-{code}", "code": code, "name_vi": short, "full_name_vi": full,
            "name_en": ENGLISH_OVERRIDES.get(code, english_name(short)), "region": REGION_OF[code],
            "valid_from": "", "valid_to": "" if key in unchanged else LAST_LEGACY_DAY,
            "aliases": LEGACY_ALIASES.get(code, ""),
        })
    for code, full, short, key in sorted(current):
        if key in unchanged:
            continue
        predecessors = [legacy_by_key[k] for k in merges[key]]
        # Region: that of the predecessor whose name the new province keeps.
        kept = next(p for p in predecessors if p[2] == short)
        rows.append({
            "id": f"VN-{code}-2025", "code": code, "name_vi": short, "full_name_vi": full,
            "name_en": ENGLISH_OVERRIDES.get(code, english_name(short)), "region": REGION_OF[kept[0]],
            "valid_from": MERGE_DATE, "valid_to": "", "aliases": "",
        })
        for p_code, _, _ in sorted(predecessors):
            lineage.append({"date": MERGE_DATE, "event": "merge", "predecessor": f"VN-{p_code}",
                            "successor": f"VN-{code}-2025", "legal_basis": "Nghị quyết 202/2025/QH15"})
    write(OUT / "provinces.csv", rows)
    write(OUT / "province_lineage.csv", lineage)
    write(OUT / "communes_2025.csv", communes(db, package, {r["code"]: r["id"] for r in rows if r["valid_to"] == ""}))


KIND_OF = {"Xã": "commune", "Phường": "ward", "Đặc khu": "special_zone"}


def communes(db: sqlite3.Connection, package: Path, province_ids: dict[str, str]) -> list[dict]:
    """The 3,321 communes, wards and special zones from 1 July 2025, each with its province and the
    legacy communes it was formed from (their GSO codes, and names with their former district)."""
    legacy = {(p, d, w): (code, name, district) for p, d, w, code, name, district in db.execute(
        "SELECT provinceKey, districtKey, wardKey, wardCode, ward, district FROM admin_units_legacy")}
    districts = {(p, d): (code, name) for p, d, code, name in db.execute(
        "SELECT DISTINCT provinceKey, districtKey, districtCode, district FROM admin_units_legacy")}

    def old_unit(composite: str) -> tuple[str, str, str]:
        """A legacy commune, or a legacy district that had none (the island district of Hoàng Sa)."""
        key = tuple(composite.split("_"))
        if key in legacy:
            return legacy[key]
        code, name = districts.get(key[:2], ("", key[1]))
        return "", name, name

    converter = json.loads((package / "data/converter_2025.json").read_text())
    formed_from: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, olds in wards.items():
            formed_from.setdefault((province, ward), []).extend(old_unit(old) for old in olds)
    for province, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            for part in parts:
                formed_from.setdefault((province, part["newWardKey"]), []).append(old_unit(old))
    rows = []
    query = "SELECT provinceKey, wardKey, wardCode, ward, wardType, provinceCode FROM admin_units ORDER BY provinceCode, wardCode"
    for province_key, ward_key, code, name, kind, province_code in db.execute(query):
        before = sorted(set(formed_from.get((province_key, ward_key), [])))
        rows.append({"id": f"VN-{code}-2025", "code": code, "kind": KIND_OF[kind], "name_vi": name, "name_en": english_name(name),
                     "province": province_ids[province_code], "valid_from": MERGE_DATE,
                     "predecessor_codes": ";".join(c for c, _, _ in before if c),
                     "predecessors_vi": "; ".join(n if n == d else f"{n} ({d})" for _, n, d in before)})
    return rows


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {path}")


if __name__ == "__main__":
    main()
