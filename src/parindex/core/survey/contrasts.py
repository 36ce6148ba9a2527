"""Linear contrasts of domain estimates — a province against the national mean, this wave against
the last — with their standard error from the covariance between domains (R's
``svycontrast(svyby(..., covmat = TRUE), …)``).

Domains drawn from the same PSUs are not independent: the SE of a difference is not the root of
the summed variances. The covariance comes from the same linearisation as each domain's variance:
one influence column per domain, passed together through the design's variance (for replicate
designs, the replicates' covariance), over the respondents as R's ``svyby`` does on the design it
is given.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from parindex.core.errors import ParindexError
from parindex.core.phrases import t
from parindex.core.survey.estimate import Estimate
from parindex.core.survey.estimators import Z975, domain_rows, numeric_column
from parindex.core.survey.replicate import ReplicateDesign
from parindex.core.survey.variance import design_variance

STATISTICS = ("mean", "total")


@dataclass(frozen=True)
class DomainEstimates:
    """A statistic in every domain, with the covariance matrix between the domains' estimates."""

    statistic: str
    variable: str
    domains: list[str]  # the level of ``by`` in each domain
    estimates: np.ndarray
    covariance: np.ndarray


def domain_covariance(design, variable: str, by: str, statistic: str = "mean") -> DomainEstimates:
    if statistic not in STATISTICS:
        raise ParindexError("unknown_statistic", t("unknown statistic '{statistic}'", statistic=statistic),
                            expected=t('one of {items}', items=", ".join(STATISTICS)), got=statistic)
    y, present = numeric_column(design, variable)
    members = [(str(domain).split("=", 1)[1], member & present) for domain, member in domain_rows(design, by)]

    def estimates(weights: np.ndarray) -> np.ndarray:
        sums = np.array([np.sum(weights[rows] * y[rows]) for _, rows in members])
        if statistic == "total":
            return sums
        with np.errstate(invalid="ignore", divide="ignore"):
            return sums / np.array([np.sum(weights[rows]) for _, rows in members])

    est = estimates(design.weights)
    if isinstance(design, ReplicateDesign):
        replicates = np.array([estimates(design.repweights[:, r]) for r in range(design.repweights.shape[1])])
        covariance = design.covariance(replicates, est)
    else:
        influence = np.column_stack([
            np.where(rows, y if statistic == "total" else (y - est[d]) / np.sum(design.weights[rows]), 0.0)
            for d, (_, rows) in enumerate(members)])
        respondents = present & design.in_subset
        covariance = np.atleast_2d(design_variance(design, design.weights[:, None] * influence, respondents))
    return DomainEstimates(statistic, variable, [level for level, _ in members], est, covariance)


def contrast(domains: DomainEstimates, coefficients: Mapping[str, float], name: str = "contrast") -> Estimate:
    """Σ c_d θ_d with variance cᵀ V c; ``coefficients`` name domains by their level (others weigh 0)."""
    unknown = sorted(set(coefficients) - set(domains.domains))
    if unknown:
        raise ParindexError("unknown_domain", t("there is no domain '{domain}'", domain=unknown[0]),
                            expected=t('one of {items}', items=", ".join(domains.domains)), got=unknown[0])
    c = np.array([float(coefficients.get(level, 0.0)) for level in domains.domains])
    value = float(c @ domains.estimates)
    se = math.sqrt(max(float(c @ domains.covariance @ c), 0.0))
    return Estimate("contrast", f"{name}({domains.statistic} {domains.variable})", value, se, value - Z975 * se,
                    value + Z975 * se, None, 0)
