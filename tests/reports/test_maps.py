"""The shipped boundaries: every province of each year's set, both archipelagos as Vietnamese, small."""
from datetime import date

import pytest

from parindex.core.units import builtin_units
from parindex.reports.maps import BOUNDARIES, MapValue, archipelago_label, archipelagos, boundaries, map_spec, province_ids, province_set_for


@pytest.mark.parametrize("province_set, day", [("63", date(2024, 12, 31)), ("34", date(2025, 12, 31))])
def test_each_set_has_exactly_the_provinces_of_its_year(province_set, day):
    expected = {u.id for u in builtin_units().on(day, "province")}
    assert province_ids(province_set) == expected and len(expected) == int(province_set)
    for feature in boundaries(province_set)["features"]:
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_both_archipelagos_belong_to_da_nang_and_khanh_hoa_in_either_set():
    owners = {f["id"]: f["properties"] for f in archipelagos()["features"]}
    assert set(owners) == {"hoang-sa", "truong-sa"}
    catalogue = builtin_units()
    for set_name in ("63", "34"):
        assert catalogue.get(owners["hoang-sa"][f"province_{set_name}"]).name.vi == "Đà Nẵng"
        assert catalogue.get(owners["truong-sa"][f"province_{set_name}"]).name.vi == "Khánh Hòa"
        assert {owners[a][f"province_{set_name}"] for a in owners} <= province_ids(set_name)
    assert archipelago_label(archipelagos()["features"][0], "vi") == "Quần đảo Hoàng Sa (Đà Nẵng)"


def test_the_boundaries_stay_small_enough_to_ship():
    assert sum(p.stat().st_size for p in BOUNDARIES.glob("*.geojson")) < 300_000


def test_the_set_is_chosen_from_the_cycles_units():
    assert province_set_for(["VN-01", "VN-31-2025"]) == "34"
    assert province_set_for(["VN-01", "VN-31"]) == "63"
    assert province_set_for(["MOJ", "MOF"]) is None and province_set_for([]) is None


def test_the_map_spec_colours_each_province_by_its_value_and_draws_the_archipelagos_in_their_provinces_colour():
    values = [MapValue("VN-48-2025", "Đà Nẵng", 91.5, "A", 1), MapValue("VN-01", "Hà Nội", 80.0, "B", 2)]
    spec = map_spec("34", values, "vi", colour_by="group", groups=["A", "B"])
    layers = {layer["name"]: layer for layer in spec["layer"]}
    provinces = {f["properties"]["id"]: f["properties"] for f in layers["provinces"]["data"]["values"]}
    assert len(provinces) == 34 and provinces["VN-48-2025"]["group"] == "A" and provinces["VN-79-2025"]["index"] is None
    islands = {f["properties"]["id"]: f["properties"] for f in layers["archipelagos"]["data"]["values"]}
    assert islands["hoang-sa"]["group"] == "A" and islands["hoang-sa"]["index"] == 91.5
    labels = [v["label"] for v in layers["archipelago_labels"]["data"]["values"]]
    assert labels == ["Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"]
    assert "Đà Nẵng (91,50 %)" in spec["description"] and "Trường Sa" in spec["description"]
