"""Calibrating weights to known population totals: post-stratification, raking, calibration by R's
linear (GREG), raking and logit functions, and trimming. Each adjusted design also carries the
linearisation step R applies, so standard errors account for the calibration (residuals of the
calibration model)."""
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
    post-stratification, margin after margin, at most ``maxit`` of them.

    It stops, as R's ``rake`` does, when no cell of the *joint* table of every margin variable
    (``svytable(~a + b, design)``) moves by ``epsilon`` or more between sweeps — ``epsilon`` < 1 is
    a fraction of the design's total weight. The joint cells move less than the margins they sum
    to, so this may stop a sweep earlier than checking margin by margin would; the weights of that
    extra sweep differ from R's by about 1e-7, enough to miss R's estimates at 1e-8.

    Linearisation follows R: the influence values are swept ten times through each margin's
    post-stratum residuals, each taken with the weights of that margin's last adjustment.
    """
    prepared, variables = [], []
    for by, population in margins:
        by = [by] if isinstance(by, str) else list(by)
        cells = _cells(design.data, by, design.source)
        prepared.append((cells, pd.factorize(cells)[0], _population(cells, population, by, design.source)))
        variables += [v for v in by if v not in variables]
    joint = pd.factorize(_cells(design.data, variables, design.source))[0]
    w = design.weights.copy()
    tolerance = epsilon if epsilon >= 1 else epsilon * w.sum()

    def joint_table(weights):
        return np.bincount(joint, weights=weights)

    old = joint_table(w)
    last_weights = {}
    for _ in range(maxit):
        for k, (cells, _codes, targets) in enumerate(prepared):
            w = _poststratified(w, cells, targets)
            last_weights[k] = w
        new = joint_table(w)
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


# The calibration functions R's ``calibrate`` names by ``calfun``: each gives g − 1 from the linear
# predictor u = x'η (R's ``Fm1``) and its derivative (R's ``dF``), within bounds L ≤ g ≤ U.
CALFUNS = ("linear", "raking", "logit")  # R's cal.linear, cal.raking, cal.logit


def _linear_g(u, lower, upper):
    return np.minimum(np.maximum(u + 1, lower), upper) - 1


def _linear_slope(u, lower, upper):
    return ((u < upper - 1) & (u > lower - 1)).astype(float)


def _raking_g(u, lower, upper):
    return np.minimum(np.maximum(np.exp(u), lower), upper) - 1


def _raking_slope(u, lower, upper):
    # R tests u, not exp(u), against the bounds here, so the slope is cut a little off where g is
    # clipped; copied as it is, since that is what decides R's iterations.
    return np.where((u < upper - 1) & (u > lower - 1), np.exp(u), 0.0)


def _logit_g(u, lower, upper):
    a = (upper - lower) / ((upper - 1) * (1 - lower))
    eau = np.exp(a * u)
    return (lower * (upper - 1) + upper * (1 - lower) * eau) / (upper - 1 + (1 - lower) * eau) - 1


def _logit_slope(u, lower, upper):
    a = (upper - lower) / ((upper - 1) * (1 - lower))
    eau = np.exp(a * u)
    return (upper * (1 - lower) * eau * a / (upper - 1 + (1 - lower) * eau)
            - ((lower * (upper - 1) + upper * (1 - lower) * eau) * ((1 - lower) * eau * a)) / (upper - 1 + (1 - lower) * eau) ** 2)


_CALFUN_PARTS = {"linear": (_linear_g, _linear_slope), "raking": (_raking_g, _raking_slope), "logit": (_logit_g, _logit_slope)}

# grake rescales the weights first when every population total is over this many times its sample
# total (weights given as 1, or as fractions); the bounds then apply to the rescaled weights.
_RESCALE_ABOVE = 20


def _levels(column: pd.Series) -> list:
    """A categorical variable's levels in R's factor order: numbers by value, words alphabetically."""
    if pd.api.types.is_numeric_dtype(column):
        return list(pd.Series(sorted(column.unique())).astype(str))
    return sorted(column.astype(str).unique())


def _model_matrix(design: Design, categorical: Sequence[str], numeric: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """R's ``model.matrix(~a + b + x)``: an intercept, each category but the first of each
    categorical variable (treatment coding), then each numeric variable."""
    data = design.data
    for c in [*categorical, *numeric]:
        if c not in data.columns:
            raise ParindexError("missing_column", t("column '{column}' is not in the data", column=c), Where(file=design.source, column=c))
        if data[c].isna().any():
            row = int(np.flatnonzero(data[c].isna().to_numpy())[0]) + 2
            raise ParindexError("missing_calibration_value", t("calibration variable '{column}' is missing", column=c),
                                Where(file=design.source, row=row, column=c), expected=t('a value in every row for calibration variables'))
    columns, names = [np.ones(design.n)], ["(Intercept)"]
    for c in categorical:
        text = data[c].astype(str)
        for level in _levels(data[c])[1:]:
            columns.append((text == level).to_numpy(dtype=float))
            names.append(f"{c}{level}")
    for c in numeric:
        columns.append(pd.to_numeric(data[c]).to_numpy(dtype=float))
        names.append(c)
    return np.column_stack(columns), names


def _population_totals(names: list[str], totals: Mapping[str, float], source: str) -> np.ndarray:
    missing = [n for n in names if n not in totals]
    if missing:
        raise ParindexError("missing_population", t("no population total for '{value}'", value=missing[0]), Where(file=source),
                            expected=t('a total for {items}', items=", ".join(names)))
    unknown = [n for n in totals if n not in names]
    if unknown:  # R refuses totals that do not line up with its model matrix; a level absent from the sample lands here
        raise ParindexError("unknown_population_total", t("population total '{value}' is not a column of the calibration", value=unknown[0]),
                            Where(file=source), expected=t('a total for {items}', items=", ".join(names)), got=unknown)
    return np.array([totals[n] for n in names], dtype=float)


def _weighted_basis(X: np.ndarray, whalf: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the columns of X·√w, of their rank (R's ``qr(mm * whalf)``, whose
    tolerance 1e-7 it uses to drop a column that is a combination of the others)."""
    u, s, _ = np.linalg.svd(X * whalf[:, None], full_matrices=False)
    return u[:, s > 1e-7 * s[0]]


def _calibration_residual(basis: np.ndarray, scale: np.ndarray):
    """R's step for a calibrated design (``svyrecvar``: ``qr.resid(qr, x / w) * w`` with
    ``w = g·√w``): residuals of the influence values on the calibration variables, design-weighted,
    times the calibrated weight."""
    def residual(x):
        xs = x / scale[:, None]
        return (xs - basis @ (basis.T @ xs)) * scale[:, None]
    return residual


def _regression_g(X: np.ndarray, w: np.ndarray, population: np.ndarray, names: list[str], source: str) -> np.ndarray:
    """R's ``regcalibrate``: linear calibration without bounds in one closed-form step."""
    if _weighted_basis(X, np.sqrt(w)).shape[1] < X.shape[1]:
        raise ParindexError("collinear_calibration", t('the calibration variables are collinear'), Where(file=source),
                            expected=t('variables none of which is a combination of the others'), got=names)
    return 1 + X @ np.linalg.solve(X.T @ (w[:, None] * X), population - X.T @ w)


def _newton_g(X: np.ndarray, w: np.ndarray, population: np.ndarray, names: list[str], calfun: str, lower: float,
              upper: float, maxit: int, epsilon: float, source: str) -> np.ndarray:
    """R's ``grake``: Newton steps on η until every total is met to ``epsilon`` relative to
    1 + |total|, halving a step that overflows; refused after ``maxit`` steps (R warns "Failed to
    converge" and ``calibrate`` then stops with "Calibration failed")."""
    g_of, slope_of = _CALFUN_PARTS[calfun]
    sample_total = X.T @ w
    scales = population / sample_total
    scale = float(np.mean(scales)) if np.min(scales) > _RESCALE_ABOVE else None
    if scale is not None:
        w, sample_total = w * scale, sample_total * scale
    eta = np.zeros(X.shape[1])

    def at(eta):
        u = X @ eta
        return u, 1 + g_of(u, lower, upper), slope_of(u, lower, upper)

    def misfit(u):
        return population - sample_total - X.T @ (w * g_of(u, lower, upper))

    u, g, slope = at(eta)
    iteration = 1
    with np.errstate(over="ignore", invalid="ignore"):
        while True:
            step = np.linalg.pinv((X * (w * slope)[:, None]).T @ X, rcond=256 * np.finfo(float).eps) @ misfit(u)
            eta = eta + step
            u, g, slope = at(eta)
            while iteration < maxit and not (np.isfinite(g).all() and np.isfinite(slope).all()):
                iteration += 1
                step = step / 2
                eta = eta - step
                u, g, slope = at(eta)
            gap = np.abs(misfit(u)) / (1 + np.abs(population))
            if (gap < epsilon).all():
                break
            iteration += 1
            if iteration > maxit:
                # a total whose weights overflowed (NaN) is the furthest off, and has no distance to show
                worst = int(np.flatnonzero(~np.isfinite(gap))[0]) if not np.isfinite(gap).all() else int(np.argmax(gap))
                raise ParindexError("calibration_not_converged",
                                    t("the calibration did not meet the population total for '{value}' in {maxit} iterations",
                                      value=names[worst], maxit=maxit), Where(file=source),
                                    expected=t("each total met to {epsilon} of 1 + its size", epsilon=epsilon),
                                    got=float(gap[worst]) if np.isfinite(gap[worst]) else None,
                                    hint=t('bounds too tight for the totals are never met: widen them, check the totals, or allow more iterations'))
    return g * scale if scale is not None else g


def calibrate(design: Design, categorical: Sequence[str], numeric: Sequence[str], totals: Mapping[str, float],
              calfun: str = "linear", bounds: tuple[float, float] | None = None, maxit: int = 50,
              epsilon: float = 1e-7) -> Design:
    """Calibrate the weights to population totals, as R's ``calibrate(design, ~a + b + x,
    population, calfun = , bounds = , maxit = , epsilon = )`` does.

    ``totals`` holds a total for each column of R's model matrix: the intercept (N), each category
    but the first of each ``categorical`` variable (treatment coding, levels in R's order) and each
    ``numeric`` variable — ``{"(Intercept)": N, "stypeH": …, "api99": …}``. ``bounds`` = (L, U)
    bounds g, the ratio of calibrated to design weight, as R's ``bounds`` do (of weights R first
    rescales, when every total is over 20 times its estimate, g is taken after that rescaling).

    ``calfun`` is R's: ``"linear"`` without bounds is GREG in one closed-form step (R's
    ``regcalibrate``); ``"raking"`` (g = exp(x'η)), ``"logit"`` (g within (L, U), which it needs
    finite with 1 between them) and ``"linear"`` with bounds take R's ``grake`` Newton iterations,
    stopping when every total is met to ``epsilon`` relative to 1 + |total|. One that does not get
    there in ``maxit`` iterations — bounds too tight for the totals, or too few iterations — is
    refused with a ``ParindexError`` (R warns "Failed to converge" and stops "Calibration
    failed"); the design given is left as it was.

    The calibrated design carries R's linearisation step, so standard errors count the calibration:
    residuals of the influence values on the calibration variables with the design weights, times
    the calibrated weight (``svyrecvar`` on ``calibrate``'s ``postStrata``).

    >>> people = pd.DataFrame({"sex": ["f", "f", "m", "m"], "age": [20.0, 40.0, 30.0, 50.0]})
    >>> totals = {"(Intercept)": 10, "sexm": 4, "age": 330}
    >>> calibrate(Design.from_frame(people), ["sex"], ["age"], totals, calfun="raking").weights.round(3).tolist()  # as R's
    [3.3, 2.7, 2.2, 1.8]
    """
    if calfun not in CALFUNS:
        raise ParindexError("unknown_calfun", t("unknown calibration function '{calfun}'", calfun=calfun), Where(file=design.source),
                            expected=t('one of {items}', items=", ".join(CALFUNS)), got=calfun)
    lower, upper = (-np.inf, np.inf) if bounds is None else (float(bounds[0]), float(bounds[1]))
    if calfun == "logit" and not (np.isfinite([lower, upper]).all() and lower < 1 < upper):
        raise ParindexError("logit_bounds", t('logit calibration needs finite bounds with 1 between them'), Where(file=design.source),
                            expected=t('a lower bound below 1 and an upper bound above 1'), got=bounds)
    X, names = _model_matrix(design, categorical, numeric)
    population = _population_totals(names, totals, design.source)
    w = design.weights
    sample_total = X.T @ w
    if (sample_total == 0).any():  # R drops a column of zeros whose total is 0 too: it asks nothing
        asks = ~((population == 0) & (X == 0).all(axis=0))
        X, population, names = X[:, asks], population[asks], [n for n, a in zip(names, asks) if a]
    if calfun == "linear" and lower == -np.inf and upper == np.inf:
        g = _regression_g(X, w, population, names, design.source)
    else:
        g = _newton_g(X, w, population, names, calfun, lower, upper, maxit, epsilon, design.source)
    whalf = np.sqrt(w)
    return design.with_weights(w * g, (_calibration_residual(_weighted_basis(X, whalf), g * whalf),))


def calibrate_linear(design: Design, categorical: Sequence[str], numeric: Sequence[str], totals: Mapping[str, float]) -> Design:
    """Linear (GREG) calibration, R's ``calibrate(…, calfun = "linear")``: ``calibrate`` with its
    defaults, kept for the callers that name the method."""
    return calibrate(design, categorical, numeric, totals)


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
