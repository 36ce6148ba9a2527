"""Leave-one-out, the one engine the index analysis (areas, criteria) and the composite pipeline
(indicators) share: drop each part in turn, rank again, and measure how far each unit moves.

What "ranking without a part" means is the caller's (re-weighting an area to zero, re-aggregating
a composite without an indicator); the loop and the measure of the shift are here.

>>> nominal = np.array([1, 2, 3])
>>> [(s.dropped, s.mean_abs_shift, s.max_abs_shift) for s in rank_shifts(["a", "b"], nominal,
...     lambda part: np.array([2, 1, 3]) if part == "a" else nominal)]
[('a', 0.6666666666666666, 1), ('b', 0.0, 0)]
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RankShift:
    """How the ranking moved when ``dropped`` was left out: per unit (rank without − nominal rank),
    and its mean and largest absolute value."""

    dropped: str
    shifts: np.ndarray

    @property
    def mean_abs_shift(self) -> float:
        return float(np.abs(self.shifts).mean())

    @property
    def max_abs_shift(self) -> int:
        return int(np.abs(self.shifts).max())


def rank_shifts(parts: Iterable[str], nominal: np.ndarray, ranks_without: Callable[[str], np.ndarray]) -> list[RankShift]:
    """For each part, the ranks ``ranks_without(part)`` gives against the ``nominal`` ranks."""
    nominal = np.asarray(nominal)
    return [RankShift(part, np.asarray(ranks_without(part)) - nominal) for part in parts]
