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


def domain_means(design: Design, variables: list[str], by: str | None = None) -> pd.DataFrame:
    """Means of many numeric columns in every domain of ``by`` (missing answers left out)."""
    numerators, denominators = {}, {}
    for v in variables:
        values = pd.to_numeric(design.data[v], errors="coerce").to_numpy(dtype=float)
        present = ~np.isnan(values)
        numerators[v], denominators[v] = np.where(present, values, 0.0), present.astype(float)
    return domain_table(domain_sums(design, numerators, denominators, by), "mean")


def _moments(design: Design, values: dict[str, np.ndarray], present: dict[str, np.ndarray], group: np.ndarray,
             n_groups: int, chunk: int = 5) -> dict[str, np.ndarray]:
    """Per group and variable: Σw·y, Σw·b, Σw²y², Σw²yb, Σw²b² (b = answer present), in item chunks
    so the working matrix stays small."""
    w = design.weights
    names = list(values)
    out = {key: np.zeros((n_groups, len(names))) for key in ("a", "b", "aa", "ab", "bb")}
    indicator = sparse.csr_matrix((np.ones(len(group)), (group, np.arange(len(group)))), shape=(n_groups, len(group)))
    w2 = w * w
    for start in range(0, len(names), chunk):
        block = names[start:start + chunk]
        cols = []
        for name in block:
            y, b = values[name], present[name]
            cols += [w * y, w * b, w2 * y * y, w2 * y * b, w2 * b]
        sums = indicator @ np.column_stack(cols)
        for j in range(len(block)):
            i = start + j
            out["a"][:, i], out["b"][:, i], out["aa"][:, i], out["ab"][:, i], out["bb"][:, i] = sums[:, 5 * j:5 * j + 5].T
    return out


def _moments_sql(design: Design, variables: list[str], group: np.ndarray, n_groups: int) -> dict[str, np.ndarray]:
    """The same moments as ``_moments``, aggregated by DuckDB in one parallel pass (for large waves)."""
    import duckdb  # deferred: DuckDB takes ~0.2 s to import and only large waves take this path

    frame = pd.DataFrame({"g": group, "w": design.weights})
    parts = []
    for i, v in enumerate(variables):
        frame[f"y{i}"] = pd.to_numeric(design.data[v], errors="coerce")
        y = f"y{i}"
        parts += [f"sum(w * {y})", f"sum(CASE WHEN {y} IS NULL THEN 0 ELSE w END)", f"sum(w * w * {y} * {y})",
                  f"sum(w * w * {y})", f"sum(CASE WHEN {y} IS NULL THEN 0 ELSE w * w END)", f"count({y})"]
    con = duckdb.connect()
    con.register("wave", frame)
    result = con.execute(f"SELECT g, {', '.join(parts)} FROM wave GROUP BY g").fetchnumpy()
    con.close()
    keys = ("a", "b", "aa", "ab", "bb", "n")
    out = {key: np.zeros((n_groups, len(variables))) for key in keys}
    index = result["g"]
    columns = [c for c in result if c != "g"]
    for i in range(len(variables)):
        for j, key in enumerate(keys):
            out[key][index, i] = np.nan_to_num(np.asarray(result[columns[len(keys) * i + j]], dtype=float))
    return out


def means_by_domain(design: Design, variables: list[str], by: str | None = None, national: bool = True) -> pd.DataFrame:
    """Means with SE for many items in every domain (and nationally), from one pass of weighted
    moments per (first-stage cluster, domain). Exact for one-stage designs and for two-stage
    designs whose second-stage units are the rows (people drawn within communes): a unit's
    squared linearised value expands into sums of w²y², w²yb and w²b². Other designs go through
    ``domain_means``."""
    two_stage = len(design.clusters) > 1 and design.popsize[0] is not None
    rows_are_units = int(design.clusters[1].max()) + 1 == design.n if len(design.clusters) > 1 else True  # codes are dense
    if (two_stage and not rows_are_units) or len(design.clusters) > 2:
        frames = [domain_means(design, variables, by)] + ([domain_means(design, variables)] if national and by else [])
        return pd.concat(frames, ignore_index=True)
    if by is None:
        domain_codes, domains = np.zeros(design.n, dtype=np.int64), ["(all)"]
    else:
        codes, uniques = pd.factorize(design.data[by], sort=True)
        domain_codes, domains = codes.astype(np.int64), [str(u) for u in uniques]
    cluster = design.clusters[0]
    n_clusters, n_domains = int(cluster.max()) + 1, len(domains)
    group = cluster * n_domains + domain_codes
    if design.n >= SQL_FROM_ROWS:
        m = _moments_sql(design, variables, group, n_clusters * n_domains)
    else:
        values, present = {}, {}
        for v in variables:
            y = pd.to_numeric(design.data[v], errors="coerce").to_numpy(dtype=float)
            ok = ~np.isnan(y)
            values[v], present[v] = np.where(ok, y, 0.0), ok.astype(float)
        m = _moments(design, values, present, group, n_clusters * n_domains)
        m["n"] = np.zeros_like(m["a"])
        _add(m["n"], group, np.column_stack([present[v] for v in variables]))
    shaped = {k: v.reshape(n_clusters, n_domains, -1) for k, v in m.items()}
    counts = shaped.pop("n").sum(axis=0)
    stratum_of = np.zeros(n_clusters, dtype=np.int64)
    stratum_of[cluster] = design.strata
    n_h = np.bincount(stratum_of)[stratum_of]
    fpc = np.ones(n_clusters)
    stage2 = None
    if design.popsize[0] is not None:
        pop = np.zeros(n_clusters)
        pop[cluster] = design.popsize[0]
        fpc = 1 - n_h / pop
    if two_stage:
        rows_in = np.bincount(cluster, minlength=n_clusters)
        pop2 = np.zeros(n_clusters)
        pop2[cluster] = design.popsize[1] if design.popsize[1] is not None else np.inf
        stage2 = (rows_in, 1 - rows_in / pop2, n_h / pop)
    tables = [_moment_table(shaped, counts, domains, variables, (stratum_of, fpc, n_h), stage2)]
    if national and by is not None:
        total = {k: v.sum(axis=1, keepdims=True) for k, v in shaped.items()}
        tables.append(_moment_table(total, counts.sum(axis=0, keepdims=True), ["(all)"], variables, (stratum_of, fpc, n_h), stage2))
    return pd.concat(tables, ignore_index=True)


def _moment_table(m, counts, domains, variables, stage1, stage2) -> pd.DataFrame:
    A, B = m["a"].sum(0), m["b"].sum(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        R = A / B
        linearised = (m["a"] - R * m["b"]) / B  # cluster totals of the linearised mean
        v = stage_variance(np.nan_to_num(linearised), *stage1)
        if stage2 is not None:
            rows_in, fpc2, fraction1 = stage2
            squares = (m["aa"] - 2 * R * m["ab"] + R * R * m["bb"]) / (B * B)  # Σ over the cluster's people of t_j²
            spread = np.nan_to_num(squares - linearised * linearised / rows_in[:, None, None])
            factor = np.where(rows_in > 1, fpc2 * rows_in / (rows_in - 1), 0.0) * fraction1
            v = v + np.tensordot(factor, spread, axes=(0, 0))
    se = np.sqrt(np.maximum(v, 0.0))
    frame = pd.DataFrame({
        "statistic": "mean", "variable": np.tile(variables, len(domains)), "domain": np.repeat(domains, len(variables)),
        "estimate": R.ravel(), "se": se.ravel(), "n": counts.ravel().astype(int),
    })
    frame["ci_low"] = frame["estimate"] - Z975 * frame["se"]
    frame["ci_high"] = frame["estimate"] + Z975 * frame["se"]
    return frame[["statistic", "variable", "domain", "estimate", "se", "ci_low", "ci_high", "n"]]
