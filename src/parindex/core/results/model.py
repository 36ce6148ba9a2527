"""Result objects: every point of every unit, with where it came from.

Plain frozen objects; ``export`` turns them into pandas, CSV, JSON and XLSX.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parindex.core.methodology.model import Group, Methodology, Node
from parindex.core.results import export
from parindex.core.text import LazyText, Text
from parindex.core.units.lineage import Comparison
from parindex.core.units.model import Unit


@dataclass(frozen=True)
class NodeResult:
    """Points of one area, criterion or leaf for one unit. Leaves carry the rule's explanation."""

    code: str
    points: float
    max_points: float
    explanation: Text | LazyText | None = None
    missing: bool = False
    inputs: dict[str, Any] | None = None

    @property
    def lost(self) -> float:
        return max(0.0, self.max_points - self.points)

    @property
    def share(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0


@dataclass(frozen=True)
class UnitResult:
    unit: Unit
    nodes: dict[str, NodeResult]
    total: float
    index: float  # percent of the scale
    parts: dict[str, float]  # "appraisal" (everything not from the survey) and "survey"
    rank: int = 0
    group: Group | None = None
    previous: Comparison | None = None

    @property
    def change(self) -> float | None:
        return None if self.previous is None else self.index - self.previous.value

    def node(self, code: str) -> NodeResult:
        return self.nodes[code]


@dataclass(frozen=True)
class Averages:
    """Mean points of every node, the total and the index: nationally and per region."""

    national: dict[str, float]
    by_region: dict[str, dict[str, float]]
    n_national: int
    n_by_region: dict[str, int]


@dataclass(frozen=True)
class ResultProvenance:
    """What a result was computed from — shown on every export."""

    methodology_id: str
    methodology_hash: str
    methodology_file: str
    inputs_source: str
    inputs_hash: str
    year: int
    ranking: str
    lineage_rule: str | None
    previous_source: str | None
    computed_at: str
    parindex_version: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CycleResults:
    methodology: Methodology
    units: tuple[UnitResult, ...]  # in rank order
    averages: Averages
    provenance: ResultProvenance

    def unit(self, key: str) -> UnitResult:
        """A unit's result by id or code."""
        for r in self.units:
            if key in (r.unit.id, r.unit.code):
                return r
        raise KeyError(key)

    @property
    def areas(self) -> tuple[Node, ...]:
        return self.methodology.areas

    # Exports live in ``export`` (which only annotates with this module's classes); these thin
    # methods make the object the one thing to hold.
    def to_frame(self, level: str = "unit"):
        return export.to_frame(self, level)

    def to_csv(self, path, level: str = "unit") -> None:
        export.write_csv(self, path, level)

    def to_json(self) -> dict[str, Any]:
        return export.to_json(self)

    def to_xlsx(self, path) -> None:
        export.write_xlsx(self, path)

    def write(self, path):
        """Write as .xlsx, .csv or .json, chosen by the suffix."""
        return export.write_results(self, path)
