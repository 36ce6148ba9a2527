"""The validated methodology: a programme year's tree of criteria with points and rules.

Objects here are frozen: once a file is loaded and checked, nothing can change a maximum or a rule
behind the results' back. ``content_hash`` pins the exact content a cycle was computed with.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from parindex.core.scoring.bands import Band, find_band
from parindex.core.scoring.registry import Rule
from parindex.core.services.counts import RecordCount
from parindex.core.text import Text

SOURCES = ("appraisal", "survey", "service_data", "bonus", "penalty")
ADJUSTMENT_SOURCES = ("bonus", "penalty")
PROVENANCE = ("official", "illustrative")
TIE_METHODS = ("min", "dense", "ordinal")


@dataclass(frozen=True)
class Provenance:
    """Whether a node's name, maximum and rule are the legal source's (``official``) or ours
    (``illustrative``). Kept per part, because a decision may fix an area's name but not its points.
    """

    name: str = "illustrative"
    max: str = "illustrative"
    rule: str = "illustrative"

    @property
    def label(self) -> str:
        parts = {self.name, self.max, self.rule}
        return parts.pop() if len(parts) == 1 else f"name {self.name}, max {self.max}, rule {self.rule}"


@dataclass(frozen=True)
class Node:
    """An area, criterion or sub-criterion. A node without children is a leaf and carries a rule."""

    code: str
    name: Text
    max_points: float
    provenance: Provenance
    children: tuple["Node", ...] = ()
    source: str | None = None
    rule: Rule | None = None
    rule_spec: dict | None = field(default=None, compare=False, hash=False)
    evidence: tuple[Text, ...] = ()
    note: str | None = None
    depth: int = 1  # 1 = area, 2 = criterion, 3 = sub-criterion
    estimate_from: tuple[str, str] | None = None  # (questionnaire, element or "overall") feeding a survey leaf
    appraisal_sd: float = 0.0  # declared standard deviation of the appraised points, for the uncertainty analysis
    records: RecordCount | None = None  # what a service_data leaf counts in the dossier records (Decision 766)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def is_adjustment(self) -> bool:
        """Bonus and penalty leaves add or take points outside the maxima."""
        return self.source in ADJUSTMENT_SOURCES

    def walk(self) -> Iterator["Node"]:
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator["Node"]:
        return (n for n in self.walk() if n.is_leaf)


@dataclass(frozen=True)
class Group:
    """A result group such as A (index ≥ 90 %)."""

    code: str
    name: Text
    band: Band
    provenance: str


@dataclass(frozen=True)
class Ranking:
    """How ranks are given: ties share the best rank (``min``) unless stated otherwise.

    Indices are compared after rounding to ``decimals`` because they are published rounded; two units
    shown with the same index must not get different ranks from invisible digits.
    """

    ties: str = "min"
    decimals: int = 2


@dataclass(frozen=True)
class LegalSource:
    document: str
    title: Text | None = None
    issued: date | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Methodology:
    id: str
    title: Text
    programme: Text
    year: int
    unit_kind: str
    legal_source: LegalSource
    scale: float
    groups: tuple[Group, ...]
    ranking: Ranking
    areas: tuple[Node, ...]
    content_hash: str
    source_file: str = ""
    note: str | None = None
    questionnaires: tuple = ()

    def questionnaire(self, questionnaire_id: str):
        return next(q for q in self.questionnaires if q.id == questionnaire_id)

    def walk(self) -> Iterator[Node]:
        for area in self.areas:
            yield from area.walk()

    def leaves(self) -> list[Node]:
        return [n for n in self.walk() if n.is_leaf]

    def node(self, code: str) -> Node:
        for n in self.walk():
            if n.code == code:
                return n
        raise KeyError(code)

    def max_by_source(self) -> dict[str, float]:
        """Maximum points per leaf source (ordinary leaves only), e.g. appraisal 68 / survey 32."""
        out: dict[str, float] = {}
        for leaf in self.leaves():
            if not leaf.is_adjustment and leaf.source is not None:
                out[leaf.source] = out.get(leaf.source, 0.0) + leaf.max_points
        return out

    def group_for(self, index_percent: float) -> Group:
        band = find_band([g.band for g in self.groups], index_percent)
        return next(g for g in self.groups if g.band is band)

    def counts(self) -> dict[int, int]:
        """Nodes per depth: ``{1: areas, 2: criteria, 3: sub-criteria}``."""
        out: dict[int, int] = {}
        for n in self.walk():
            out[n.depth] = out.get(n.depth, 0) + 1
        return out
