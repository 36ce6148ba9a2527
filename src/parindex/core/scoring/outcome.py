"""What a scoring rule returns: points, the maximum, and a sentence saying why."""
from __future__ import annotations

from dataclasses import dataclass

from parindex.core.text import LazyText, Text


@dataclass(frozen=True)
class Score:
    """Points for one leaf criterion with its human explanation.

    ``missing`` is true when the unit gave no input: the leaf scores 0 and says so, rather than
    failing the whole computation (an unreported item earns no points in PAR INDEX).
    """

    points: float
    max_points: float
    explanation: Text | LazyText
    missing: bool = False

    @property
    def lost(self) -> float:
        return self.max_points - self.points
