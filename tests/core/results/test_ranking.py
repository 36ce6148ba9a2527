import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from parindex.core.methodology.model import TIE_METHODS
from parindex.core.results.ranking import rank, ranks, rounded

indices = st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=60)
# Values that tie, tie only once rounded (80.004, 79.995), sit on a half of the last published digit
# (86.285, 0.005, 0.15) or have no rank (NaN), among any others.
crowded = st.one_of(st.sampled_from([80.0, 80.004, 79.995, 86.285, 86.28, 0.005, 0.01, 0.15, 0.0, -0.0, math.nan]),
                    st.floats(-1e3, 1e3), st.just(math.nan))
halves = st.tuples(st.integers(-10**7, 10**7), st.integers(0, 4)).map(lambda kd: ((kd[0] + 0.5) / 10 ** kd[1], kd[1]))


def reference(row, ties, decimals):
    """One row ranked by the definition of each tie rule, value by value, for comparison."""
    keys = [v if decimals is None or math.isnan(v) else round(float(v), decimals) for v in row]
    out = []
    for i, mine in enumerate(keys):
        better = [k for k in keys if k > mine]
        level = [j for j, k in enumerate(keys) if k == mine and j < i]
        out.append(math.nan if math.isnan(mine) else
                   1 + {"min": len(better), "dense": len(set(better)), "ordinal": len(better) + len(level)}[ties])
    return out


def test_indices_are_compared_at_their_published_precision():
    assert rank([89.954, 89.951, 89.94]) == [1, 1, 3]
    assert rank([89.954, 89.951], decimals=3) == [1, 2]


def test_tie_methods():
    values = [80.0, 90.0, 80.0, 70.0]
    assert rank(values, "min") == [2, 1, 2, 4]
    assert rank(values, "dense") == [2, 1, 2, 3]
    assert rank(values, "ordinal") == [2, 1, 3, 4]


@pytest.mark.parametrize(("ties", "expected"), [("min", [3, math.nan, 1, 1, 4]), ("dense", [2, math.nan, 1, 1, 3]),
                                                 ("ordinal", [3, math.nan, 1, 2, 4])])
def test_each_tie_rule_leaves_nan_unranked_and_uncounted(ties, expected):
    np.testing.assert_array_equal(ranks([2.0, math.nan, 5.0, 5.004, 1.0], ties), expected)


def test_every_tie_rule_the_methodology_allows_is_known():
    assert set(TIE_METHODS) == {"min", "dense", "ordinal"}
    with pytest.raises(ValueError, match="'average'"):
        ranks([1.0], "average")


def test_ties_are_decided_as_round_decides_them_not_as_np_round_does():
    """0.15 is stored just below 0.15 and is published as 0.1; np.round would make it 0.2 and tie it."""
    assert rank([0.15, 0.2], decimals=1) == [2, 1]
    assert rank([0.15, 0.1], decimals=1) == [1, 1]


def test_published_ranks_are_integers():
    assert all(type(k) is int for k in rank([3.0, 1.0, 3.0]))


@given(arrays(float, st.tuples(st.integers(1, 4), st.integers(0, 12)), elements=crowded),
       st.sampled_from(TIE_METHODS), st.sampled_from([None, 0, 1, 2, 3]))
def test_ranks_along_the_last_axis_equal_each_row_ranked_alone(values, ties, decimals):
    np.testing.assert_array_equal(ranks(values, ties, decimals), [reference(list(row), ties, decimals) for row in values])


@given(arrays(float, st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 6)), elements=crowded), st.sampled_from(TIE_METHODS))
def test_ranks_of_a_stack_of_replications_are_the_ranks_of_each(values, ties):
    np.testing.assert_array_equal(ranks(values, ties), [[ranks(row, ties) for row in block] for block in values])


@given(st.lists(st.one_of(halves, st.tuples(st.floats(allow_nan=False), st.integers(0, 6))), min_size=1, max_size=30))
def test_rounding_agrees_with_round_even_on_halves_and_huge_values(cases):
    for value, decimals in cases:
        for v in (value, np.nextafter(value, math.inf), np.nextafter(value, -math.inf)):
            assert rounded(np.array([v]), decimals)[0] == round(float(v), decimals), (v, decimals)


@given(indices)
def test_ordinal_ranks_are_a_permutation_consistent_with_the_index_order(values):
    ordinal = rank(values, "ordinal")
    assert sorted(ordinal) == list(range(1, len(values) + 1))
    for i in range(len(values)):
        for j in range(len(values)):
            if round(values[i], 2) > round(values[j], 2):
                assert ordinal[i] < ordinal[j]


@given(indices)
def test_min_rank_is_one_plus_the_number_of_better_units(values):
    keys = [round(v, 2) for v in values]
    assert rank(values) == [1 + sum(k > mine for k in keys) for mine in keys]
