"""The composite ranks with parindex's one ranking, the way COINr (R's ``rank``) does."""
import math

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from parindex.composite.coin import ranks

scores = st.lists(st.one_of(st.sampled_from([50.0, 50.0000001, 0.0, -0.0, math.nan]), st.floats(-1e6, 1e6)), max_size=40)


def test_ties_share_the_best_rank_unrounded_and_na_stays_na():
    got = ranks(pd.Series([2.0, None, 5.0, 5.0, 5.001, 1.0], index=list("abcdef"), name="Index"))
    assert got.name == "Index" and list(got.index) == list("abcdef")
    np.testing.assert_array_equal(got, [4, math.nan, 2, 2, 1, 5])


@given(scores)
def test_ranks_are_pandas_min_ranks_of_the_negated_scores(values):
    series = pd.Series(values, dtype=float)
    pd.testing.assert_series_equal(ranks(series), (-series).rank(method="min", na_option="keep"))
