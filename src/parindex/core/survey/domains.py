"""Ratios and means for many variables in every domain at once, by linearisation, in one pass.

A national survey asks for dozens of items in every province: building each estimate's
influence column over a million rows would cost gigabytes. Every statistic here is a ratio
R = Σ w·a / Σ w·b (a mean has b = 1 where the answer is present), whose linearised total in a
cluster is (A − R·B) / B̂ with A, B the cluster's weighted sums. So one group-by of the weighted
sums per (stratum, cluster, domain) — a few hundred rows — carries all the information the
variance needs, and the stage variances are computed on those small arrays. The formulas are the
same as ``variance.design_variance`` (tests compare the two).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from parindex.core.errors import ParindexError
from parindex.core.survey.design import Design

Z975 = stats.norm.ppf(0.975)


@dataclass(frozen=True)
class DomainSums:
    """Weighted sums per first-stage cluster (rows) × domain × variable, plus what the variance needs."""

    domains: list[str]
    names: list[str]
    a: np.ndarray  # (clusters, domains, variables): Σ w·numerator
    b: np.ndarray  # (clusters, domains, variables): Σ w·denominator
    n: np.ndarray  # (domains, variables): rows with a non-zero denominator
    stage1: tuple  # (stratum of each cluster, fpc factor of each cluster, n_h of each cluster)
    stage2: list | None  # per cluster: (a2, b2, fpc2 factor, n2, first-stage fraction) or None

    def ratios(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.a.sum(0) / self.b.sum(0)

    def linearised(self) -> np.ndarray:
        """Cluster totals of the linearised ratio, (clusters, domains, variables)."""
        r = self.ratios()
        with np.errstate(invalid="ignore", divide="ignore"):
            return (self.a - r * self.b) / self.b.sum(0)


def domain_sums(design: Design, numerators: dict[str, np.ndarray], denominators: dict[str, np.ndarray],
                by: str | None) -> DomainSums:
    names = list(numerators)
    n = design.n
    if by is None:
        domain_codes, domains = np.zeros(n, dtype=int), ["(all)"]
    else:
        codes, uniques = pd.factorize(design.data[by].astype(str), sort=True)
        domain_codes, domains = codes, list(uniques)
    w = design.weights
    cluster = design.clusters[0]
    num = np.column_stack([w * numerators[k] for k in names])
    den = np.column_stack([w * denominators[k] for k in names])
    used = np.column_stack([denominators[k] != 0 for k in names])
    n_clusters, n_domains, k = int(cluster.max()) + 1, len(domains), len(names)
    flat = cluster * n_domains + domain_codes
    a = np.zeros((n_clusters * n_domains, k))
    b = np.zeros((n_clusters * n_domains, k))
    _add(a, flat, num)
    _add(b, flat, den)
    counts = np.zeros((n_domains, k))
    _add(counts, domain_codes, used.astype(float))
    stratum_of = np.zeros(n_clusters, dtype=int)
    stratum_of[cluster] = design.strata
    n_h = np.bincount(stratum_of, minlength=stratum_of.max() + 1)[stratum_of]
    if (n_h == 1).any() and design.lonely_psu not in ("remove", "certainty"):
        h = int(stratum_of[np.flatnonzero(n_h == 1)[0]])
        name = design.strata_labels[h] if h < len(design.strata_labels) else h
        raise ParindexError("lonely_psu", f"stratum {name!r} has only one PSU",
                            expected="at least two PSUs per stratum, or --lonely-psu remove / certainty for many-domain estimates")
    fpc = np.ones(n_clusters)
    if design.popsize[0] is not None:
        pop = np.zeros(n_clusters)
        pop[cluster] = design.popsize[0]
        fpc = 1 - n_h / pop
    stage2 = None
    if len(design.clusters) > 1 and design.popsize[0] is not None:
        stage2 = _second_stage(design, cluster, domain_codes, num, den, n_domains, n_h, pop)
    return DomainSums(domains, names, a.reshape(n_clusters, n_domains, k), b.reshape(n_clusters, n_domains, k),
                      counts, (stratum_of, fpc, n_h), stage2)


def _add(target: np.ndarray, index: np.ndarray, values: np.ndarray) -> None:
    """Row sums by index: ``np.add.at`` is slow for millions of rows; sort-and-reduce is not."""
    order = np.argsort(index, kind="stable")
    sorted_index = index[order]
    starts = np.flatnonzero(np.r_[True, sorted_index[1:] != sorted_index[:-1]])
    target[sorted_index[starts]] += np.add.reduceat(values[order], starts, axis=0)


def _second_stage(design, cluster, domain_codes, num, den, n_domains, n_h, pop):
    """Second-stage units' sums within each first-stage cluster, for the within-cluster variance."""
    ssu = design.clusters[1]
    n_ssu = int(ssu.max()) + 1
    flat = ssu * n_domains + domain_codes
    k = num.shape[1]
    a2 = np.zeros((n_ssu * n_domains, k))
    b2 = np.zeros((n_ssu * n_domains, k))
    _add(a2, flat, num)
    _add(b2, flat, den)
    parent = np.zeros(n_ssu, dtype=int)
    parent[ssu] = cluster
    m = np.bincount(parent, minlength=cluster.max() + 1)  # SSUs drawn in each cluster
    pop2 = np.zeros(n_ssu)
    pop2[ssu] = design.popsize[1] if design.popsize[1] is not None else np.inf
    fraction1 = n_h / pop
    return [parent, a2.reshape(n_ssu, n_domains, k), b2.reshape(n_ssu, n_domains, k), 1 - m[parent] / pop2, m[parent], fraction1]


def stage_variance(totals: np.ndarray, group: np.ndarray, fpc: np.ndarray, n_group: np.ndarray) -> np.ndarray:
    """Σ over groups of (1 − f) n/(n − 1) Σ (t − t̄)², for cluster totals (clusters, …); groups of one add nothing."""
    n_groups = int(group.max()) + 1
    sums = np.zeros((n_groups,) + totals.shape[1:])
    _add(sums, group, totals)
    means = sums / np.bincount(group, minlength=n_groups).reshape((-1,) + (1,) * (totals.ndim - 1))
    d = totals - means[group]
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.where(n_group > 1, fpc * n_group / (n_group - 1), 0.0)
    return np.tensordot(factor, d * d, axes=(0, 0))


def variance_of(sums: DomainSums, cluster_totals: np.ndarray, ssu_totals: np.ndarray | None = None) -> np.ndarray:
    stratum_of, fpc, n_h = sums.stage1
    v = stage_variance(np.nan_to_num(cluster_totals), stratum_of, fpc, n_h)
    if sums.stage2 is not None and ssu_totals is not None:
        # Each cluster's within-cluster variance, scaled by its first-stage sampling fraction (as R).
        parent, _, _, fpc2, m, fraction1 = sums.stage2
        shape = (-1,) + (1,) * (ssu_totals.ndim - 1)
        totals = np.nan_to_num(ssu_totals)
        means = np.zeros((len(fraction1),) + ssu_totals.shape[1:])
        _add(means, parent, totals)
        means /= np.maximum(np.bincount(parent, minlength=len(fraction1)), 1).reshape(shape)
        d = totals - means[parent]
        factor = np.where(m > 1, fpc2 * m / np.maximum(m - 1, 1), 0.0)
        per_cluster = np.zeros((len(fraction1),) + ssu_totals.shape[1:])
        _add(per_cluster, parent, factor.reshape(shape) * d * d)
        v = v + np.tensordot(fraction1, per_cluster, axes=(0, 0))
    return v


def linearised_ssu(sums: DomainSums) -> np.ndarray | None:
    if sums.stage2 is None:
        return None
    _, a2, b2, _, _, _ = sums.stage2
    r = sums.ratios()
    with np.errstate(invalid="ignore", divide="ignore"):
        return (a2 - r * b2) / sums.b.sum(0)


def domain_table(sums: DomainSums, statistic: str = "ratio") -> pd.DataFrame:
    """One row per domain and variable: estimate, se, 95 % interval, n."""
    est = sums.ratios()
    se = np.sqrt(variance_of(sums, sums.linearised(), linearised_ssu(sums)))
    rows = []
    for d, domain in enumerate(sums.domains):
        for k, name in enumerate(sums.names):
            rows.append({"statistic": statistic, "variable": name, "domain": domain, "estimate": est[d, k], "se": se[d, k],
                         "ci_low": est[d, k] - Z975 * se[d, k], "ci_high": est[d, k] + Z975 * se[d, k], "n": int(sums.n[d, k])})
    return pd.DataFrame(rows)


def domain_means(design: Design, variables: list[str], by: str | None = None) -> pd.DataFrame:
    """Means of many numeric columns in every domain of ``by`` (missing answers left out)."""
    numerators, denominators = {}, {}
    for v in variables:
        values = pd.to_numeric(design.data[v], errors="coerce").to_numpy(dtype=float)
        present = ~np.isnan(values)
        numerators[v], denominators[v] = np.where(present, values, 0.0), present.astype(float)
    return domain_table(domain_sums(design, numerators, denominators, by), "mean")
