"""How fast is the rank-uncertainty analysis? 10,000 Monte Carlo replications for 63 units ×
100 criteria in 8 areas, with area-weight noise (±25 %) and survey sampling noise (5 survey
estimates per unit feeding 20 criteria), against a floor: one vectorised NumPy pass of the same
arithmetic (draw everything at once, compute every index and rank, no bookkeeping).

Prints time and peak memory of both and their ratio. Target: under 2 s and within 3× the floor.
Run: ``.venv/bin/python benchmarks/uncertainty_bench.py``.
"""
from __future__ import annotations

import resource
import time
import tracemalloc

import numpy as np

from parindex.core.analysis.model import IndexModel
from parindex.core.analysis.sensitivity import sobol
from parindex.core.analysis.uncertainty import rank_uncertainty

UNITS, LEAVES, AREAS, SOURCES, REPLICATIONS = 63, 100, 8, 5, 10_000


def synthetic_model(seed: int = 7) -> IndexModel:
    rng = np.random.default_rng(seed)
    leaf_area = np.sort(rng.integers(0, AREAS, LEAVES))
    leaf_area[:AREAS] = np.arange(AREAS)
    leaf_area.sort()
    leaf_max = np.round(rng.uniform(0.5, 2.0, LEAVES), 2)
    area_max = np.bincount(leaf_area, weights=leaf_max, minlength=AREAS)
    scale = area_max.sum()
    capacity = rng.uniform(0.6, 0.98, UNITS)[:, None]
    points = np.round(leaf_max * np.clip(rng.normal(capacity, 0.1, (UNITS, LEAVES)), 0, 1), 2)
    leaf_source = np.full(LEAVES, -1)
    leaf_source[rng.choice(LEAVES, 20, replace=False)] = rng.integers(0, SOURCES, 20)
    return IndexModel(units=[f"U{i:02d}" for i in range(UNITS)], names=[f"U{i:02d}" for i in range(UNITS)],
                      leaves=[f"L{j}" for j in range(LEAVES)], areas=[str(a + 1) for a in range(AREAS)], points=points,
                      leaf_max=leaf_max, leaf_area=leaf_area, area_max=area_max, adjustments=np.zeros((UNITS, AREAS)),
                      scale=scale, groups=[("A", 90.0), ("B", 80.0), ("C", 70.0), ("D", 0.0)],
                      survey_sd=rng.uniform(0.01, 0.04, (UNITS, SOURCES)), leaf_source=leaf_source,
                      appraisal_sd=np.zeros(LEAVES), sources=[f"s{k}" for k in range(SOURCES)])


def floor(model: IndexModel, seed: int) -> np.ndarray:
    """The same arithmetic in one pass: every draw at once, every index and rank."""
    rng = np.random.default_rng(seed)
    n = REPLICATIONS
    weights = model.area_max * rng.uniform(0.75, 1.25, (n, AREAS))
    z = rng.standard_normal((n, UNITS, SOURCES)) * model.survey_sd
    points = np.broadcast_to(model.points, (n, UNITS, LEAVES)).copy()
    s = model.leaf_source >= 0
    points[:, :, s] += z[:, :, model.leaf_source[s]] * model.leaf_max[s]
    np.clip(points, 0, model.leaf_max, out=points)
    shares = np.clip(points @ model.area_matrix(), 0, model.area_max) / model.area_max
    index = 100 * (shares * weights[:, None, :]).sum(-1) / weights.sum(-1)[:, None]
    return model.ranks(index)


def measured(fn, *args, **kwargs):
    tracemalloc.start()
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, elapsed, peak


def main() -> None:
    model = synthetic_model()
    floor(model, 1)  # warm up
    best_floor = min(measured(floor, model, s)[1:] for s in range(3))
    best = min(measured(rank_uncertainty, model, REPLICATIONS, s)[1:] for s in range(3))
    result = rank_uncertainty(model, REPLICATIONS, 1)
    indices, sobol_time, sobol_peak = measured(sobol, model, 2000, 1)
    widths = result.rank_q95 - result.rank_q05
    print(f"{UNITS} units × {LEAVES} criteria, {REPLICATIONS} replications (weights ±25 % and survey noise), best of 3:")
    print(f"  parindex rank_uncertainty: {best[0]:.3f} s, peak {best[1] / 2**20:.0f} MiB (traced)")
    print(f"  floor (one NumPy pass):    {best_floor[0]:.3f} s, peak {best_floor[1] / 2**20:.0f} MiB (traced)")
    print(f"  ratio {best[0] / best_floor[0]:.2f}× the floor; target < 2 s and ≤ 3× —",
          "met" if best[0] < 2 and best[0] / best_floor[0] <= 3 else "NOT met")
    print(f"  Sobol indices (2,000 base samples, {indices.runs} model runs): {sobol_time:.3f} s, peak {sobol_peak / 2**20:.0f} MiB; "
          + ", ".join(f"{r['factor']} first {r['first_order']:.2f} total {r['total']:.2f}" for r in indices.rows()))
    print(f"  median 90 % rank-interval width {np.median(widths):.0f} places; process max RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
