"""Which assumption moves the ranks most, and what each area or criterion does to them.

Sobol indices (Saltelli 2010 sampling, first order by Saltelli's estimator, total effect by
Jansen's) of the output "mean absolute shift of the ranks from the nominal ranking" with respect to
three groups of inputs: area weights, the survey's sampling error, and declared appraisal error
(a group with nothing uncertain in it gets zero and is left out). Leave-one-out drops one area (or
criterion) at a time and reports how far each unit's rank moves.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from parindex.core.analysis.dropping import rank_shifts
from parindex.core.analysis.model import IndexModel
from parindex.core.analysis.sobol import indices


@dataclass
class SobolIndices:
    factors: list[str]
    first_order: np.ndarray
    total: np.ndarray
    variance: float
    runs: int
    seed: int

    def rows(self) -> list[dict]:
        return [{"factor": f, "first_order": float(s), "total": float(t)} for f, s, t in zip(self.factors, self.first_order, self.total)]


def _factors(model: IndexModel) -> list[str]:
    out = ["weights"]
    if model.sources and model.survey_sd.any():
        out.append("survey")
    if model.appraisal_sd.any():
        out.append("appraisal")
    return out


def _blocks(model: IndexModel, rng: np.random.Generator, n: int, weight_noise: float) -> dict[str, np.ndarray]:
    return {"weights": model.area_max * rng.uniform(1 - weight_noise, 1 + weight_noise, size=(n, len(model.areas))),
            "survey": rng.standard_normal((n, len(model.units), max(1, len(model.sources)))),
            "appraisal": rng.standard_normal((n, len(model.units), len(model.leaves)))}


def _output(model: IndexModel, blocks: dict[str, np.ndarray], nominal: np.ndarray) -> np.ndarray:
    points = np.broadcast_to(model.points, (len(blocks["weights"]),) + model.points.shape).copy()
    from_survey = model.leaf_source >= 0
    if from_survey.any() and model.survey_sd.any():
        z = blocks["survey"] * model.survey_sd
        points[:, :, from_survey] += z[:, :, model.leaf_source[from_survey]] * model.leaf_max[from_survey]
    if model.appraisal_sd.any():
        points += blocks["appraisal"] * model.appraisal_sd
    points = np.clip(points, 0.0, model.leaf_max)
    r = model.ranks(model.index(points, blocks["weights"]))
    return np.abs(r - nominal).mean(axis=-1)


def sobol(model: IndexModel, n: int = 2000, seed: int = 2025, weight_noise: float = 0.25, chunk: int = 500) -> SobolIndices:
    """First-order and total Sobol indices; n(k + 2) model runs for k factors."""
    rng = np.random.Generator(np.random.PCG64(seed))
    factors = _factors(model)
    nominal = model.ranks(model.nominal_index())
    f_a: list[np.ndarray] = []
    f_b: list[np.ndarray] = []
    f_ab: dict[str, list[np.ndarray]] = {f: [] for f in factors}
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        a, b = _blocks(model, rng, m, weight_noise), _blocks(model, rng, m, weight_noise)
        f_a.append(_output(model, a, nominal))
        f_b.append(_output(model, b, nominal))
        for f in factors:
            f_ab[f].append(_output(model, {**a, f: b[f]}, nominal))
    first, total, variance = indices(np.concatenate(f_a), np.concatenate(f_b), [np.concatenate(f_ab[f]) for f in factors])
    return SobolIndices(factors, first, total, variance, n * (len(factors) + 2), seed)


def leave_one_out(model: IndexModel, level: str = "area", criteria: dict[str, list[str]] | None = None) -> list[dict]:
    """Drop each area (``level="area"``) or each criterion (``criteria``: code → its leaf codes) and
    re-rank: per dropped part, the mean and largest absolute rank shift and each unit's shift."""
    def without_area(code: str) -> np.ndarray:
        weights = model.area_max.copy()
        weights[list(model.areas).index(code)] = 0.0
        return model.ranks(model.index(model.points, weights))

    def without_criterion(code: str) -> np.ndarray:
        gone = np.array([leaf in (criteria or {})[code] for leaf in model.leaves])
        area_max = model.area_max - (model.leaf_max * gone) @ model.area_matrix()
        # an area left with nothing weighs nothing (its maximum is set to 1 only to avoid 0/0)
        reduced = replace(model, area_max=np.where(area_max > 0, area_max, 1.0))
        return model.ranks(reduced.index(np.where(gone, 0.0, model.points), np.clip(area_max, 0.0, None)))

    parts, ranks_without = (list(model.areas), without_area) if level == "area" else (list(criteria or {}), without_criterion)
    return [{"dropped": s.dropped, "mean_abs_shift": s.mean_abs_shift, "max_abs_shift": s.max_abs_shift,
             "shifts": {u: int(x) for u, x in zip(model.units, s.shifts)}}
            for s in rank_shifts(parts, model.ranks(model.nominal_index()), ranks_without)]
