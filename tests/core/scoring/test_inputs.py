import pytest

from parindex.core.scoring.inputs import InputField, InputValueError
from parindex.core.text import Text

NUMBER = InputField("points", "number", Text("điểm", "points"), 0.0, 2.0)
INTEGER = InputField("count", "integer", Text("số", "count"))
BOOLEAN = InputField("value", "boolean", Text("đạt", "met"))


def test_number_accepts_vietnamese_decimal_comma():
    assert NUMBER.coerce("1,5") == 1.5


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_blank_cells_mean_not_provided(raw):
    assert NUMBER.coerce(raw) is None


@pytest.mark.parametrize("raw", ["about 1", "2.5", -0.1, True])
def test_number_refuses_text_and_values_out_of_range(raw):
    with pytest.raises(InputValueError) as err:
        NUMBER.coerce(raw)
    assert err.value.expected == "a number from 0 to 2"


def test_integer_refuses_fractions():
    with pytest.raises(InputValueError, match="whole number"):
        INTEGER.coerce(2.5)
    assert INTEGER.coerce("3") == 3


@pytest.mark.parametrize("raw, expected", [("có", True), ("Không", False), ("yes", True), (0, False), ("x", True)])
def test_boolean_reads_vietnamese_and_english(raw, expected):
    assert BOOLEAN.coerce(raw) is expected


def test_boolean_refuses_anything_else():
    with pytest.raises(InputValueError, match="yes or no"):
        BOOLEAN.coerce("maybe")
