from hypothesis import given
from hypothesis import strategies as st

from parindex.core.results.ranking import rank

indices = st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=60)


def test_indices_are_compared_at_their_published_precision():
    assert rank([89.954, 89.951, 89.94]) == [1, 1, 3]
    assert rank([89.954, 89.951], decimals=3) == [1, 2]


def test_tie_methods():
    values = [80.0, 90.0, 80.0, 70.0]
    assert rank(values, "min") == [2, 1, 2, 4]
    assert rank(values, "dense") == [2, 1, 2, 3]
    assert rank(values, "ordinal") == [2, 1, 3, 4]


@given(indices)
def test_ordinal_ranks_are_a_permutation_consistent_with_the_index_order(values):
    ranks = rank(values, "ordinal")
    assert sorted(ranks) == list(range(1, len(values) + 1))
    for i in range(len(values)):
        for j in range(len(values)):
            if round(values[i], 2) > round(values[j], 2):
                assert ranks[i] < ranks[j]


@given(indices)
def test_min_rank_is_one_plus_the_number_of_better_units(values):
    keys = [round(v, 2) for v in values]
    assert rank(values) == [1 + sum(k > mine for k in keys) for mine in keys]
