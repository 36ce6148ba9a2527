"""Every rule type: the shared conformance test, then the behaviour each one pins."""
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.core.errors import ParindexError
from parindex.core.scoring import RULES, build_rule, score_inputs
from parindex.core.scoring.inputs import InputValueError, coerce_fields
from parindex.core.scoring.registry import RuleParamError, score_many

BANDS = [{"from": 0, "below": 50, "points": 0}, {"from": 50, "below": 80, "points": 0.5}, {"from": 80, "points": 1.0}]
# Each rule type brings its own examples (``example_params``, ``example_inputs``): a new one is tested here unseen.
shares = st.none() | st.floats(0, 1)


def example_rule(rule_type):
    return build_rule({"type": rule_type, **RULES[rule_type].example_params}, 1.0)


@pytest.mark.parametrize("rule_type", sorted(RULES))
@settings(max_examples=60, deadline=None)
@given(rng=st.randoms(use_true_random=False), share=shares)
def test_rule_stays_within_its_maximum_and_explains_itself(rule_type, rng, share):
    rule = example_rule(rule_type)
    score = score_inputs(rule, rule.example_inputs(rng, share))
    low, high = (-1.0, 0.0) if rule_type == "penalty" else (0.0, 1.0)
    assert low - 1e-12 <= score.points <= high + 1e-12
    assert score.explanation.vi and score.explanation.en and score.explanation.vi != score.explanation.en
    assert not score.missing


@pytest.mark.parametrize("rule_type", sorted(RULES))
@settings(max_examples=30, deadline=None)
@given(rng=st.randoms(use_true_random=False), share=shares)
def test_rule_examples_are_inputs_its_fields_accept(rule_type, rng, share):
    rule = example_rule(rule_type)
    values = rule.example_inputs(rng, share)
    assert coerce_fields(rule_type, rule.inputs, values) == values


@pytest.mark.parametrize("rule_type", sorted(RULES))
def test_rule_examples_depend_on_the_random_state_alone(rule_type):
    rule = example_rule(rule_type)
    for share in (None, 0.9):
        assert rule.example_inputs(random.Random(7), share) == rule.example_inputs(random.Random(7), share)


@pytest.mark.parametrize("rule_type", sorted(RULES))
@settings(max_examples=20, deadline=None)
@given(rng=st.randoms(use_true_random=False), share=shares)
def test_rule_scores_many_units_at_once_exactly_as_one_by_one(rule_type, rng, share):
    rule = example_rule(rule_type)
    rows = [rule.example_inputs(rng, share) for _ in range(12)]
    one_by_one = [score_inputs(rule, row).points for row in rows]
    at_once = score_many(rule, {f.name: [row[f.name] for row in rows] for f in rule.inputs})
    assert at_once.tolist() == one_by_one  # the same floats, bit for bit: both engines and every period rely on it


@pytest.mark.parametrize("params", [{}, {"zero_at": 20, "full_at": 90}, {"full_at": 50, "if_none_due": "zero"}])
def test_ratio_linear_scores_arrays_on_both_sides_of_its_thresholds_as_one_by_one(params):
    rule = build_rule({"type": "ratio_linear", **params}, 6.0)
    denominators = [0, 1, 3, 7, 10, 10, 10, 10, 1000, 999_983]
    numerators = [0, 1, 2, 3, 2, 5, 9, 10, 500, 899_985]
    one_by_one = [score_inputs(rule, {"numerator": a, "denominator": b}).points for a, b in zip(numerators, denominators)]
    assert score_many(rule, {"numerator": numerators, "denominator": denominators}).tolist() == one_by_one


def test_ratio_linear_refuses_arrays_with_more_done_than_due_as_one_by_one():
    rule = build_rule({"type": "ratio_linear"}, 1.0)
    with pytest.raises(InputValueError, match="achieved ≤ due"):
        score_many(rule, {"numerator": [1, 5], "denominator": [2, 4]})


@pytest.mark.parametrize("rule_type", sorted(RULES))
def test_rule_with_a_missing_input_scores_zero_and_says_so(rule_type):
    score = score_inputs(example_rule(rule_type), {})
    assert (score.points, score.missing) == (0.0, True)
    assert "no input" in score.explanation.en


def test_ratio_bands_explains_like_the_issue_example():
    rule = build_rule({"type": "ratio_bands", "item": {"vi": "văn bản đúng hạn", "en": "documents on time"}, "bands": BANDS}, 1.0)
    score = score_inputs(rule, {"numerator": 6, "denominator": 8})
    assert score.points == 0.5
    assert score.explanation.en == "6 of 8 documents on time = 75 %, band 50–<80 % → 0.5 of 1.0"
    assert score.explanation.vi == "6 trên 8 văn bản đúng hạn = 75 %, khung 50–<80 % → 0,5 trên 1,0"


def test_ratio_band_lower_bound_is_inclusive():
    rule = build_rule({"type": "ratio_bands", "bands": BANDS}, 1.0)
    assert score_inputs(rule, {"numerator": 8, "denominator": 10}).points == 1.0
    assert score_inputs(rule, {"numerator": 79, "denominator": 100}).points == 0.5


def test_ratio_with_nothing_due_scores_full_by_default_and_zero_when_asked():
    full = build_rule({"type": "ratio_bands", "bands": BANDS}, 1.0)
    zero = build_rule({"type": "ratio_bands", "bands": BANDS, "if_none_due": "zero"}, 1.0)
    assert score_inputs(full, {"numerator": 0, "denominator": 0}).points == 1.0
    assert score_inputs(zero, {"numerator": 0, "denominator": 0}).points == 0.0


def test_ratio_refuses_more_done_than_due():
    rule = build_rule({"type": "ratio_linear"}, 1.0)
    with pytest.raises(InputValueError, match="achieved ≤ due"):
        score_inputs(rule, {"numerator": 9, "denominator": 8})


def test_ratio_linear_scales_between_zero_and_full_points():
    rule = build_rule({"type": "ratio_linear", "zero_at": 50, "full_at": 100}, 2.0)
    assert score_inputs(rule, {"numerator": 75, "denominator": 100}).points == pytest.approx(1.0)
    assert score_inputs(rule, {"numerator": 40, "denominator": 100}).points == 0.0


def test_deadline_counts_early_as_on_time():
    rule = example_rule("deadline")  # bands 0–<1 → 1, 1–<10 → 0.5, from 10 → 0
    assert score_inputs(rule, {"days_late": -3}).explanation.en.startswith("report on time")
    assert score_inputs(rule, {"days_late": 12}).points == 0.0
    assert score_inputs(rule, {"days_late": 5}).explanation.en == "report 5 days late, band 1–<10 days → 0.5 of 1.0"


def test_penalty_is_capped_and_negative():
    rule = build_rule({"type": "penalty", "per_item": 0.5}, 1.0)
    score = score_inputs(rule, {"count": 3})
    assert score.points == -1.0
    assert score.explanation.en == "3 violations × 0.5, capped at 1.0 → −1.0"


def test_bonus_is_capped():
    rule = build_rule({"type": "bonus", "per_item": 0.4}, 1.0)
    assert score_inputs(rule, {"count": 2}).points == pytest.approx(0.8)
    assert score_inputs(rule, {"count": 5}).points == 1.0


def test_survey_share_multiplies_the_estimate_by_the_maximum():
    score = score_inputs(build_rule({"type": "survey_share"}, 4.0), {"estimate": 0.8125})
    assert score.points == pytest.approx(3.25)
    assert score.explanation.en == "survey 81.25 % × 4.0 = 3.25"


def test_yes_no_gives_the_stated_points():
    rule = build_rule({"type": "yes_no", "points_if_yes": 0.75, "points_if_no": 0.25}, 1.0)
    assert [score_inputs(rule, {"value": v}).points for v in (True, False)] == [0.75, 0.25]


def test_unknown_rule_type_lists_the_known_ones():
    with pytest.raises(ParindexError) as err:
        build_rule({"type": "ratio_band"}, 1.0)
    assert err.value.code == "unknown_rule"
    assert "ratio_bands" in err.value.expected


@pytest.mark.parametrize("spec, param", [
    ({"type": "ratio_bands", "bands": [{"from": 0, "below": 50, "points": 0}, {"from": 50, "points": 2}]}, "bands[1].points"),
    ({"type": "ratio_bands", "bands": [{"from": 0, "below": 60, "points": 0}, {"from": 50, "points": 1}]}, "bands[1].from"),
    ({"type": "ratio_bands", "bands": [{"from": 0, "below": 40, "points": 0}, {"from": 50, "points": 1}]}, "bands[1].from"),
    ({"type": "ratio_linear", "zero_at": 80, "full_at": 60}, "full_at"),
    ({"type": "yes_no", "points_if_yes": 3}, "points_if_yes"),
    ({"type": "penalty", "per_item": -1}, "per_item"),
    ({"type": "manual", "cap": 1}, "cap"),
])
def test_rule_parameter_out_of_range_names_the_parameter(spec, param):
    with pytest.raises(RuleParamError) as err:
        build_rule(spec, 1.0)
    assert err.value.where.path == param
