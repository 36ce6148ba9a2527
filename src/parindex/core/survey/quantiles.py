"""Quantiles with Woodruff intervals, following R ``survey::svyquantile`` (survey ≥ 4.1).

Rules (``qrule``): ``math`` — the smallest value whose weighted CDF reaches p (R's default);
``hf7`` — R's weighted analogue of Hyndman–Fan type 7 (base R's default for unweighted data).
Interval (``interval.type = "mean"``, Woodruff): a t-interval for the estimated share of values
≤ the quantile, mapped back through the same rule. The reported SE is R's: (upper − lower) / (2 t).
With missing answers the respondents are a subset of the design, as R's ``na.rm = TRUE``: its
degrees of freedom count only PSUs and strata with a respondent.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats

from parindex.core.errors import ParindexError
from parindex.core.phrases import t
from parindex.core.survey.design import Design
from parindex.core.survey.estimate import Estimate
from parindex.core.survey.estimators import numeric_column
from parindex.core.survey.replicate import ReplicateDesign
from parindex.core.survey.variance import design_variance

QRULES = ("math", "hf7")


def _bracket(x: np.ndarray, w: np.ndarray, p: float) -> tuple[float, float, float, float]:
    """The values around p on the weighted CDF and how far p lies from each (R's ``qs``).

    The running and total weights are summed in extended precision and then rounded to doubles, as
    R's ``cumsum`` and ``sum`` do: summed in doubles, 21 weights of 37.3 fall a rounding short of
    0.75 × 28 of them, and a p that lands exactly on a step of the CDF takes the next value."""
    order = np.argsort(x, kind="stable")
    xs = x[order]
    cumw = np.cumsum(w[order].astype(np.longdouble)).astype(float)
    total = float(np.sum(w.astype(np.longdouble)))
    below = np.flatnonzero(cumw <= p * total)
    pos = below[-1] if len(below) else 0
    nxt = min(pos + 1, len(xs) - 1)
    return xs[pos], xs[nxt], p - cumw[pos] / total, cumw[nxt] / total - p


def quantile_value(x: np.ndarray, w: np.ndarray, p: float, qrule: str = "math") -> float:
    """The p-quantile of x under weights w; NaN when no value has weight (a replicate that dropped
    every respondent: R's NA, which its replicate variance leaves out)."""
    keep = w != 0
    x, w = x[keep], w[keep]
    if not len(x):
        return math.nan
    if qrule == "math":
        low, up, w_low, _ = _bracket(x, w, p)
        return float(low if w_low == 0 else up)
    if qrule == "hf7":
        # Plotting positions: the weight strictly before each sorted value, over the total weight
        # of all but the last; linear between them. Equal weights give type 7: 1 + (n − 1) p.
        if len(x) == 1:
            return float(x[0])
        order = np.argsort(x, kind="stable")
        xs, cumw = x[order], np.cumsum(w[order])
        positions = np.concatenate([[0.0], cumw[:-1]]) / cumw[-2]
        return float(np.interp(p, positions, xs))
    raise ParindexError("unknown_qrule", t("unknown quantile rule '{qrule}'", qrule=qrule), expected=" or ".join(QRULES), got=qrule)


def quantile(design: Design, variable: str, p: float, qrule: str = "math") -> Estimate:
    y, present = numeric_column(design, variable)
    present = present & design.in_subset
    w = np.where(present, design.weights, 0.0)
    q = quantile_value(y[present], w[present], p, qrule)
    if isinstance(design, ReplicateDesign):  # R's repCI: SE from the replicates' quantiles
        replicates = np.array([quantile_value(y[present], design.repweights[present, r], p, qrule)
                               for r in range(design.repweights.shape[1])])
        se = math.sqrt(design.variance(replicates, q))
        t975 = stats.t.ppf(0.975, design.degf)
        return Estimate("quantile", variable, q, se, q - t975 * se, q + t975 * se, None, int(np.count_nonzero(present)),
                        level=f"p={p:g}", ci_method=f"replicates ({qrule})")
    indicator = (y <= q).astype(float)
    # as R's svymean: each weight over the total first, then summed in extended precision — a share
    # that lands on a step of the CDF must land where R's lands, or the interval takes the next value
    share = float(np.sum((indicator * w / float(np.sum(w.astype(np.longdouble)))).astype(np.longdouble)))
    z = np.where(present, (indicator - share) / np.sum(w), 0.0)
    se_share = math.sqrt(design_variance(design, w * z, present))
    t975 = stats.t.ppf(0.975, design.degf_in(present))
    # Outside shares of 0 and 1 there is no quantile: R gives NaN for that end of the interval (and
    # so for the SE) rather than the smallest or largest value, and so does this.
    ends = [share - t975 * se_share, share + t975 * se_share]
    low, high = (quantile_value(y[present], w[present], end, qrule) if 0 <= end <= 1 else math.nan for end in ends)
    return Estimate("quantile", variable, q, (high - low) / (2 * t975), low, high, None, int(np.count_nonzero(present)),
                    level=f"p={p:g}", ci_method=f"woodruff ({qrule})")
