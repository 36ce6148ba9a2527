import pytest

from parindex.core.results import PreviousResults, compute_cycle
from tests.core.results.helpers import full_marks, inputs_for


def test_a_unit_with_every_requirement_met_scores_the_scale(small_methodology):
    results = compute_cycle(small_methodology, inputs_for({"01": full_marks()}))
    r = results.unit("01")
    assert (r.total, r.index, r.rank, r.group.code) == (10, 100, 1, "A")


def test_parents_add_their_children_and_penalties_take_points_away(small_methodology):
    values = full_marks() | {"1.1": {"numerator": 6, "denominator": 10}, "1.3": {"count": 1}}
    r = compute_cycle(small_methodology, inputs_for({"01": values})).unit("01")
    assert r.node("1.1").points == 2
    assert r.node("1.3").points == -0.5
    assert r.node("1").points == pytest.approx(2 + 2 - 0.5)
    assert r.total == pytest.approx(3.5 + 4)


def test_a_penalty_never_takes_a_parent_below_zero(small_methodology):
    values = {"1.1": {"numerator": 0, "denominator": 10}, "1.2": {"value": False}, "1.3": {"count": 5}, "2": {"estimate": 0.5}}
    r = compute_cycle(small_methodology, inputs_for({"01": values})).unit("01")
    assert r.node("1").points == 0 and r.total == 2


def test_parts_split_appraisal_and_survey_points(small_methodology):
    values = full_marks() | {"2": {"estimate": 0.25}}
    r = compute_cycle(small_methodology, inputs_for({"01": values})).unit("01")
    assert r.parts == {"appraisal": 6, "survey": 1}


def test_missing_inputs_score_zero_and_are_flagged(small_methodology):
    r = compute_cycle(small_methodology, inputs_for({"01": {"1.2": {"value": True}}})).unit("01")
    assert r.node("1.1").missing and r.node("1.1").points == 0
    assert not r.node("1.2").missing


def test_ties_share_the_best_rank(small_methodology):
    results = compute_cycle(small_methodology, inputs_for({"01": full_marks(), "02": full_marks(),
                                                           "04": full_marks() | {"1.2": {"value": False}}}))
    assert [(r.unit.code, r.rank) for r in results.units] == [("01", 1), ("02", 1), ("04", 3)]


def test_group_follows_the_index_bands(small_methodology):
    values = full_marks() | {"1.1": {"numerator": 0, "denominator": 10}}  # 6 of 10 → B (50–<90)
    assert compute_cycle(small_methodology, inputs_for({"01": values})).unit("01").group.code == "B"


def test_change_against_previous_cycle_goes_through_lineage(small_methodology):
    previous = PreviousResults({"VN-30": 80.0, "VN-31": 90.0}, __import__("datetime").date(2024, 12, 31))
    results = compute_cycle(small_methodology, inputs_for({"31": full_marks()}, year=2025), previous=previous)
    r = results.unit("31")
    assert r.unit.id == "VN-31-2025"
    assert r.previous.value == 85.0 and r.change == 15.0
    assert results.provenance.lineage_rule == "mean"


def test_averages_are_national_and_per_region(small_methodology):
    weak = full_marks() | {"1.2": {"value": False}}
    results = compute_cycle(small_methodology, inputs_for({"01": full_marks(), "31": weak, "79": weak}))
    assert results.averages.national["index"] == pytest.approx((100 + 80 + 80) / 3)
    assert results.averages.by_region["red_river_delta"]["index"] == pytest.approx(90)
    assert results.averages.by_region["south_east"]["1.2"] == 0
    assert results.averages.n_by_region == {"red_river_delta": 2, "south_east": 1}


def test_results_record_what_they_were_computed_from(small_methodology):
    inputs = inputs_for({"01": full_marks()})
    p = compute_cycle(small_methodology, inputs).provenance
    assert p.methodology_id == "test-small" and p.methodology_hash == small_methodology.content_hash
    assert p.inputs_hash == inputs.content_hash and len(p.inputs_hash) == 64


def test_an_appraisal_adjustment_replaces_the_rule_points_and_explains_why(small_methodology):
    from parindex.core.inputs.model import Adjustment, CycleInputs, UnitInputs

    base = inputs_for({"01": full_marks()}).units[0]
    unit = UnitInputs(base.unit, base.values, adjustments={"1.1": Adjustment(2.0, "two reports lacked evidence")})
    r = compute_cycle(small_methodology, CycleInputs(2024, (unit,))).unit("01")
    assert r.node("1.1").points == 2.0 and r.total == 8.0
    assert r.node("1.1").explanation.en.startswith("appraised: 2.0 (self-assessed 4.0: 10 of 10 = 100 %")
    assert r.node("1.1").explanation.en.endswith("— two reports lacked evidence")


def test_appraised_points_outside_the_leaf_range_are_refused(small_methodology):
    from parindex.core.errors import ParindexError
    from parindex.core.inputs.model import Adjustment, CycleInputs, UnitInputs

    base = inputs_for({"01": full_marks()}).units[0]
    unit = UnitInputs(base.unit, base.values, adjustments={"1.2": Adjustment(3.0, "typo")})
    with pytest.raises(ParindexError) as caught:
        compute_cycle(small_methodology, CycleInputs(2024, (unit,)))
    assert caught.value.code == "adjustment_out_of_range" and caught.value.expected == "from 0 to 2"
