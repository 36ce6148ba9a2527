"""What changed between two published versions of one cycle.

A correction never replaces what was published: it is a new version beside the old one, and a reader
who saw version 1 must be able to find what version 2 changed — which units' index, rank or group,
which criteria's points, which units came into or left the ranking — with the reason the
publisher gave. Both sides are ``PublishedResults`` (the typed reading of a frozen snapshot), so the
comparison is of what was published, not of what the database holds now.
"""
from __future__ import annotations

from dataclasses import dataclass

from parindex.core.results.published import PublishedResults, PublishedUnit

TOLERANCE = 1e-9  # points are floats; a difference below this is the same number written twice


@dataclass(frozen=True)
class UnitChange:
    """One unit whose index, rank or group is not what the earlier version published."""

    unit: PublishedUnit
    index_before: float
    index_after: float
    rank_before: int
    rank_after: int
    group_before: str | None
    group_after: str | None

    @property
    def index_change(self) -> float:
        return self.index_after - self.index_before


@dataclass(frozen=True)
class PointsChange:
    """One node of one unit whose points changed: where a correction landed."""

    unit: PublishedUnit
    node: str
    before: float
    after: float


@dataclass(frozen=True)
class VersionChanges:
    before: int | None
    after: int | None
    units: tuple[UnitChange, ...]  # by the size of the change of index, largest first
    points: tuple[PointsChange, ...]  # leaves and areas whose points changed, by unit then node
    entered: tuple[PublishedUnit, ...]  # ranked now, not before (brought back into the cycle)
    left: tuple[PublishedUnit, ...]  # ranked before, not now (excluded since)
    national_before: float
    national_after: float

    @property
    def is_empty(self) -> bool:
        return not (self.units or self.points or self.entered or self.left)


def changes_between(before: PublishedResults, after: PublishedResults) -> VersionChanges:
    """Every published figure of ``after`` that differs from ``before``, unit by unit."""
    old = {u.unit.id: u for u in before.units}
    new = {u.unit.id: u for u in after.units}
    units, points = [], []
    for unit_id in new.keys() & old.keys():
        a, b = old[unit_id], new[unit_id]
        if abs(a.index - b.index) > TOLERANCE or a.rank != b.rank or a.group != b.group:
            units.append(UnitChange(b.unit, a.index, b.index, a.rank, b.rank, a.group, b.group))
        for code in sorted(b.nodes.keys() & a.nodes.keys(), key=_node_order):
            if abs(a.nodes[code].points - b.nodes[code].points) > TOLERANCE:
                points.append(PointsChange(b.unit, code, a.nodes[code].points, b.nodes[code].points))
    units.sort(key=lambda c: (-abs(c.index_change), c.unit.code))
    points.sort(key=lambda p: (p.unit.code, _node_order(p.node)))
    return VersionChanges(
        before.version, after.version, tuple(units), tuple(points),
        entered=tuple(sorted((new[i].unit for i in new.keys() - old.keys()), key=lambda u: u.code)),
        left=tuple(sorted((old[i].unit for i in old.keys() - new.keys()), key=lambda u: u.code)),
        national_before=before.national_index, national_after=after.national_index)


def _node_order(code: str) -> tuple:
    """``1.2`` before ``1.10``: criteria codes in the methodology's order, not the alphabet's."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in code.split("."))
