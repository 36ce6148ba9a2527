"""An additive points index as arrays: what the Monte Carlo and the sensitivity analysis perturb.

The index of a unit is 100 × Σ_a w_a·s_a / Σ_a w_a, where s_a is the share of area a's maximum the
unit earned (its leaves plus bonus or penalty, kept within 0 and the maximum, as ``compute`` does)
and w_a the area's weight — its maximum, nominally, so that with nominal weights this is exactly
the published index.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from parindex.core.methodology.model import Methodology
from parindex.core.results import ranking
from parindex.core.results.model import CycleResults
from parindex.core.results.published import PublishedResults


@dataclass
class IndexModel:
    units: list[str]  # unit ids
    names: list[str]
    leaves: list[str]
    areas: list[str]
    points: np.ndarray  # units × leaves, nominal points (adjustment leaves excluded)
    leaf_max: np.ndarray  # leaves
    leaf_area: np.ndarray  # leaves → area position
    area_max: np.ndarray  # areas
    adjustments: np.ndarray  # units × areas: bonus − penalty points
    scale: float
    groups: list[tuple[str, float]]  # (code, lower bound of the index), any order
    survey_sd: np.ndarray  # units × survey sources: standard error of the estimate feeding the leaf (0..1 share)
    leaf_source: np.ndarray  # leaves → survey source position, −1 for leaves not from the survey
    appraisal_sd: np.ndarray  # leaves: declared standard deviation of appraised points (0 = certain)
    sources: list[str] = field(default_factory=list)  # survey sources, e.g. "sipas:access"
    ranking_decimals: int = 2
    ranking_ties: str = "min"  # the methodology's tie rule, so simulated ranks are given as published ones

    def area_matrix(self) -> np.ndarray:
        m = np.zeros((len(self.leaves), len(self.areas)))
        m[np.arange(len(self.leaves)), self.leaf_area] = 1.0
        return m

    def index(self, points: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Index for points of shape (…, units, leaves) and area weights (…, areas)."""
        weights = self.area_max if weights is None else weights
        shares = np.clip(points @ self.area_matrix() + self.adjustments, 0.0, self.area_max) / self.area_max
        weights = np.asarray(weights)[..., None, :]
        return 100 * (shares * weights).sum(axis=-1) / weights.sum(axis=-1)

    def nominal_index(self) -> np.ndarray:
        return self.index(self.points)

    def group_of(self, index: np.ndarray) -> np.ndarray:
        """Position (in ``self.groups``) of the group each index falls in."""
        order = np.argsort([low for _, low in self.groups])
        lows = np.array([self.groups[i][1] for i in order])
        return order[np.clip(np.searchsorted(lows, index, side="right") - 1, 0, len(lows) - 1)]

    def ranks(self, index: np.ndarray) -> np.ndarray:
        """Integer ranks of indices of shape (…, units), given as the methodology gives them."""
        return ranking.ranks(index, self.ranking_ties, self.ranking_decimals).astype(np.int64)


def index_model(rows: Iterable[tuple[str, str, str, Mapping[str, float]]], methodology: Methodology,
                survey_se: Mapping[str, Mapping[str, float]] | None = None,
                appraisal_sd: Mapping[str, float] | None = None) -> IndexModel:
    """Arrays from each unit's points: ``rows`` are (unit id, unit code, name, points by node code).
    ``survey_se`` maps unit code → survey source (``"sipas:access"``) → standard error of the share;
    ``appraisal_sd`` maps leaf code → standard deviation of its points (default: what the methodology
    declares on the leaf, else 0)."""
    rows = list(rows)
    leaves = [leaf for leaf in methodology.leaves() if not leaf.is_adjustment]
    adjustments = [leaf for leaf in methodology.leaves() if leaf.is_adjustment]
    area_of = {leaf.code: i for i, area in enumerate(methodology.areas) for leaf in area.leaves()}
    sources = sorted({f"{leaf.estimate_from[0]}:{leaf.estimate_from[1]}" for leaf in leaves if leaf.estimate_from})
    survey = np.array([[(survey_se or {}).get(code, {}).get(source, 0.0) for source in sources] for _, code, _, _ in rows],
                      dtype=float).reshape(len(rows), len(sources))
    return IndexModel(
        units=[uid for uid, _, _, _ in rows], names=[name for _, _, name, _ in rows], leaves=[leaf.code for leaf in leaves],
        areas=[a.code for a in methodology.areas],
        points=np.array([[points[leaf.code] for leaf in leaves] for _, _, _, points in rows], dtype=float),
        leaf_max=np.array([leaf.max_points for leaf in leaves]), leaf_area=np.array([area_of[leaf.code] for leaf in leaves]),
        area_max=np.array([a.max_points for a in methodology.areas], dtype=float),
        adjustments=np.array([[sum(points[leaf.code] for leaf in adjustments if area_of[leaf.code] == a)
                               for a in range(len(methodology.areas))] for _, _, _, points in rows], dtype=float),
        scale=methodology.scale, groups=[(g.code, g.band.lower) for g in methodology.groups],
        survey_sd=survey,
        leaf_source=np.array([sources.index(f"{leaf.estimate_from[0]}:{leaf.estimate_from[1]}") if leaf.estimate_from else -1
                              for leaf in leaves]),
        appraisal_sd=np.array([(appraisal_sd or {}).get(leaf.code, leaf.appraisal_sd) for leaf in leaves]),
        sources=sources, ranking_decimals=methodology.ranking.decimals, ranking_ties=methodology.ranking.ties)


def from_results(results: CycleResults, methodology: Methodology, **options) -> IndexModel:
    return index_model(((r.unit.id, r.unit.code, r.unit.name.vi, {c: n.points for c, n in r.nodes.items()}) for r in results.units),
                       methodology, **options)


def from_published(published: PublishedResults, methodology: Methodology, **options) -> IndexModel:
    """From published results; their SIPAS estimates give the survey standard errors."""
    survey_se: dict[str, dict[str, float]] = {}
    if published.survey is not None:
        for e in published.survey.estimates:
            survey_se.setdefault(e.domain, {})[f"{published.survey.questionnaire}:{e.element}"] = e.se
    return index_model(((u.unit.id, u.unit.code, u.unit.name.vi, u.points()) for u in published.units),
                       methodology, survey_se=survey_se, **options)
