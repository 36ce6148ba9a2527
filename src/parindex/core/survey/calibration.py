"""Calibrating weights to known population totals: post-stratification, raking, linear (GREG)
calibration and trimming. Each adjusted design also carries the linearisation step R applies, so
standard errors account for the calibration (residuals of the calibration model)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import t
from parindex.core.survey.design import Design
from parindex.core.survey.replicate import ReplicateDesign


def _cells(data: pd.DataFrame, by: Sequence[str], source: str) -> pd.Series:
    for column in by:
        if column not in data.columns:
            raise ParindexError("missing_column", t("column '{column}' is not in the data", column=column), Where(file=source, column=column))
    return data[list(by)].astype(str).agg("+".join, axis=1)


def _population(cells: pd.Series, population: Mapping[str, float], by: Sequence[str], source: str) -> np.ndarray:
    missing = sorted(set(cells) - set(population))
    if missing:
        raise ParindexError("missing_population", t("no population count for {items} = '{value}'", items='+'.join(by), value=missing[0]),
                            Where(file=source), expected=t('a Freq for every combination found in the sample'), got=missing)
    return cells.map(population).to_numpy(dtype=float)


def _poststratified(weights: np.ndarray, cells: pd.Series, targets: np.ndarray) -> np.ndarray:
    estimated = pd.Series(weights).groupby(cells.to_numpy()).transform("sum").to_numpy()
    return weights * targets / estimated


def _group_residual(codes: np.ndarray, psw: np.ndarray):
    """R's raking step, margin by margin: x − psw × (unweighted mean of x/psw in the cell)."""
    def step(x):
        ratio = pd.DataFrame(x / psw[:, None]).groupby(codes).transform("mean").to_numpy()
        return x - psw[:, None] * ratio
    return step


def _poststratum_residual(codes: np.ndarray, new: np.ndarray, old: np.ndarray):
    """R's post-stratification step (``svyrecvar``): x − w_ps × Σ_cell(x·w_old/w_ps) / Σ_cell(w_old).
    With weights equal inside a cell this is the cell's mean of x; with weights that vary inside it
    (nearly every real design) it is not, and only this form gives R's standard errors."""
    new = np.where((new == 0) & (old == 0), 1.0, new)  # R's guard for a unit weighted 0 before and after
    cell_old = pd.Series(old).groupby(codes).transform("sum").to_numpy()[:, None]

    def step(x):
        centre = pd.DataFrame(x * (old / new)[:, None]).groupby(codes).transform("sum").to_numpy() / cell_old
        return x - new[:, None] * centre
    return step


def poststratify(design, by: Sequence[str] | str, population: Mapping[str, float]):
    """Weights × N_cell / N̂_cell. ``population`` maps each cell ("E", or "E+Yes" for several
    variables, in the order of ``by``) to its population count."""
    by = [by] if isinstance(by, str) else list(by)
    cells = _cells(design.data, by, design.source)
    targets = _population(cells, population, by, design.source)
    if isinstance(design, ReplicateDesign):
        rep = np.column_stack([_poststratified(design.repweights[:, r], cells, targets) for r in range(design.repweights.shape[1])])
        return design.with_weights(_poststratified(design.weights, cells, targets), rep)
    codes = pd.factorize(cells)[0]
    weights = _poststratified(design.weights, cells, targets)
    return design.with_weights(weights, (_poststratum_residual(codes, weights, design.weights),))


def rake(design: Design, margins: Sequence[tuple[Sequence[str] | str, Mapping[str, float]]], maxit: int = 10,
         epsilon: float = 1.0) -> Design:
    """Iterative proportional fitting over the margins, with R's ``rake`` defaults: sweeps of
    post-stratification until no cell total of any margin moves by ``epsilon`` or more between
    sweeps (``epsilon`` < 1 is a fraction of the total weight), at most ``maxit`` sweeps.

    Linearisation follows R: the influence values are swept ten times through each margin's
    post-stratum residuals, each taken with the weights of that margin's last adjustment.
    """
    prepared = []
    for by, population in margins:
        by = [by] if isinstance(by, str) else list(by)
        cells = _cells(design.data, by, design.source)
        prepared.append((cells, pd.factorize(cells)[0], _population(cells, population, by, design.source)))
    w = design.weights.copy()
    tolerance = epsilon if epsilon >= 1 else epsilon * w.sum()

    def tables(weights):
        return np.concatenate([pd.Series(weights).groupby(codes).sum().to_numpy() for _, codes, _ in prepared])

    old = tables(w)
    last_weights = {}
    for _ in range(maxit):
        for k, (cells, _codes, targets) in enumerate(prepared):
            w = _poststratified(w, cells, targets)
            last_weights[k] = w
        new = tables(w)
        if np.max(np.abs(new - old)) < tolerance:
            break
        old = new
    steps = [_group_residual(codes, last_weights[k]) for k, (_, codes, _) in enumerate(prepared)]

    def sweep(x):
        for _ in range(10):
            for step in steps:
                x = step(x)
        return x
    return design.with_weights(w, (sweep,))


def calibrate_linear(design: Design, categorical: Sequence[str], numeric: Sequence[str], totals: Mapping[str, float]) -> Design:
    """Linear (GREG) calibration to totals of an intercept, treatment-coded categories (first level
    left out, R's default) and numeric columns: ``{"(Intercept)": N, "stypeH": …, "api99": …}``."""
    data = design.data
    columns, names = [np.ones(design.n)], ["(Intercept)"]
    for c in categorical:
        levels = sorted(data[c].astype(str).unique())
        for level in levels[1:]:
            columns.append((data[c].astype(str) == level).to_numpy(dtype=float))
            names.append(f"{c}{level}")
    for c in numeric:
        columns.append(pd.to_numeric(data[c]).to_numpy(dtype=float))
        names.append(c)
    missing = [n for n in names if n not in totals]
    if missing:
        raise ParindexError("missing_population", t("no population total for '{value}'", value=missing[0]),
                            expected=t('a total for {items}', items=", ".join(names)))
    X = np.column_stack(columns)
    T = np.array([totals[n] for n in names], dtype=float)
    w = design.weights
    lam = np.linalg.solve(X.T @ (w[:, None] * X), T - X.T @ w)
    g = 1 + X @ lam
    whalf = np.sqrt(w)
    q, _ = np.linalg.qr(X * whalf[:, None])
    scale = g * whalf  # R keeps g·√w: residuals of z on X with the design weights, times the calibrated weight

    def residual(x):
        xs = x / scale[:, None]
        return (xs - q @ (q.T @ xs)) * scale[:, None]
    return design.with_weights(w * g, (residual,))


def trim_weights(design: Design, lower: float | None = None, upper: float | None = None, max_rounds: int = 50) -> Design:
    """Clip weights to [lower, upper] and spread what was cut over the weights still inside the
    bounds, so the total is unchanged; repeat until every weight is within bounds (R's
    ``trimWeights(strict = TRUE)``)."""
    low = lower if lower is not None else -np.inf
    high = upper if upper is not None else np.inf
    w = design.weights.copy()
    total = w.sum()
    for _ in range(max_rounds):
        clipped = np.clip(w, low, high)
        fixed = clipped != w
        fixed |= (clipped == low) | (clipped == high)
        if not (w != clipped).any():
            break
        free = ~fixed
        if not free.any():
            raise ParindexError("trim_infeasible", t('the bounds leave no weight free to take up the trimmed amount'),
                                expected=t('bounds wider apart'), got=[lower, upper])
        clipped[free] *= (total - clipped[fixed].sum()) / clipped[free].sum()
        w = clipped
    return design.with_weights(w)
