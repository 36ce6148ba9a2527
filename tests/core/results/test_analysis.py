import pytest

from parindex.core.results import analyse, compute_cycle
from tests.core.results.helpers import full_marks, inputs_for


def test_points_lost_are_listed_by_criterion_with_the_reason(small_methodology):
    weak = full_marks() | {"1.1": {"numerator": 6, "denominator": 10}, "1.3": {"count": 1}}
    results = compute_cycle(small_methodology, inputs_for({"01": full_marks(), "02": weak}))
    a = analyse(results, "02", "en")
    assert [(p.node.code, p.lost) for p in a.lost_by_criterion] == [("1.1", 2.0), ("1.3", 0.5)]
    assert a.lost_by_criterion[0].explanation == "6 of 10 = 60 %, band 50–<100 % → 2.0 of 4.0"
    assert a.lost_by_area[0].node.code == "1" and a.lost_by_area[0].lost == pytest.approx(2.5)


def test_strongest_and_weakest_areas_are_judged_against_the_national_average(small_methodology):
    a_values = full_marks() | {"2": {"estimate": 0.5}}
    b_values = full_marks() | {"1.2": {"value": False}}
    results = compute_cycle(small_methodology, inputs_for({"01": a_values, "02": b_values}))
    a = analyse(results, "01")
    assert a.strongest.area.code == "1" and a.weakest.area.code == "2"
    assert a.strongest.gap == pytest.approx(1.0 - (6 + 4) / 2 / 6)
