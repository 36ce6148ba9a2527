"""Means, totals, proportions and ratios, overall and by domain, with Taylor-linearised variances.

Each estimator builds the linearised variable ``z`` of its statistic (R's influence functions),
passes ``weights × z`` to ``design_variance``, and reports the estimate, SE, a 95 % interval and
the design effect against simple random sampling *without* replacement of the same size (R's
``deff=TRUE``; ``deff="replace"`` compares with sampling with replacement).

Missing values are handled as R's ``na.rm=TRUE``: rows without the variable leave the estimate but
stay in the design (a domain), so strata and PSUs keep their counts. A domain of one respondent has
its estimate, SE and a NaN design effect, as in R; a domain without any has no mean or share (NaN,
where R writes 0) and a total of 0.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pandas as pd
from scipy import stats

from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import t
from parindex.core.survey.design import Design
from parindex.core.survey.estimate import Estimate
from parindex.core.survey.profile import likelihood_ends
from parindex.core.survey.replicate import ReplicateDesign
from parindex.core.survey.variance import design_variance

Z975 = stats.norm.ppf(0.975)


def _column(design: Design, name: str) -> pd.Series:
    if name not in design.data.columns:
        raise ParindexError("missing_column", t("column '{name}' is not in the data", name=name), Where(file=design.source, column=name),
                            expected=t('a column of the survey data'), got=name)
    return design.data[name]


def numeric_column(design: Design, name: str) -> tuple[np.ndarray, np.ndarray]:
    series = _column(design, name)
    values = pd.to_numeric(series, errors="coerce")
    bad = values.isna() & series.notna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise ParindexError("not_numeric", t("column '{name}' holds text where a number belongs", name=name),
                            Where(file=design.source, row=row, column=name), expected=t('numbers'), got=series[bad].iloc[0])
    present = values.notna().to_numpy()
    return np.where(present, values.to_numpy(dtype=float), 0.0), present


def domain_rows(design: Design, by: str | None) -> Iterator[tuple[str | None, np.ndarray]]:
    """Each domain of ``by`` (or the whole design) and its rows, within the design's subset."""
    inside = design.in_subset
    if by is None:
        yield None, inside
        return
    column = _column(design, by)
    for level in sorted(column[inside].dropna().unique(), key=str):
        yield f"{by}={level}", (column == level).to_numpy() & inside


def _variance(design, stat, z, rows) -> float | np.ndarray:
    """Replicate variance (re-estimate with every replicate's weights) or Taylor (weights × z) over
    the subset ``rows`` (the domain's respondents)."""
    if isinstance(design, ReplicateDesign):
        with np.errstate(invalid="ignore", divide="ignore"):
            replicates = np.array([stat(design.repweights[:, r]) for r in range(design.repweights.shape[1])])
        return design.variance(replicates, stat(design.weights))
    return design_variance(design, design.weights * z, rows)


def _finish(statistic, variable, est, var, deff, n, domain=None, level=None) -> Estimate:
    se = float(np.sqrt(max(var, 0.0)))
    return Estimate(statistic, variable, float(est), se, float(est - Z975 * se), float(est + Z975 * se), deff, int(n),
                    level=level, domain=domain)


def _svyvar(y, w, rows) -> float:
    """R's ``svyvar``: n/(n − 1) × weighted mean of squared deviations, over the rows used; NaN for
    fewer than two respondents (R's NA), so a domain of one gives its estimate, not an error."""
    n = int(np.count_nonzero(w[rows]))
    if n < 2:
        return math.nan
    wr, yr = w[rows], y[rows]
    mean = np.sum(wr * yr) / np.sum(wr)
    return n / (n - 1) * np.sum(wr * (yr - mean) ** 2) / np.sum(wr)


def _per_respondent(value: float, n: int) -> float:
    return value / n if n else math.nan


def _deff(var, vsrs_base, n, population, deff: str | bool) -> float | None:
    if not deff:
        return None
    vsrs = vsrs_base if deff == "replace" else vsrs_base * (population - n) / population
    if not vsrs or math.isnan(vsrs):  # fewer than two respondents, or no spread: R's NaN
        return math.nan
    return float(var / vsrs)


def mean(design: Design, variable: str, by: str | None = None, deff: str | bool = True) -> list[Estimate]:
    y, present = numeric_column(design, variable)
    w = design.weights
    out = []
    for domain, member in domain_rows(design, by):
        rows = member & present
        total_w = np.sum(w[rows])
        n = int(np.count_nonzero(rows))
        if n == 0:  # no respondent: no mean (R writes 0 with SE 0; a mean of nobody is not 0)
            out.append(_finish("mean", variable, math.nan, math.nan, math.nan if deff else None, 0, domain))
            continue

        def stat(weights, rows=rows):
            return np.sum(weights[rows] * y[rows]) / np.sum(weights[rows])
        est = stat(w)
        var = _variance(design, stat, np.where(rows, (y - est) / total_w, 0.0), rows)
        out.append(_finish("mean", variable, est, var, _deff(var, _per_respondent(_svyvar(y, w, rows), n), n, total_w, deff), n, domain))
    return out


def total(design: Design, variable: str, by: str | None = None, deff: str | bool = True) -> list[Estimate]:
    y, present = numeric_column(design, variable)
    w = design.weights
    out = []
    for domain, member in domain_rows(design, by):
        rows = member & present
        z = np.where(rows, y, 0.0)

        def stat(weights, z=z):
            return np.sum(weights * z)
        est = stat(w)
        var = _variance(design, stat, z, rows)
        n = int(np.count_nonzero(rows))
        population = np.sum(w[rows])
        vsrs = _per_respondent(_svyvar(y, w, rows) * population ** 2, n)
        out.append(_finish("total", variable, est, var, _deff(var, vsrs, n, population, deff), n, domain))
    return out


CI_METHODS = ("logit", "likelihood", "xlogit", "mean", "beta", "wald")


def proportion(design: Design, variable: str, by: str | None = None, deff: str | bool = True,
               ci: str = "logit", df: str = "domain") -> list[Estimate]:
    """Share of every level of a categorical variable, with R's ``svyciprop`` intervals (``ci``):
    ``logit`` (the default, R's default) and ``xlogit`` — a t-interval on the logit scale, so it
    stays within [0, 1]; ``likelihood`` — R's profile-likelihood interval (``profile.py``);
    ``mean`` — a t-interval on the share; ``beta`` — Korn–Graubard's, a Clopper–Pearson interval
    at the design's effective sample size; ``wald`` — R's ``confint(svymean(...))`` with the
    normal quantile. The t has the degrees of freedom of the
    domain (``df="domain"``: PSUs minus strata with a row in the domain, R's ``svyciprop`` on
    ``subset(design, …)``, which is what ``svyby`` does) or of the whole design (``df="design"``)."""
    if ci not in CI_METHODS:
        raise ParindexError("unknown_ci_method", t("unknown interval method '{ci}'", ci=ci),
                            expected=t('one of {items}', items=", ".join(CI_METHODS)), got=ci)
    column = _column(design, variable)
    present = column.notna().to_numpy()
    levels = sorted(column.dropna().unique(), key=str)
    w = design.weights
    out = []
    for domain, member in domain_rows(design, by):
        rows = member & present
        total_w = np.sum(w[rows])
        n = int(np.count_nonzero(rows))
        degf = design.degf_in(member) if df == "domain" else design.degf
        for level in levels:
            if n == 0:  # no respondent: no share
                out.append(_finish("proportion", variable, math.nan, math.nan, math.nan if deff else None, 0, domain, str(level)))
                continue
            y = (column == level).to_numpy(dtype=float)

            def stat(weights, rows=rows, y=y):
                return np.sum(weights[rows] * y[rows]) / np.sum(weights[rows])
            p = stat(w)
            var = _variance(design, stat, np.where(rows, (y - p) / total_w, 0.0), rows)
            vsrs = _per_respondent(_svyvar(y, w, rows), n)
            e = _finish("proportion", variable, p, var, _deff(var, vsrs, n, total_w, deff), n, domain, str(level))
            if ci == "likelihood":
                low, high = likelihood_ends(y[rows], w[rows], float(np.mean(w[member])), e.se, degf)
                out.append(replace(e, ci_low=low, ci_high=high, ci_method=ci))
            else:
                out.append(_share_interval(e, ci, degf, int(np.count_nonzero(member))))
    return out


def _share_interval(e: Estimate, method: str, degf: int, rows: int) -> Estimate:
    """The interval of a share by R's ``svyciprop(method=…)`` (``rows``: the domain's size, which
    the beta method's effective-size correction uses as R's ``nrow(design)``). Where R's arithmetic
    gives no interval (a share of 0 or 1 on the logit scale, no degrees of freedom) it is NaN."""
    if method == "wald":
        return e
    p, se = e.estimate, e.se
    if method == "mean":
        t975 = stats.t.ppf(0.975, degf) if degf > 0 else math.nan
        low, high = p - t975 * se, p + t975 * se
    elif method == "beta":
        low, high = _korn_graubard(p, se, degf, rows)
    else:
        low, high = _logit_ends(p, se, degf, method)
    return replace(e, ci_low=float(low), ci_high=float(high), ci_method=method)


def _logit_ends(p: float, se: float, degf: int, method: str) -> tuple[float, float]:
    """A t-interval on the logit scale, mapped back with R's ``expit``, e/(1 + e), which gives NaN
    where e overflows. ``logit`` (R's svyglm Wald interval) reaches t through the normal quantile
    at the equivalent level, so with one degree of freedom its upper end is NaN as in R; ``xlogit``
    (R's svycontrast) takes t itself. At a share of 0 or 1 there is no logit: NaN (R's svyglm does
    not converge there and reports a share a hair from 0 or 1)."""
    if not 0 < p < 1 or degf <= 0:
        return math.nan, math.nan
    eta, se_eta = math.log(p / (1 - p)), se / (p * (1 - p))
    if method == "logit":
        level = 1 - 2 * stats.norm.cdf(stats.t.ppf(0.025, degf))
        factor = stats.norm.ppf(1 - (1 - level) / 2)
    else:
        factor = stats.t.ppf(0.975, degf)
    with np.errstate(over="ignore", invalid="ignore"):
        ends = np.exp(np.array([eta - factor * se_eta, eta + factor * se_eta]))
        low, high = ends / (1 + ends)
    return float(low), float(high)


def _korn_graubard(p: float, se: float, degf: int, rows: int) -> tuple[float, float]:
    """Clopper–Pearson at the effective sample size p(1 − p)/SE², scaled by (t_{n−1}/t_df)² — R's
    ``svyciprop(method="beta")``. With an SE of 0 inside (0, 1) the size is infinite and R's qbeta
    gives 1/2 for both ends; so does this."""
    if degf <= 0:
        return math.nan, math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = np.float64(p * (1 - p)) / np.float64(se) ** 2 * (stats.t.ppf(0.025, rows - 1) / stats.t.ppf(0.025, degf)) ** 2
    if math.isnan(n_eff):
        return math.nan, math.nan
    if math.isinf(n_eff):
        return 0.5, 0.5
    return (float(stats.beta.ppf(0.025, n_eff * p, n_eff * (1 - p) + 1)),
            float(stats.beta.ppf(0.975, n_eff * p + 1, n_eff * (1 - p))))


def ratio(design: Design, numerator: str, denominator: str, by: str | None = None) -> list[Estimate]:
    y, y_present = numeric_column(design, numerator)
    x, x_present = numeric_column(design, denominator)
    w = design.weights
    out = []
    for domain, member in domain_rows(design, by):
        rows = member & y_present & x_present
        tx = np.sum(w[rows] * x[rows])
        if not np.any(rows):  # no respondent: no ratio
            out.append(_finish("ratio", f"{numerator}/{denominator}", math.nan, math.nan, None, 0, domain))
            continue

        def stat(weights, rows=rows):
            return np.sum(weights[rows] * y[rows]) / np.sum(weights[rows] * x[rows])
        r = stat(w)
        var = _variance(design, stat, np.where(rows, (y - r * x) / tx, 0.0), rows)
        out.append(_finish("ratio", f"{numerator}/{denominator}", r, var, None, int(np.count_nonzero(rows)), domain))
    return out
