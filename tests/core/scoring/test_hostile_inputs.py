"""Values no input can take — NaN, infinities, numbers past any float — are refused by field, never
cleared, never an OverflowError."""
import pytest

from parindex.core.errors import ParindexError
from parindex.core.scoring.inputs import MAX_MAGNITUDE, InputField, InputValueError, coerce_fields
from parindex.core.text import Text

COUNT = InputField("count", "integer", Text("số", "count"))
SHARE = InputField("estimate", "number", Text("tỷ lệ", "share"), 0.0, 1.0)
HOSTILE = [10 ** 400, -(10 ** 400), "1" * 400, "1e400", "-1e400", "NaN", "nan", "inf", "-inf", "Infinity",
           float("nan"), float("inf")]


@pytest.mark.parametrize("raw", HOSTILE)
def test_a_value_past_every_bound_is_refused_as_not_finite_within_bounds(raw):
    with pytest.raises(InputValueError) as caught:
        COUNT.coerce(raw)
    assert caught.value.expected.startswith("a finite number within bounds")


@pytest.mark.parametrize("raw", HOSTILE)
def test_a_bounded_field_names_its_own_bounds_when_refusing(raw):
    with pytest.raises(InputValueError) as caught:
        SHARE.coerce(raw)
    assert caught.value.expected == "a finite number within bounds (a number from 0 to 1)"


def test_nan_does_not_clear_a_value():
    with pytest.raises(InputValueError):
        SHARE.coerce(float("nan"))


def test_the_largest_exact_whole_number_is_still_accepted():
    assert COUNT.coerce(int(MAX_MAGNITUDE)) == int(MAX_MAGNITUDE)
    with pytest.raises(InputValueError):
        COUNT.coerce(int(MAX_MAGNITUDE) + 1)


def test_a_form_value_of_400_digits_is_a_parindex_error_naming_the_leaf_and_field():
    with pytest.raises(ParindexError) as caught:
        coerce_fields("1.3", [COUNT], {"count": 10 ** 400})
    assert caught.value.code == "bad_value" and caught.value.where.path == "1.3:count"
    assert "401 digits" in caught.value.got and len(caught.value.render()) < 400


def test_a_5000_digit_integer_is_refused_without_printing_it():
    with pytest.raises(ParindexError) as caught:
        coerce_fields("1.3", [COUNT], {"count": 10 ** 5000})
    assert caught.value.where.path == "1.3:count" and "more than 4,000 digits" in caught.value.got


def test_a_refusal_of_nan_is_valid_json_in_the_api_shape():
    import json

    with pytest.raises(ParindexError) as caught:
        coerce_fields("2", [SHARE], {"estimate": float("nan")})
    assert json.loads(json.dumps(caught.value.as_dict(), allow_nan=False))["got"] == "nan"


def test_a_ratio_with_nothing_due_but_something_achieved_is_refused_not_given_full_points():
    from parindex.core.scoring.inputs import InputValueError
    from parindex.core.scoring.registry import build_rule, score_inputs
    from tests.core.scoring.test_rules import BANDS

    for spec in ({"type": "ratio_bands", "bands": BANDS, "if_none_due": "full"}, {"type": "ratio_linear", "if_none_due": "full"}):
        rule = build_rule(spec, 2.0)
        with pytest.raises(InputValueError, match="achieved ≤ due"):
            score_inputs(rule, {"numerator": 5, "denominator": 0})
        assert score_inputs(rule, {"numerator": 0, "denominator": 0}).points == 2.0  # nothing due, nothing done: full
