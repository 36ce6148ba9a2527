"""The profile-likelihood interval of a share, as R's ``svyciprop(method = "likelihood")``.

R fits the share as a quasi-binomial GLM (weights scaled to mean 1), walks the logit away from the
estimate in steps of a fifth of the way to the cut-off, records the signed root of the deviance
rise over the design's dispersion at each step, passes an FMM cubic spline through those points
and reads the cut-offs off it by linear interpolation. The cut-off is the t quantile at the
domain's degrees of freedom scaled by the design effect on the logit (its variance over the
model's). The interval is therefore R's interpolation, not the exact root, and is reproduced here
step for step — the spline included — so it matches R, not merely approximates it.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats

MAX_STEPS = 10  # MASS's profile: at most nine steps each way


def likelihood_ends(y: np.ndarray, w: np.ndarray, mean_weight: float, se: float, degf: int) -> tuple[float, float]:
    """``y``: 0/1 answers of the domain's respondents; ``w`` their design weights; ``mean_weight``:
    the mean weight over the domain's rows (R scales the GLM's weights by it, missing answers
    included); ``se``: the share's design SE; ``degf``: the domain's degrees of freedom."""
    scaled = w / mean_weight
    p = float(np.sum(scaled * y) / np.sum(scaled))
    if not 0 < p < 1 or degf <= 0 or not se > 0:
        return math.nan, math.nan
    eta = math.log(p / (1 - p))
    se_eta = se / (p * (1 - p))
    naive_var = _naive_variance(y, scaled)
    alpha = stats.norm.cdf(stats.t.ppf(0.025, degf) * math.sqrt(se_eta ** 2 / naive_var)) / 2
    dispersion = _pearson_dispersion(y, w, float(np.mean(w)) / mean_weight, p)
    # R's sqrt(qf(alpha, 1, n − 1, lower = FALSE)), as the t quantile it equals: scipy's F quantile
    # loses digits for the tiny alphas of few degrees of freedom, and is infinite below ~1e-20
    zmax = float(stats.t.isf(alpha / 2, len(y) - 1))
    deviance0 = _deviance(y, scaled, p)
    etas, zs = [eta], [0.0]
    for sign in (-1, 1):
        z, step = 0.0, 0
        while (step := step + 1) < MAX_STEPS and abs(z) < zmax:
            b = eta + sign * step * (zmax / 5) * se_eta
            rise = (_deviance(y, scaled, _logit_linkinv(b)) - deviance0) / dispersion
            z = sign * math.sqrt(max(rise, 0.0))
            etas.append(b)
            zs.append(z)
    # R's spline sorts its knots by the logit (regularize.values): where the likelihood is clipped
    # far out, equal z's sit at different logits and the z order is not the logit order
    order = np.argsort(etas, kind="stable")
    knots_x, knots_z = np.array(etas)[order], np.array(zs)[order]
    grid = np.linspace(knots_x.min(), knots_x.max(), 3 * len(knots_x))
    curve = fmm_spline(knots_x, knots_z, grid)
    cut = stats.norm.ppf(2 * alpha)
    ends = [_approx(curve, grid, c) for c in (cut, -cut)]
    return _expit(ends[0]), _expit(ends[1])


def _naive_variance(y: np.ndarray, scaled: np.ndarray, epsilon: float = 1e-8, maxit: int = 25) -> float:
    """The model's variance of the logit as R's glm reports it: 1/Σ of the working weights of its
    *last* IRLS iteration, which were computed from the mean before that iteration's update — not at
    the converged mean. Starting from binomial's (W·y + ½)/(W + 1), stopping when the deviance
    moves by less than ``epsilon`` of itself, as glm.fit does. The design effect on the logit, and
    so the cut-off, sees that difference (about 1e-4 on a domain of seven)."""
    mu = (scaled * y + 0.5) / (scaled + 1)
    eta = np.log(mu / (1 - mu))
    deviance_before = _deviance_rows(y, scaled, mu)
    working = scaled * mu * (1 - mu)
    for _ in range(maxit):
        working = scaled * mu * (1 - mu)  # (dμ/dη)² / V(μ) × W for the logit link
        z = eta + (y - mu) / (mu * (1 - mu))
        eta = np.full_like(y, np.sum(working * z) / np.sum(working))
        mu = 1 / (1 + np.exp(-eta))
        deviance = _deviance_rows(y, scaled, mu)
        if abs(deviance - deviance_before) / (abs(deviance) + 0.1) < epsilon:
            break
        deviance_before = deviance
    return 1 / float(np.sum(working))


def _deviance_rows(y: np.ndarray, scaled: np.ndarray, mu: np.ndarray) -> float:
    return float(2 * np.sum(scaled * np.where(y > 0, -np.log(mu), -np.log(1 - mu))))


def _logit_linkinv(eta: float) -> float:
    """R's binomial inverse link: beyond ±30 the mean stops at ε/(1 + ε) or 1/ε/(1 + 1/ε), so a
    profile stepped far out (few degrees of freedom) keeps a finite deviance, as in R."""
    e = np.finfo(float).eps if eta < -30 else (1 / np.finfo(float).eps if eta > 30 else math.exp(eta))
    return e / (1 + e)


def _expit(x: float) -> float:
    """R's expit, e/(1 + e): NaN where e overflows, as in R."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.float64(x))
        return float(e / (1 + e))


def _deviance(y: np.ndarray, scaled: np.ndarray, mu: float) -> float:
    """Binomial deviance of 0/1 answers at a common mean mu."""
    return float(2 * np.sum(scaled * np.where(y > 0, -np.log(mu), -np.log(1 - mu))))


def _pearson_dispersion(y, w, rescale: float, p) -> float:
    """R's summary.svyglm dispersion: svyvar of residuals.svyglm's Pearson residuals under the
    design's weights. Those take the GLM's weight over the design weight scaled to the
    respondents' mean — a constant ``rescale``, 1 unless answers are missing."""
    r = (y - p) * math.sqrt(rescale) / math.sqrt(p * (1 - p))
    n = int(np.count_nonzero(w))
    centre = np.sum(w * r) / np.sum(w)
    return float(np.sum(w * (r - centre) ** 2 * n / (n - 1)) / np.sum(w))


def _approx(x: np.ndarray, y: np.ndarray, at: float) -> float:
    """R's ``approx(x, y, xout = at)``: linear, NaN outside the range (rule 1), ties averaged."""
    xs, inverse = np.unique(x, return_inverse=True)
    ys = np.bincount(inverse, weights=y) / np.bincount(inverse)
    if not xs[0] <= at <= xs[-1]:
        return math.nan
    return float(np.interp(at, xs, ys))


def fmm_spline(x: np.ndarray, y: np.ndarray, at: np.ndarray) -> np.ndarray:
    """R's ``spline(method = "fmm")``: the Forsythe–Malcolm–Moler cubic spline, whose end conditions
    match the third derivatives of the cubics through the first and last four points — a port of
    ``fmm_spline`` and ``spline_eval`` in R's splines.c, because scipy's end conditions differ."""
    n = len(x)
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n < 3:
        slope = (y[1] - y[0]) / (x[1] - x[0])
        b[:] = slope
    else:
        d[0] = x[1] - x[0]
        c[1] = (y[1] - y[0]) / d[0]
        for i in range(1, n - 1):
            d[i] = x[i + 1] - x[i]
            b[i] = 2 * (d[i - 1] + d[i])
            c[i + 1] = (y[i + 1] - y[i]) / d[i]
            c[i] = c[i + 1] - c[i]
        b[0], b[n - 1] = -d[0], -d[n - 2]
        c[0] = c[n - 1] = 0.0
        if n > 3:
            c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
            c[n - 1] = c[n - 2] / (x[n - 1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
            c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
            c[n - 1] = -c[n - 1] * d[n - 2] * d[n - 2] / (x[n - 1] - x[n - 4])
        for i in range(1, n):
            t = d[i - 1] / b[i - 1]
            b[i] = b[i] - t * d[i - 1]
            c[i] = c[i] - t * c[i - 1]
        c[n - 1] = c[n - 1] / b[n - 1]
        for i in range(n - 2, -1, -1):
            c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
        b[n - 1] = (y[n - 1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2 * c[n - 1])
        for i in range(n - 1):
            b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2 * c[i])
            d[i] = (c[i + 1] - c[i]) / d[i]
            c[i] = 3 * c[i]
        c[n - 1] = 3 * c[n - 1]
        d[n - 1] = d[n - 2]
    index = np.clip(np.searchsorted(x, at, side="right") - 1, 0, n - 1)
    dx = at - x[index]
    return y[index] + dx * (b[index] + dx * (c[index] + dx * d[index]))
