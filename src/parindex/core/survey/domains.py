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
from functools import cache

import numpy as np
import pandas as pd
from scipy import sparse, stats

from parindex.core.errors import ParindexError
from parindex.core.phrases import t
from parindex.core.survey.design import Design

Z975 = stats.norm.ppf(0.975)
SQL_FROM_ROWS = 200_000  # from this many respondents, weighted moments are aggregated by DuckDB


@dataclass(frozen=True)
class DomainSums:
    """Weighted sums per first-stage cluster (rows) × domain × variable, plus what the variance needs."""

    domains: list[str]
    names: list[str]
    a: np.ndarray  # (clusters, domains, variables): Σ w·numerator
    b: np.ndarray  # (clusters, domains, variables): Σ w·denominator
    n: np.ndarray  # (domains, variables): rows with a non-zero denominator
    stage1: tuple  # (stratum of each cluster, fpc factor of each cluster, n_h of each cluster)
    stage2: dict | None  # sums per (second-stage unit, domain) pair, and each cluster's fpc, size and fraction

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
    n_clusters, n_domains, k = int(cluster.max()) + 1, len(domains), len(names)
    values = np.empty((n, 2 * k))  # weighted numerators, then weighted denominators
    for j, name in enumerate(names):
        np.multiply(w, numerators[name], out=values[:, j])
        np.multiply(w, denominators[name], out=values[:, k + j])
    used = np.column_stack([denominators[name] != 0 for name in names]).astype(float)
    flat = cluster * n_domains + domain_codes
    ab = np.zeros((n_clusters * n_domains, 2 * k))
    _add(ab, flat, values)
    a, b = ab[:, :k], ab[:, k:]
    counts = np.zeros((n_domains, k))
    _add(counts, domain_codes, used)
    num, den = values[:, :k], values[:, k:]
    stratum_of = np.zeros(n_clusters, dtype=int)
    stratum_of[cluster] = design.strata
    n_h = np.bincount(stratum_of, minlength=stratum_of.max() + 1)[stratum_of]
    if (n_h == 1).any() and design.lonely_psu not in ("remove", "certainty"):
        h = int(stratum_of[np.flatnonzero(n_h == 1)[0]])
        label = design.strata_labels[h] if h < len(design.strata_labels) else h
        raise ParindexError("lonely_psu", t("stratum '{label}' has only one PSU", label=label),
                            expected=t('at least two PSUs per stratum, or --lonely-psu remove / certainty for many-domain estimates'))
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
    """Row sums by index, through a sparse indicator matrix: one pass in C over millions of rows
    (``np.add.at`` is slow, and sorting copies every column)."""
    indicator = sparse.csr_matrix((np.ones(len(index)), (index, np.arange(len(index)))), shape=(target.shape[0], len(index)))
    flat = values.reshape(len(index), -1)
    target += (indicator @ flat).reshape(target.shape)


def _second_stage(design, cluster, domain_codes, num, den, n_domains, n_h, pop):
    """Sums per (second-stage unit, domain) pair that occurs — never a dense units × domains array,
    which for a million respondents and 34 provinces would not fit in memory."""
    ssu = design.clusters[1]
    k = num.shape[1]
    if len(np.unique(ssu)) == len(ssu):
        # Each row is its own second-stage unit (people drawn within communes): the pairs are the rows.
        a2, b2, pair_ssu, pair_domain = num, den, ssu, domain_codes
    else:
        pair_key = ssu.astype(np.int64) * n_domains + domain_codes
        pair_codes, unique_keys = pd.factorize(pair_key, sort=True)
        ab2 = np.zeros((len(unique_keys), 2 * k))
        _add(ab2, pair_codes, np.hstack([num, den]))
        a2, b2 = ab2[:, :k], ab2[:, k:]
        pair_ssu = unique_keys // n_domains
        pair_domain = unique_keys % n_domains
    parent_of_ssu = np.zeros(int(ssu.max()) + 1, dtype=np.int64)
    parent_of_ssu[ssu] = cluster
    m = np.bincount(parent_of_ssu, minlength=int(cluster.max()) + 1)  # units drawn in each cluster
    pop2 = np.full(len(m), np.inf)
    pop2[cluster] = design.popsize[1] if design.popsize[1] is not None else np.inf
    return {"parent": parent_of_ssu[pair_ssu], "domain": pair_domain, "a": a2, "b": b2, "fpc": 1 - m / pop2, "m": m,
            "fraction1": n_h / pop}


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
    """Variance per domain and variable. ``ssu_totals`` are the linearised totals of the occurring
    (second-stage unit, domain) pairs; units absent from a domain count as zeros."""
    stratum_of, fpc, n_h = sums.stage1
    v = stage_variance(np.nan_to_num(cluster_totals), stratum_of, fpc, n_h)
    if sums.stage2 is not None and ssu_totals is not None:
        # Within each cluster: Σ (t − t̄)² over its m units = Σ t² − (Σ t)² / m, zeros included.
        st = sums.stage2
        n_clusters, n_domains = len(st["m"]), len(sums.domains)
        totals = np.nan_to_num(ssu_totals)
        key = st["parent"] * n_domains + st["domain"]
        s1 = np.zeros((n_clusters * n_domains,) + totals.shape[1:])
        s2 = np.zeros_like(s1)
        _add(s1, key, totals)
        _add(s2, key, totals * totals)
        m = np.repeat(st["m"], n_domains).reshape((-1,) + (1,) * (totals.ndim - 1)).astype(float)
        spread = (s2 - s1 * s1 / m).reshape((n_clusters, n_domains) + totals.shape[1:])
        with np.errstate(invalid="ignore", divide="ignore"):
            factor = np.where(st["m"] > 1, st["fpc"] * st["m"] / (st["m"] - 1), 0.0) * st["fraction1"]
        v = v + np.tensordot(factor, spread, axes=(0, 0))
    return v


def linearised_ssu(sums: DomainSums) -> np.ndarray | None:
    if sums.stage2 is None:
        return None
    st = sums.stage2
    r = sums.ratios()[st["domain"]]
    with np.errstate(invalid="ignore", divide="ignore"):
        return (st["a"] - r * st["b"]) / sums.b.sum(0)[st["domain"]]


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


def answers(design: Design, variable: str) -> np.ndarray:
    """A numeric item's answers, NaN where missing or outside the design's subset (``Design.subset``):
    the many-domain paths allow only the lonely options under which an absent stratum adds
    nothing, so leaving those rows out as missing answers gives R's subset figures."""
    values = pd.to_numeric(design.data[variable], errors="coerce").to_numpy(dtype=float)
    return values if design.rows is None else np.where(design.rows, values, np.nan)


def domain_means(design: Design, variables: list[str], by: str | None = None) -> pd.DataFrame:
    """Means of many numeric columns in every domain of ``by`` (missing answers left out)."""
    numerators, denominators = {}, {}
    for v in variables:
        values = answers(design, v)
        present = ~np.isnan(values)
        numerators[v], denominators[v] = np.where(present, values, 0.0), present.astype(float)
    return domain_table(domain_sums(design, numerators, denominators, by), "mean")


# Per group and variable, with b = 1 where the answer is present: Σw·y, Σw·b and the count of answers
# suffice with one stage; a second stage whose units are the rows also needs Σw²y², Σw²yb and Σw²b².
MOMENTS = ("a", "b", "n", "aa", "ab", "bb")
MOMENT_SQL = {"a": "sum(w * {y})", "b": "sum(CASE WHEN {y} IS NULL THEN 0 ELSE w END)", "n": "count({y})",
              "aa": "sum(w * w * {y} * {y})", "ab": "sum(w * w * {y})", "bb": "sum(CASE WHEN {y} IS NULL THEN 0 ELSE w * w END)"}


def _moments(w: np.ndarray, columns: list[np.ndarray], group: np.ndarray,
             keys: tuple[str, ...]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The groups that occur and the ``keys`` of ``MOMENTS`` per such group and variable, one
    weighted count per sum (small waves: no DuckDB import)."""
    groups, index = np.unique(group, return_inverse=True)
    out = {key: np.empty((len(groups), len(columns))) for key in keys}
    for i, y in enumerate(columns):
        present = ~np.isnan(y)
        wy, wb = np.where(present, w * y, 0.0), np.where(present, w, 0.0)
        terms = {"a": wy, "b": wb, "n": present}
        if "aa" in keys:
            terms.update(aa=wy * wy, ab=wy * wb, bb=wb * wb)
        for key in keys:
            out[key][:, i] = np.bincount(index, terms[key], minlength=len(groups))
    return groups, out


def _moments_sql(w: np.ndarray, columns: list[np.ndarray], group: np.ndarray,
                 keys: tuple[str, ...]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The same as ``_moments``, for every variable in one parallel DuckDB pass over the arrays
    themselves (no copy into a frame; NaN reads as NULL)."""
    select = ", ".join(f'{MOMENT_SQL[key].format(y=f"y{i}")} AS "{key}{i}"' for i in range(len(columns)) for key in keys)
    con = _database().cursor()  # a cursor per call: its registered arrays are its own, safe across threads
    try:
        con.register("wave", {"g": group, "w": w, **{f"y{i}": y for i, y in enumerate(columns)}})
        result = con.execute(f"SELECT g, {select} FROM wave GROUP BY g").fetchnumpy()
    finally:
        con.close()
    groups = np.asarray(result.pop("g"))
    sums = {name: np.ma.filled(values, 0.0) for name, values in result.items()}  # NULL: no answer in the group
    return groups, {key: np.column_stack([sums[f"{key}{i}"] for i in range(len(columns))]).astype(float) for key in keys}


@cache
def _database():
    """One in-memory DuckDB for the process: connecting costs ~10 ms, a cursor nothing."""
    import duckdb  # deferred: DuckDB takes ~0.2 s to import and only large waves take this path

    return duckdb.connect()


def _domain_codes(design: Design, by: str | None) -> tuple[np.ndarray, list[str]]:
    """Each row's domain code and the domains' labels; rows whose domain is missing get the code
    after the last, so that they count nationally but in no domain."""
    if by is None:
        return np.zeros(design.n, dtype=np.int64), ["(all)"]
    if _is_strata(design, by):
        return design.strata, list(design.strata_labels)
    codes, uniques = pd.factorize(design.data[by], sort=True)
    codes = codes.astype(np.int64)
    codes[codes < 0] = len(uniques)
    return codes, [str(u) for u in uniques]


def _is_strata(design: Design, by: str) -> bool:
    """Whether ``by`` holds the design's stratum labels (provinces by province, the usual case): then
    its codes are the design's, and comparing a million labels costs half of coding them again.
    Text only, with labels strictly in order, so that the domains and their order are the ones
    factorising would give."""
    values = design.data[by].to_numpy()
    labels = np.array(design.strata_labels, dtype=object)
    if values.dtype != object or not all(a < b for a, b in zip(labels, labels[1:])):
        return False
    return bool(np.array_equal(values[:1000], labels[design.strata[:1000]]) and np.array_equal(values, labels[design.strata]))


def _stages(design: Design, cluster: np.ndarray, n_clusters: int, two_stage: bool) -> tuple[tuple, tuple | None]:
    """Per first-stage cluster: its stratum, fpc factor and n_h; with a second stage of rows, each
    cluster's row count, second-stage fpc and first-stage fraction."""
    stratum_of = np.zeros(n_clusters, dtype=np.int64)
    stratum_of[cluster] = design.strata
    n_h = np.bincount(stratum_of)[stratum_of]
    fpc = np.ones(n_clusters)
    if design.popsize[0] is None:
        return (stratum_of, fpc, n_h), None
    pop = np.zeros(n_clusters)
    pop[cluster] = design.popsize[0]
    fpc = 1 - n_h / pop
    if not two_stage:
        return (stratum_of, fpc, n_h), None
    rows_in = np.bincount(cluster, minlength=n_clusters)
    pop2 = np.zeros(n_clusters)
    pop2[cluster] = design.popsize[1] if design.popsize[1] is not None else np.inf
    return (stratum_of, fpc, n_h), (rows_in, 1 - rows_in / pop2, n_h / pop)


def means_by_domain(design: Design, variables: list[str], by: str | None = None, national: bool = True) -> pd.DataFrame:
    """Means with SE for many items in every domain (and nationally), from one pass of weighted
    moments per (first-stage cluster, domain): the national figures sum the domains' moments, so
    the rows are read once. Exact for one-stage designs and for two-stage designs whose
    second-stage units are the rows (people drawn within communes): a unit's squared linearised
    value expands into sums of w²y², w²yb and w²b². Other designs go through ``domain_means``."""
    two_stage = len(design.clusters) > 1 and design.popsize[0] is not None
    rows_are_units = int(design.clusters[1].max()) + 1 == design.n if len(design.clusters) > 1 else True  # codes are dense
    if (two_stage and not rows_are_units) or len(design.clusters) > 2:
        frames = [domain_means(design, variables, by)] + ([domain_means(design, variables)] if national and by else [])
        return pd.concat(frames, ignore_index=True)
    domain_codes, domains = _domain_codes(design, by)
    cluster = design.clusters[0]
    n_clusters, n_cells = int(cluster.max()) + 1, int(domain_codes.max()) + 1
    columns = [answers(design, v) for v in variables]
    aggregate = _moments_sql if design.n >= SQL_FROM_ROWS else _moments
    groups, m = aggregate(design.weights, columns, cluster * n_cells + domain_codes, MOMENTS if two_stage else MOMENTS[:3])
    pair_cluster, pair_domain = groups // n_cells, groups % n_cells
    stages = _stages(design, cluster, n_clusters, two_stage)
    labelled = pair_domain < len(domains)  # the last cell holds rows without a domain
    tables = [_moment_table({k: v[labelled] for k, v in m.items()}, pair_cluster[labelled], pair_domain[labelled], domains,
                            variables, *stages)]
    if national and by is not None:
        per_cluster = {k: _sum_by(pair_cluster, v, n_clusters) for k, v in m.items()}
        tables.append(_moment_table(per_cluster, np.arange(n_clusters), np.zeros(n_clusters, dtype=np.int64), ["(all)"],
                                    variables, *stages))
    return pd.concat(tables, ignore_index=True)


def _between_clusters(totals: np.ndarray, cluster: np.ndarray, domain: np.ndarray, n_domains: int, stage1: tuple) -> np.ndarray:
    """``stage_variance`` per domain, Σ_h Σ_c f_c (t_c − t̄_h)², from the totals of the pairs that
    occur: a cluster without rows in the domain has t = 0 and adds f_c t̄_h²."""
    stratum_of, fpc, n_h = stage1
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.where(n_h > 1, fpc * n_h / (n_h - 1), 0.0)
    n_strata = int(stratum_of.max()) + 1
    cell = stratum_of[cluster] * n_domains + domain  # (stratum, domain) of each pair
    size = n_strata * n_domains
    mean = _sum_by(cell, totals, size) / np.repeat(np.bincount(stratum_of, minlength=n_strata), n_domains)[:, None]
    d = totals - mean[cell]
    present = _sum_by(cell, factor[cluster, None] * d * d, size)
    absent = np.repeat(np.bincount(stratum_of, factor, minlength=n_strata), n_domains) - np.bincount(cell, factor[cluster], minlength=size)
    return (present + absent[:, None] * mean * mean).reshape(n_strata, n_domains, -1).sum(axis=0)


def _sum_by(index: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Rows of ``values`` summed by ``index`` into ``size`` rows (``_add`` into a new array)."""
    out = np.zeros((size,) + values.shape[1:])
    _add(out, index, values)
    return out


def _moment_table(m, cluster, domain, domains, variables, stage1, stage2) -> pd.DataFrame:
    """Means and SEs per domain from the moments of the (first-stage cluster, domain) pairs that
    occur — a few thousand rows however many domains, never a dense clusters × domains array."""
    n_domains = len(domains)
    A, B, counts = (_sum_by(domain, m[key], n_domains) for key in ("a", "b", "n"))
    with np.errstate(invalid="ignore", divide="ignore"):
        R = A / B
        linearised = (m["a"] - R[domain] * m["b"]) / B[domain]  # cluster totals of the linearised mean
        v = _between_clusters(np.nan_to_num(linearised), cluster, domain, n_domains, stage1)
        if stage2 is not None:
            rows_in, fpc2, fraction1 = stage2
            squares = (m["aa"] - 2 * R[domain] * m["ab"] + R[domain] ** 2 * m["bb"]) / B[domain] ** 2  # Σ over the cluster's people of t_j²
            spread = np.nan_to_num(squares - linearised * linearised / rows_in[cluster, None])
            factor = np.where(rows_in > 1, fpc2 * rows_in / (rows_in - 1), 0.0) * fraction1
            v = v + _sum_by(domain, factor[cluster, None] * spread, n_domains)
    se = np.sqrt(np.maximum(v, 0.0))
    frame = pd.DataFrame({
        "statistic": "mean", "variable": np.tile(variables, len(domains)), "domain": np.repeat(domains, len(variables)),
        "estimate": R.ravel(), "se": se.ravel(), "n": counts.ravel().astype(int),
    })
    frame["ci_low"] = frame["estimate"] - Z975 * frame["se"]
    frame["ci_high"] = frame["estimate"] + Z975 * frame["se"]
    return frame[["statistic", "variable", "domain", "estimate", "se", "ci_low", "ci_high", "n"]]
