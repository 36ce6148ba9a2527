"""Monte Carlo of the ranks: how sure is each unit's rank, and its group?

Each replication perturbs what is uncertain and recomputes every index and rank:

* area weights, each multiplied by a uniform factor in [1 − w, 1 + w] (nominal: the area maxima);
* the survey part: each survey estimate drawn from its sampling distribution, N(estimate, SE²),
  shared by all leaves fed from the same estimate, clipped to the leaf's range;
* the appraisal, where a methodology declares a standard deviation for a leaf's points.

Seeded with NumPy's PCG64 and drawn in chunks (the same seed and chunk size give the same result,
recorded with it); only counts of ranks and groups are kept, so memory does not grow with replications.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parindex.core.analysis.model import IndexModel


@dataclass
class RankUncertainty:
    units: list[str]
    nominal_rank: np.ndarray
    nominal_index: np.ndarray
    median_rank: np.ndarray
    mean_rank: np.ndarray
    rank_q05: np.ndarray
    rank_q95: np.ndarray
    group_probability: np.ndarray  # units × groups
    groups: list[str]
    replications: int
    seed: int
    settings: dict

    def rows(self) -> list[dict]:
        return [{"unit_id": u, "nominal_rank": int(self.nominal_rank[i]), "index": float(self.nominal_index[i]),
                 "median_rank": float(self.median_rank[i]), "mean_rank": float(self.mean_rank[i]),
                 "rank_q05": int(self.rank_q05[i]), "rank_q95": int(self.rank_q95[i]),
                 **{f"p_group_{g}": float(self.group_probability[i, j]) for j, g in enumerate(self.groups)}}
                for i, u in enumerate(self.units)]


def draw(model: IndexModel, rng: np.random.Generator, n: int, weight_noise: float, survey: bool, appraisal: bool,
         survey_scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` replications: (points n × units × leaves, area weights n × areas)."""
    weights = model.area_max * rng.uniform(1 - weight_noise, 1 + weight_noise, size=(n, len(model.areas)))
    points = np.broadcast_to(model.points, (n,) + model.points.shape)
    if survey and model.sources and model.survey_sd.any():
        z = rng.standard_normal((n, len(model.units), len(model.sources))) * model.survey_sd * survey_scale
        from_survey = model.leaf_source >= 0
        shift = np.zeros((n,) + model.points.shape)
        shift[:, :, from_survey] = z[:, :, model.leaf_source[from_survey]] * model.leaf_max[from_survey]
        points = points + shift
    if appraisal and model.appraisal_sd.any():
        declared = model.appraisal_sd > 0
        noise = np.zeros((n,) + model.points.shape)
        noise[:, :, declared] = rng.standard_normal((n, len(model.units), int(declared.sum()))) * model.appraisal_sd[declared]
        points = points + noise
    return np.clip(points, 0.0, model.leaf_max), weights


def rank_uncertainty(model: IndexModel, replications: int = 10_000, seed: int = 2025, weight_noise: float = 0.25,
                     survey: bool = True, appraisal: bool = True, chunk: int = 1000, survey_scale: float = 1.0) -> RankUncertainty:
    """Rank intervals and group probabilities over ``replications`` Monte Carlo draws.
    ``survey_scale`` multiplies every survey SE (e.g. 1/√k for a sample k times larger)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    n_units, n_groups = len(model.units), len(model.groups)
    rank_counts = np.zeros((n_units, n_units + 1), dtype=np.int64)
    group_counts = np.zeros((n_units, n_groups), dtype=np.int64)
    rank_sum = np.zeros(n_units)
    unit_rows = np.arange(n_units)
    done = 0
    while done < replications:
        n = min(chunk, replications - done)
        points, weights = draw(model, rng, n, weight_noise, survey, appraisal, survey_scale)
        index = model.index(points, weights)
        r = model.ranks(index)
        rank_counts += np.bincount((unit_rows * (n_units + 1) + r).ravel(), minlength=n_units * (n_units + 1)).reshape(rank_counts.shape)
        g = model.group_of(index)
        group_counts += np.bincount((unit_rows * n_groups + g).ravel(), minlength=n_units * n_groups).reshape(group_counts.shape)
        rank_sum += r.sum(axis=0)
        done += n
    nominal = model.nominal_index()
    cumulative = rank_counts.cumsum(axis=1) / replications

    def quantile(p: float) -> np.ndarray:
        return np.argmax(cumulative >= p - 1e-12, axis=1)

    return RankUncertainty(units=model.units, nominal_rank=model.ranks(nominal), nominal_index=nominal,
                           median_rank=quantile(0.5).astype(float), mean_rank=rank_sum / replications,
                           rank_q05=quantile(0.05), rank_q95=quantile(0.95), group_probability=group_counts / replications,
                           groups=[g for g, _ in model.groups], replications=replications, seed=seed,
                           settings={"weight_noise": weight_noise, "survey": survey, "appraisal": appraisal,
                                     "survey_scale": survey_scale, "rng": "numpy PCG64", "chunk": chunk})
