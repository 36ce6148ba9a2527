"""Ranks from indices, as published: higher index, better rank.

Indices are compared at the precision they are published with (``decimals``), so two units shown
as 86.28 share a rank instead of being split by digits nobody can see. Tie methods:

* ``min`` (default, "1, 2, 2, 4"): ties share the best rank — the usual convention of league tables
  and of R's ``rank(ties.method = "min")`` as used by COINr;
* ``dense`` ("1, 2, 2, 3");
* ``ordinal`` ("1, 2, 3, 4"): ties broken by the order given.
"""
from __future__ import annotations

from collections.abc import Sequence


def rank(values: Sequence[float], ties: str = "min", decimals: int = 2) -> list[int]:
    """Ranks of ``values`` (higher is better) under the tie method.

    >>> rank([80.0, 90.0, 80.0, 70.0])
    [2, 1, 2, 4]
    >>> rank([80.0, 90.0, 80.0, 70.0], ties="dense")
    [2, 1, 2, 3]
    """
    keys = [round(v, decimals) for v in values]
    order = sorted(range(len(keys)), key=lambda i: (-keys[i], i))
    ranks = [0] * len(keys)
    dense = 0
    previous = None
    for position, i in enumerate(order, start=1):
        if keys[i] != previous:
            dense += 1
            first_of_tie = position
            previous = keys[i]
        ranks[i] = {"min": first_of_tie, "dense": dense, "ordinal": position}[ties]
    return ranks
