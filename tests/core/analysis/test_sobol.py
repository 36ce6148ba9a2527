"""The one Sobol engine gives the analytic indices of functions whose answer is known."""
import numpy as np
import pytest

from parindex.core.analysis.sobol import indices


def outputs(f, n=40000, k=3, seed=7):
    rng = np.random.default_rng(seed)
    a, b = rng.uniform(size=(n, k)), rng.uniform(size=(n, k))
    yab = []
    for i in range(k):
        ab = a.copy()
        ab[:, i] = b[:, i]
        yab.append(f(ab))
    return f(a), f(b), yab


def test_an_additive_function_splits_its_variance_by_the_squared_weights():
    first, total, _ = indices(*outputs(lambda x: x[:, 0] + 2 * x[:, 1] + 0 * x[:, 2]))
    assert first == pytest.approx([0.2, 0.8, 0.0], abs=0.02) and total == pytest.approx([0.2, 0.8, 0.0], abs=0.02)


def test_a_pure_interaction_has_no_first_order_effect_but_a_total_one():
    """y = (x1 - ½)(x2 - ½): neither factor alone explains anything; together, everything."""
    first, total, _ = indices(*outputs(lambda x: (x[:, 0] - 0.5) * (x[:, 1] - 0.5)))
    assert first == pytest.approx([0, 0, 0], abs=0.03) and total == pytest.approx([1, 1, 0], abs=0.05)


def test_a_constant_output_has_every_index_zero():
    first, total, variance = indices(*outputs(lambda x: np.ones(len(x))))
    assert variance == 0 and not first.any() and not total.any()
