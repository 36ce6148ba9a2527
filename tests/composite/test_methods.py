"""Methods the ASEM reference does not exercise, checked against values worked out by hand."""
import numpy as np
import pandas as pd
import pytest

from parindex.composite.aggregate import aggregate_rows, copeland
from parindex.composite.impute import impute_panel
from parindex.composite.normalise import n_dist2max, n_dist2ref, n_dist2targ, n_fracmax, n_prank, normalise_series
from parindex.composite.stats import cronbach_alpha
from parindex.core.errors import ParindexError

X = pd.Series([2.0, 4.0, 6.0, 10.0], index=["a", "b", "c", "d"])


def test_distance_and_rank_normalisations():
    assert list(n_dist2max(X)) == [0.0, 0.25, 0.5, 1.0]
    assert list(n_dist2ref(X, "c")) == [0.5, 0.75, 1.0, 1.5] and list(n_dist2ref(X, "c", cap_max=True))[-1] == 1.0
    assert list(n_dist2targ(X, 6.0)) == [0.0, 0.5, 1.0, 2.0] and list(n_dist2targ(X, 6.0, cap_max=True))[-1] == 1.0
    assert list(n_fracmax(X)) == [0.2, 0.4, 0.6, 1.0]
    assert list(n_prank(X)) == pytest.approx([0.0, 1 / 3, 2 / 3, 1.0])
    # lower is better: the direction turns the order round before scaling
    assert list(normalise_series(X, "n_minmax", -1, {"l_u": (0, 100)})) == [100.0, 75.0, 50.0, 0.0]


def test_means_other_than_arithmetic():
    x = np.array([[1.0, 4.0], [2.0, 8.0]])
    w = np.array([1.0, 1.0])
    assert aggregate_rows(x, w, "a_gmean") == pytest.approx([2.0, 4.0])
    assert aggregate_rows(x, w, "a_hmean") == pytest.approx([1.6, 3.2])
    assert aggregate_rows(x, w, "a_genmean", p=2) == pytest.approx([np.sqrt(8.5), np.sqrt(34)])


def test_a_geometric_mean_of_a_zero_is_refused_unless_shifted():
    x = np.array([[0.0, 4.0]])
    with pytest.raises(ParindexError, match="above zero"):
        aggregate_rows(x, np.ones(2), "a_gmean")
    assert aggregate_rows(x, np.ones(2), "a_gmean", zero_shift=1.0) == pytest.approx([np.sqrt(5) - 1])


def test_copeland_counts_majority_wins_over_every_other_unit():
    x = np.array([[3.0, 3.0, 1.0], [2.0, 2.0, 2.0], [1.0, 1.0, 3.0]])
    assert list(copeland(x, np.ones(3))) == [2.0, 0.0, -2.0]


def test_cronbach_alpha_of_perfectly_correlated_items_and_of_unrelated_items():
    base = np.arange(10.0)
    # variances v, 4v, v; the sum 4a + 3 has variance 16v: alpha = 3/2 · (1 − 6/16)
    assert cronbach_alpha(pd.DataFrame({"a": base, "b": base * 2, "c": base + 3})) == pytest.approx(0.9375)
    rng = np.random.default_rng(1)
    assert abs(cronbach_alpha(pd.DataFrame(rng.normal(size=(2000, 3))))) < 0.1


def test_panel_imputation_carries_the_latest_earlier_year_and_never_the_later_one():
    frame = pd.DataFrame({"x": [1.0, np.nan, np.nan, 5.0, np.nan]}, index=["A", "A", "A", "B", "B"])
    time = pd.Series([2020, 2021, 2019, 2020, 2021])
    filled = impute_panel(frame, time)
    assert list(filled["x"].fillna(-1)) == [1.0, 1.0, -1.0, 5.0, 5.0]


def test_equal_weights_give_the_same_index_as_the_frameworks_all_ones():
    from pathlib import Path

    from parindex.composite.aggregate import aggregate
    from parindex.composite.build import build
    from parindex.composite.weights import equal_weights

    coin = build(Path(__file__).resolve().parents[2] / "examples/asem/spec.yaml")
    aggregate(coin, dset="Normalised", weights=equal_weights(coin).mul(3.0), out="Equal")
    assert np.allclose(coin.datasets["Equal"]["Index"], coin.datasets["Aggregated"]["Index"])
