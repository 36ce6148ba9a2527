"""Uncertainty and sensitivity analysis of a composite built from a spec (COINr's
``get_sensitivity``): each replication picks one alternative for every uncertain assumption —
an outlier limit, a normalisation, noisy weights, an aggregation — rebuilds the index and ranks
it. Reports per unit the nominal rank, mean, median and 5–95 % interval of the simulated ranks;
optional first-order and total Sobol indices of the mean absolute rank shift; and leave-one-out
rank shifts of each indicator. Seeded; the seed and the draws are recorded.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from parindex.composite.aggregate import aggregate
from parindex.composite.build import fresh, run_steps
from parindex.composite.coin import Coin, ranks
from parindex.core.analysis.dropping import rank_shifts
from parindex.core.analysis.sobol import indices
from parindex.core.errors import ParindexError
from parindex.core.phrases import t


@dataclass
class Assumption:
    """One uncertain choice: alternatives for a step's parameter (or the whole step's parameters
    when ``parameter`` is None), or noisy weights (``noise``: {levels, factor})."""

    name: str
    step: str
    parameter: str | None = None
    alternatives: list[Any] = field(default_factory=list)
    noise: dict | None = None

    def value(self, u: float, coin: Coin) -> Any:
        """The alternative picked by ``u`` in [0, 1), or a noisy weight set."""
        if self.noise:
            weights = coin.weights().copy()
            levels = set(self.noise.get("levels", []))
            factor = float(self.noise.get("factor", 0.25))
            picks = np.random.Generator(np.random.PCG64(int(u * 2**32)))
            for code in weights.index:
                if coin.meta.at[code, "Type"] in ("Indicator", "Aggregate") and int(coin.meta.at[code, "Level"]) in levels:
                    weights[code] *= picks.uniform(1 - factor, 1 + factor)
            return weights
        return self.alternatives[min(int(u * len(self.alternatives)), len(self.alternatives) - 1)]


def read_assumptions(items: list[dict]) -> list[Assumption]:
    out = []
    for item in items:
        if not item.get("alternatives") and not item.get("noise"):
            raise ParindexError("bad_assumption", t("assumption '{value}' has neither alternatives nor noise", value=item.get('name')),
                                expected=t("{alternatives} or {noise}", alternatives="alternatives: [...]",
                                           noise="noise: {levels: [...], factor: 0.25}"))
        out.append(Assumption(item["name"], item["step"], item.get("parameter"), list(item.get("alternatives") or []), item.get("noise")))
    return out


def _steps_with(steps: list[dict], assumptions: list[Assumption], values: list[Any]) -> list[dict]:
    steps = copy.deepcopy(steps)
    for a, value in zip(assumptions, values):
        for step in steps:
            if a.step in step:
                params = step[a.step] = dict(step[a.step] or {})
                if a.parameter is None and isinstance(value, dict):
                    for key in ("f_n", "f_n_para", "f_ag"):
                        params.pop(key, None)
                    params.update(value)
                else:
                    params[a.parameter or "weights"] = value
    return steps


def _target_ranks(coin: Coin, steps: list[dict], target: str) -> np.ndarray:
    built = run_steps(fresh(coin), steps)
    return ranks(built.datasets["Aggregated"][target].astype(float)).to_numpy()


def uncertainty(coin: Coin, steps: list[dict], assumptions: list[Assumption], replications: int = 100, seed: int = 1,
                target: str = "Index") -> pd.DataFrame:
    """Rank statistics per unit over ``replications`` rebuilds with randomly chosen alternatives."""
    rng = np.random.Generator(np.random.PCG64(seed))
    nominal = _target_ranks(coin, steps, target)
    draws = rng.uniform(size=(replications, len(assumptions)))
    simulated = np.array([_target_ranks(coin, _steps_with(steps, assumptions, [a.value(u, coin) for a, u in zip(assumptions, row)]),
                                        target) for row in draws])
    units = coin.datasets["Raw"].index
    return pd.DataFrame({"uCode": units, "Nominal": nominal.astype(int), "Mean": simulated.mean(axis=0),
                         "Median": np.median(simulated, axis=0), "Q5": np.quantile(simulated, 0.05, axis=0),
                         "Q95": np.quantile(simulated, 0.95, axis=0)})


def sobol_indices(coin: Coin, steps: list[dict], assumptions: list[Assumption], n: int = 50, seed: int = 1,
                  target: str = "Index") -> pd.DataFrame:
    """First-order (Saltelli) and total (Jansen) Sobol indices of the mean absolute rank shift;
    n(k + 2) rebuilds."""
    rng = np.random.Generator(np.random.PCG64(seed))
    nominal = _target_ranks(coin, steps, target)
    k = len(assumptions)
    a, b = rng.uniform(size=(n, k)), rng.uniform(size=(n, k))

    def output(row) -> float:
        values = [x.value(u, coin) for x, u in zip(assumptions, row)]
        return float(np.abs(_target_ranks(coin, _steps_with(steps, assumptions, values), target) - nominal).mean())

    ya, yb = np.array([output(r) for r in a]), np.array([output(r) for r in b])
    yab = []
    for i in range(k):
        ab = a.copy()
        ab[:, i] = b[:, i]
        yab.append(np.array([output(r) for r in ab]))
    first, total, _ = indices(ya, yb, yab)
    return pd.DataFrame({"assumption": [x.name for x in assumptions], "first_order": first, "total": total})


def leave_one_out(coin: Coin, dset: str = "Normalised", target: str = "Index") -> pd.DataFrame:
    """Drop each indicator in turn, re-aggregate, and report how far the target's ranks move
    (COINr's ``remove_elements``), with the engine the index analysis uses."""
    def ranks_without(code: str) -> np.ndarray:
        weights = coin.weights().copy()
        weights[code] = 0.0
        trial = Coin(coin.data, coin.meta, {dset: coin.datasets[dset]})
        aggregate(trial, dset=dset, weights=weights)
        return ranks(trial.datasets["Aggregated"][target].astype(float)).to_numpy()

    nominal = ranks(coin.datasets["Aggregated"][target].astype(float)).to_numpy()
    return pd.DataFrame([{"iCode": s.dropped, "mean_abs_rank_shift": s.mean_abs_shift, "max_abs_rank_shift": s.max_abs_shift}
                         for s in rank_shifts(coin.indicators, nominal, ranks_without)])
