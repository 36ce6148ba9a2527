"""The Sobol estimators, once: first-order indices by Saltelli (2010) and total indices by Jansen
(1999), from a model's outputs on two independent sample matrices A and B and on each A_B(i) (A
with column i taken from B). Both the index analysis (``analysis.sensitivity``) and the composite
pipeline (``composite.sensitivity``) compute their outputs and hand them here.

>>> import numpy as np
>>> rng = np.random.default_rng(1)
>>> a, b = rng.uniform(size=(200000, 2)), rng.uniform(size=(200000, 2))
>>> f = lambda x: x[:, 0] + 2 * x[:, 1]      # S = (1/5, 4/5) exactly: var(x1) : var(2 x2) = 1 : 4
>>> first, total, _ = indices(f(a), f(b), [f(np.column_stack([b[:, 0], a[:, 1]])), f(np.column_stack([a[:, 0], b[:, 1]]))])
>>> np.round(first, 1).tolist(), np.round(total, 1).tolist()
([0.2, 0.8], [0.2, 0.8])
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def indices(ya: np.ndarray, yb: np.ndarray, yab: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, float]:
    """(first-order, total, output variance). ``yab[i]`` are the outputs on A_B(i). A model whose
    output never varies has no variance to apportion: every index is 0."""
    variance = float(np.var(np.concatenate([ya, yb]), ddof=1))
    if not variance > 0:
        return np.zeros(len(yab)), np.zeros(len(yab)), variance
    first = np.array([np.mean(yb * (y - ya)) / variance for y in yab])
    total = np.array([0.5 * np.mean((ya - y) ** 2) / variance for y in yab])
    return first, total, variance
