from datetime import date

import pytest

from parindex.core.errors import ParindexError
from parindex.core.units import builtin_units, carry_forward

Y2024 = date(2024, 12, 31)


def test_unchanged_province_compares_with_itself():
    out = carry_forward({"VN-01": 91.5}, Y2024, ["VN-01"], builtin_units())
    assert out["VN-01"].value == 91.5 and out["VN-01"].is_direct


def test_merged_province_compares_with_the_mean_of_its_predecessors_and_says_so():
    out = carry_forward({"VN-30": 90.0, "VN-31": 96.0}, Y2024, ["VN-31-2025"], builtin_units())
    comparison = out["VN-31-2025"]
    assert comparison.value == pytest.approx(93.0)
    assert {u.id for u, _ in comparison.sources} == {"VN-30", "VN-31"}
    assert comparison.explanation.en == "Hai Phong (merged) compared with the mean of 2024 values of Hai Duong 90.0, Hai Phong 96.0 = 93.0"


def test_weighted_mean_uses_the_weights_given():
    out = carry_forward({"VN-30": 90.0, "VN-31": 96.0}, Y2024, ["VN-31-2025"], builtin_units(), "weighted_mean",
                        {"VN-30": 1.0, "VN-31": 2.0})
    assert out["VN-31-2025"].value == pytest.approx(94.0)


def test_weighted_mean_without_a_weight_is_refused():
    with pytest.raises(ParindexError, match="VN-30"):
        carry_forward({"VN-30": 90.0, "VN-31": 96.0}, Y2024, ["VN-31-2025"], builtin_units(), "weighted_mean", {"VN-31": 1})


def test_min_and_max_bound_the_comparison():
    units = builtin_units()
    previous = {"VN-30": 90.0, "VN-31": 96.0}
    assert carry_forward(previous, Y2024, ["VN-31-2025"], units, "min")["VN-31-2025"].value == 90.0
    assert carry_forward(previous, Y2024, ["VN-31-2025"], units, "max")["VN-31-2025"].value == 96.0


def test_a_unit_without_any_predecessor_value_gets_no_comparison():
    assert carry_forward({}, Y2024, ["VN-31-2025"], builtin_units()) == {}


def test_ministry_mergers_of_march_2025_are_followed():
    out = carry_forward({"MONRE": 87.01, "MARD": 86.41}, date(2023, 12, 31), ["MAE"], builtin_units())
    assert out["MAE"].value == pytest.approx(86.71)
