"""Every rule type: the shared conformance test, then the behaviour each one pins."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.core.errors import ParindexError
from parindex.core.scoring import RULES, build_rule, score_inputs
from parindex.core.scoring.inputs import InputValueError
from parindex.core.scoring.registry import RuleParamError

BANDS = [{"from": 0, "below": 50, "points": 0}, {"from": 50, "below": 80, "points": 0.5}, {"from": 80, "points": 1.0}]
ratio_inputs = st.integers(0, 500).flatmap(lambda due: st.fixed_dictionaries(
    {"numerator": st.integers(0, due).map(float), "denominator": st.just(float(due))}))

# One example per registered rule type: a new rule type must add itself here to be tested.
EXAMPLES = {
    "manual": ({}, st.fixed_dictionaries({"points": st.floats(0, 1)})),
    "yes_no": ({}, st.fixed_dictionaries({"value": st.booleans()})),
    "ratio_bands": ({"bands": BANDS}, ratio_inputs),
    "ratio_linear": ({"zero_at": 20, "full_at": 90}, ratio_inputs),
    "count_bands": ({"bands": [{"from": 0, "below": 2, "points": 0}, {"from": 2, "points": 1}]},
                    st.fixed_dictionaries({"count": st.integers(0, 1000)})),
    "deadline": ({"bands": [{"from": 0, "below": 1, "points": 1}, {"from": 1, "below": 10, "points": 0.5}, {"from": 10, "points": 0}]},
                 st.fixed_dictionaries({"days_late": st.integers(-30, 365)})),
    "survey_share": ({}, st.fixed_dictionaries({"estimate": st.floats(0, 1)})),
    "bonus": ({"per_item": 0.3}, st.fixed_dictionaries({"count": st.integers(0, 50)})),
    "penalty": ({"per_item": 0.3}, st.fixed_dictionaries({"count": st.integers(0, 50)})),
}


def test_every_registered_rule_has_a_conformance_example():
    assert set(RULES) == set(EXAMPLES)


@pytest.mark.parametrize("rule_type", sorted(EXAMPLES))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_rule_stays_within_its_maximum_and_explains_itself(rule_type, data):
    params, inputs = EXAMPLES[rule_type]
    rule = build_rule({"type": rule_type, **params}, 1.0)
    values = data.draw(inputs)
    score = score_inputs(rule, values)
    low, high = (-1.0, 0.0) if rule_type == "penalty" else (0.0, 1.0)
    assert low - 1e-12 <= score.points <= high + 1e-12
    assert score.explanation.vi and score.explanation.en and score.explanation.vi != score.explanation.en
    assert not score.missing


@pytest.mark.parametrize("rule_type", sorted(EXAMPLES))
def test_rule_with_a_missing_input_scores_zero_and_says_so(rule_type):
    rule = build_rule({"type": rule_type, **EXAMPLES[rule_type][0]}, 1.0)
    score = score_inputs(rule, {})
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
    rule = build_rule({"type": "deadline", **EXAMPLES["deadline"][0]}, 1.0)
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
