"""The typed reader of published results: what the portal, reports and analysis read back."""
import copy

import pytest

from parindex.core.errors import ParindexError
from parindex.core.results import compute_cycle
from parindex.core.results.published import UnknownUnit, read_published
from tests.core.results.helpers import full_marks, inputs_for


@pytest.fixture
def payload(small_methodology):
    half = full_marks() | {"1.1": {"numerator": 6, "denominator": 10}}
    results = compute_cycle(small_methodology, inputs_for({"01": full_marks(), "79": half}))
    return {"cycle": {"slug": "demo-2024", "year": 2024, "programme": "vn-par",
                      "methodology_id": small_methodology.id, "methodology_hash": "abc"},
            "results": results.to_json(),
            "entries": {"01": {"1.1": {"self_points": 4, "appraised_points": 3, "appraisal_reason": "thiếu hồ sơ"}}},
            "sipas": None, "audit_head": {"seq": 7, "hash": "f00"}}


def test_it_reads_ranks_indices_and_points_in_rank_order(payload):
    published = read_published(payload, version=2, checksum="c0ffee")
    assert [(r.unit.code, r.rank) for r in published] == [("01", 1), ("79", 2)]
    assert published.unit("01").index == 100
    assert published.unit("79").nodes["1.1"].points == 2
    assert (published.version, published.checksum, published.audit_head.seq) == (2, "c0ffee", 7)


def test_a_unit_is_found_by_code_or_id_and_an_unknown_one_is_refused(payload):
    published = read_published(payload)
    first = published.unit("01")
    assert published.unit(first.unit.id) is first
    with pytest.raises(UnknownUnit):
        published.unit("99")


def test_entries_give_the_appraisers_reason(payload):
    entry = read_published(payload).entry("01", "1.1")
    assert (entry.self_points, entry.appraised_points, entry.reason) == (4, 3, "thiếu hồ sơ")
    assert read_published(payload).entry("01", "9.9") is None


def test_the_index_by_unit_is_what_the_next_cycle_compares_against(payload):
    published = read_published(payload)
    assert published.index_by_unit() == {r.unit.id: r.index for r in published}


def test_a_missing_key_is_refused_with_its_name(payload):
    broken = copy.deepcopy(payload)
    del broken["results"]["units"][1]["rank"]
    with pytest.raises(ParindexError) as refused:
        read_published(broken, source="bundle.json")
    assert "results.units[1].rank" in str(refused.value)
    assert "bundle.json" in str(refused.value)


def test_a_value_of_the_wrong_type_is_refused(payload):
    broken = copy.deepcopy(payload)
    broken["results"]["units"][0]["index"] = "100"
    with pytest.raises(ParindexError) as refused:
        read_published(broken)
    assert "results.units[0].index" in str(refused.value)


def test_a_payload_that_is_not_a_snapshot_is_refused():
    with pytest.raises(ParindexError) as refused:
        read_published({"hello": "world"})
    assert "results" in str(refused.value)
