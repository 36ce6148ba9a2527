from datetime import date

import pytest

from parindex.core.errors import ParindexError
from parindex.core.units import builtin_units

BEFORE, AFTER = date(2024, 12, 31), date(2025, 7, 1)


def test_63_provinces_before_the_2025_merge_and_34_after():
    units = builtin_units()
    assert len(units.on(BEFORE, "province")) == 63
    assert len(units.on(AFTER, "province")) == 34
    assert len({u.code for u in units.on(AFTER, "province")}) == 34


def test_every_province_has_a_region_and_two_names():
    for unit in builtin_units().units:
        if unit.kind == "province":
            assert unit.region_name is not None and unit.name.vi and unit.name.en


def test_17_ministries_ranked_in_2023_and_12_after_the_march_2025_mergers():
    units = builtin_units()
    assert len(units.on(date(2023, 12, 31), "ministry")) == 17
    assert len(units.on(date(2025, 3, 1), "ministry")) == 12


def test_a_code_is_resolved_on_a_date():
    units = builtin_units()
    assert units.resolve("31", BEFORE, "province").id == "VN-31"
    assert units.resolve("31", AFTER, "province").id == "VN-31-2025"


@pytest.mark.parametrize("spelling", ["Thừa Thiên Huế", "thua thien hue", "46", "Huế"])
def test_names_match_without_diacritics_case_or_spaces(spelling):
    assert builtin_units().resolve(spelling, date(2023, 12, 31), "province").id == "VN-46"


def test_unknown_unit_says_how_to_list_the_valid_ones():
    with pytest.raises(ParindexError) as caught:
        builtin_units().resolve("Hà Tây", BEFORE, "province")
    assert caught.value.code == "unknown_unit"
    assert "parindex units list --on 2024-12-31" in caught.value.expected


def test_a_merged_province_is_not_valid_after_the_merge():
    with pytest.raises(ParindexError):
        builtin_units().resolve("Hải Dương", AFTER, "province")


def test_merge_table_has_52_links_into_23_new_provinces():
    events = [e for e in builtin_units().lineage if e.successor.startswith("VN-")]
    assert len(events) == 52
    assert len({e.successor for e in events}) == 23


def test_the_communes_of_july_2025_are_shipped_with_their_provinces():
    from collections import Counter

    from parindex.core.units.catalogue import communes_2025

    communes = communes_2025()
    assert len(communes) == 3321 and len({c.parent for c in communes}) == 34
    assert Counter(c.kind for c in communes) == {"commune": 2621, "ward": 687, "special_zone": 13}
    by_name = {c.name.vi: c for c in communes}
    assert by_name["Đặc khu Hoàng Sa"].parent == "VN-48-2025" and by_name["Đặc khu Trường Sa"].parent == "VN-56-2025"
