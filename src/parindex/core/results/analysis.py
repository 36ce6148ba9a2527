"""What a unit should look at: where it lost points, and where it stands against the average.

Strongest and weakest areas compare the unit's share of each area's maximum with the national
average share, so a 10-point area and a 30-point area are compared on the same footing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from parindex.core.methodology.model import Node

if TYPE_CHECKING:  # loaded by model (through export): results are only annotated here
    from parindex.core.results.model import CycleResults, UnitResult


@dataclass(frozen=True)
class AreaStanding:
    area: Node
    points: float
    max_points: float
    share: float
    average_share: float

    @property
    def gap(self) -> float:
        """Unit's share minus the national average share (positive: better than average)."""
        return self.share - self.average_share


@dataclass(frozen=True)
class PointsLost:
    node: Node
    lost: float
    explanation: str | None


@dataclass(frozen=True)
class UnitAnalysis:
    unit_result: UnitResult
    lost_by_area: list[PointsLost]
    lost_by_criterion: list[PointsLost]  # leaves, largest loss first
    standings: list[AreaStanding]  # best gap first

    @property
    def strongest(self) -> AreaStanding:
        return self.standings[0]

    @property
    def weakest(self) -> AreaStanding:
        return self.standings[-1]


def analyse(results: CycleResults, unit_key: str, lang: str = "vi") -> UnitAnalysis:
    r = results.unit(unit_key)
    m = results.methodology
    national = results.averages.national
    lost_by_area = sorted((PointsLost(a, r.nodes[a.code].lost, None) for a in m.areas), key=lambda p: -p.lost)
    leaves = [leaf for leaf in m.leaves() if leaf.source != "bonus"]  # a penalty is points lost too
    lost_by_criterion = sorted(
        (PointsLost(leaf, r.nodes[leaf.code].lost, _said(r.nodes[leaf.code].explanation, lang)) for leaf in leaves
         if r.nodes[leaf.code].lost > 1e-9),
        key=lambda p: (-p.lost, p.node.code),
    )
    standings = sorted(
        (AreaStanding(a, r.nodes[a.code].points, a.max_points, r.nodes[a.code].share, national[a.code] / a.max_points)
         for a in m.areas),
        key=lambda s: -s.gap,
    )
    return UnitAnalysis(r, lost_by_area, lost_by_criterion, standings)


def _said(explanation, lang: str) -> str | None:
    return None if explanation is None else explanation.get(lang)
