"""What a correction changed: the comparison of two published versions a reader sees on the portal."""
from parindex.core.results import compute_cycle
from parindex.core.results.published import read_published
from parindex.core.results.versions import changes_between
from tests.core.results.helpers import full_marks, inputs_for


def published(methodology, values_by_code, version):
    results = compute_cycle(methodology, inputs_for(values_by_code))
    payload = {"cycle": {"slug": "demo-2024", "year": 2024, "programme": "vn-par", "methodology_id": methodology.id,
                         "methodology_hash": "abc"},
               "results": results.to_json(), "entries": {}, "sipas": None, "audit_head": None}
    return read_published(payload, version=version)


def test_a_corrected_criterion_shows_as_its_points_and_the_units_new_index_and_rank(small_methodology):
    half = full_marks() | {"1.1": {"numerator": 5, "denominator": 10}}
    v1 = published(small_methodology, {"01": full_marks(), "79": half, "31": half}, 1)
    v2 = published(small_methodology, {"01": half, "79": full_marks(), "31": half}, 2)
    changes = changes_between(v1, v2)
    assert (changes.before, changes.after) == (1, 2)
    assert {(c.unit.code, c.rank_before, c.rank_after) for c in changes.units} == {("01", 1, 2), ("79", 2, 1)}
    by_unit = {c.unit.code: c for c in changes.units}
    assert by_unit["01"].index_change == by_unit["01"].index_after - by_unit["01"].index_before < 0
    leaves = {(p.unit.code, p.node) for p in changes.points}
    assert ("01", "1.1") in leaves and ("79", "1.1") in leaves and ("01", "1") in leaves  # the leaf and its area
    assert not any(p.unit.code == "31" for p in changes.points), "a unit nobody corrected shows no change"


def test_a_unit_excluded_after_the_first_version_is_listed_as_left(small_methodology):
    v1 = published(small_methodology, {"01": full_marks(), "79": full_marks()}, 1)
    v2 = published(small_methodology, {"01": full_marks()}, 2)
    changes = changes_between(v1, v2)
    assert [u.code for u in changes.left] == ["79"] and changes.entered == ()
    assert [u.code for u in changes_between(v2, v1).entered] == ["79"]


def test_two_identical_versions_show_no_change(small_methodology):
    v1 = published(small_methodology, {"01": full_marks(), "79": full_marks()}, 1)
    v2 = published(small_methodology, {"01": full_marks(), "79": full_marks()}, 2)
    assert changes_between(v1, v2).is_empty
