"""Ranks from indices, as published: higher index, better rank.

Indices are compared at the precision they are published with (``decimals``), so two units shown
as 86.28 share a rank instead of being split by digits nobody can see. Tie methods (the
methodology's ``ranking.ties``, one of ``TIE_METHODS``):

* ``min`` (default, "1, 2, 2, 4"): ties share the best rank — the usual convention of league tables
  and of R's ``rank(ties.method = "min")`` as used by COINr;
* ``dense`` ("1, 2, 2, 3");
* ``ordinal`` ("1, 2, 3, 4"): ties broken by the order given.

This is the only ranking in parindex: the published results, the Monte Carlo and Sobol analyses
(thousands of replications ranked at once, along the last axis) and the composite toolkit all call
``ranks``, so an analysis cannot rank a cycle differently from how it was published.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from parindex.core.methodology.model import TIE_METHODS


def rank(values: Sequence[float], ties: str = "min", decimals: int = 2) -> list[int]:
    """The published ranks of one cycle's units, as integers (every unit has an index).

    >>> rank([80.0, 90.0, 80.0, 70.0])
    [2, 1, 2, 4]
    >>> rank([80.0, 90.0, 80.0, 70.0], ties="dense")
    [2, 1, 2, 3]
    """
    return [int(k) for k in ranks(values, ties, decimals)]


def ranks(values: ArrayLike, ties: str = "min", decimals: int | None = 2) -> np.ndarray:
    """Ranks along the last axis of ``values``, 1 for the highest, under the tie method.

    Values are first rounded to ``decimals`` as ``round`` rounds them (``None``: compared exactly,
    as COINr does). ``NaN`` gets no rank and does not count against anyone's, as in R's
    ``na.last = "keep"``; that is why the ranks are floats (``astype(int)`` where there is no NaN).

    >>> ranks([[80.0, 90.0, 80.0, 70.0], [1.0, float("nan"), 3.0, 3.004]]).tolist()
    [[2.0, 1.0, 2.0, 4.0], [3.0, nan, 1.0, 1.0]]
    """
    if ties not in TIE_METHODS:
        raise ValueError(f"unknown tie method {ties!r}: expected one of {', '.join(TIE_METHODS)}")
    keys = np.asarray(values, dtype=float)
    if decimals is not None:
        keys = rounded(keys, decimals)
    keys = -keys  # an ascending sort then puts the highest first and NaN last
    order = np.argsort(keys, axis=-1, kind="stable")  # stable: ``ordinal`` keeps the order given
    in_order = np.take_along_axis(keys, order, axis=-1)
    position = np.broadcast_to(np.arange(1, keys.shape[-1] + 1, dtype=float), keys.shape)
    starts_tie = np.ones(keys.shape, dtype=bool)
    starts_tie[..., 1:] = in_order[..., 1:] != in_order[..., :-1]
    if ties == "min":
        ranked = np.maximum.accumulate(np.where(starts_tie, position, 0.0), axis=-1)
    elif ties == "dense":
        ranked = np.cumsum(starts_tie, axis=-1, dtype=float)
    else:
        ranked = position
    out = np.empty(keys.shape)
    np.put_along_axis(out, order, ranked, axis=-1)
    out[np.isnan(keys)] = np.nan
    return out


def rounded(values: np.ndarray, decimals: int) -> np.ndarray:
    """``values`` rounded element by element exactly as ``round(v, decimals)`` (and so the published
    ``f"{v:.2f}"``) rounds them: to the decimal nearest the float's exact binary value.

    ``np.round`` rounds the product ``v·10**decimals`` instead, half to even, and so disagrees on
    about half the indices ending in 5: it puts 0.15 at 0.2 and 0.005 at 0.0 (``round``: 0.1, 0.01).
    Where the product cannot decide — it lies within its own rounding error of a half, or is too
    large to hold the decimals — ``round`` itself is asked; few values are.
    """
    scale = 10.0 ** decimals
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = values * scale
        out = np.rint(scaled) / scale
        near_half = np.abs(scaled - np.floor(scaled) - 0.5) <= np.maximum(np.abs(scaled), 1.0) * 2.0 ** -48
        undecided = np.isfinite(values) & (near_half | ~(np.abs(scaled) < 2.0 ** 52))
    if undecided.any():
        out[undecided] = [round(float(v), decimals) for v in values[undecided]]
    return out
