"""Statistics of indicators: skewness and kurtosis as COINr computes them (e1071 type 2), the
indicator statistics table with flags, data availability, correlations, Cronbach's alpha, PCA."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps


def skew(x) -> float:
    """Sample skewness, e1071 type 2 (NAs removed)."""
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    d = x - x.mean()
    m2, m3 = (d ** 2).sum(), (d ** 3).sum()
    if m2 == 0 or n < 3:
        return float("nan")
    g1 = np.sqrt(n) * m3 / m2 ** 1.5
    return float(g1 * np.sqrt(n * (n - 1)) / (n - 2))


def kurt(x) -> float:
    """Sample excess kurtosis, e1071 type 2 (NAs removed)."""
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    d = x - x.mean()
    m2, m4 = (d ** 2).sum(), (d ** 4).sum()
    if m2 == 0 or n < 4:
        return float("nan")
    r = n * m4 / m2 ** 2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def check_skew_kurt(x, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> dict:
    """Pass when |skew| < skew_thresh or kurtosis < kurt_thresh (COINr's ``check_SkewKurt``)."""
    s, k = skew(x), kurt(x)
    return {"Pass": bool(abs(s) < skew_thresh or k < kurt_thresh), "Skew": s, "Kurt": k}


def indicator_stats(frame: pd.DataFrame, t_avail: float = 0.65, t_zero: float = 0.5, t_unique: float = 0.5,
                    t_skew: float = 2.0, t_kurt: float = 3.5) -> pd.DataFrame:
    """One row per indicator: range, centre, spread, shape, availability, with COINr's flags."""
    rows = []
    n = len(frame)
    for code in frame.columns:
        x = frame[code].astype(float)
        v = x.dropna()
        n_avail, n_nonzero, n_unique = len(v), int((v != 0).sum()), int(v.nunique())
        s, k = skew(v), kurt(v)
        rows.append({"iCode": code, "Min": v.min(), "Max": v.max(), "Mean": v.mean(), "Median": v.median(), "Std": v.std(ddof=1),
                     "Skew": s, "Kurt": k, "N.Avail": n_avail, "N.NonZero": n_nonzero, "N.Unique": n_unique,
                     "Frc.Avail": n_avail / n, "Frc.NonZero": n_nonzero / n_avail if n_avail else np.nan,
                     "Frc.Unique": n_unique / n_avail if n_avail else np.nan,
                     "Flag.Avail": "LOW" if n_avail / n < t_avail else "ok",
                     "Flag.NonZero": "LOW" if n_avail and n_nonzero / n_avail < t_zero else "ok",
                     "Flag.Unique": "LOW" if n_avail and n_unique / n_avail < t_unique else "ok",
                     "Flag.SkewKurt": "OUT" if abs(s) >= t_skew and k >= t_kurt else "ok"})
    return pd.DataFrame(rows)


def data_availability(frame: pd.DataFrame) -> pd.DataFrame:
    """Per unit: missing and zero counts, share available and share non-zero (COINr's ``get_data_avail``)."""
    n = frame.shape[1]
    missing = frame.isna().sum(axis=1)
    zero = (frame == 0).sum(axis=1)
    out = pd.DataFrame({"N_missing": missing, "N_zero": zero, "N_miss_or_zero": missing + zero,
                        "Dat_Avail": 1 - missing / n, "Non_Zero": 1 - zero / (n - missing)})
    out.index.name = "uCode"
    return out.reset_index()


def correlation(x: pd.Series, y: pd.Series) -> tuple[float, float]:
    """Pearson correlation on pairwise-complete observations, and its two-sided p-value."""
    ok = x.notna() & y.notna()
    if ok.sum() < 3:
        return float("nan"), float("nan")
    r, p = sps.pearsonr(x[ok].astype(float), y[ok].astype(float))
    return float(r), float(p)


def correlation_matrix(frame: pd.DataFrame, pval: float | None = 0.05) -> pd.DataFrame:
    """Pairwise-complete Pearson correlations; those not significant at ``pval`` are blank (NaN),
    as ``get_corr`` shows them (``pval=None`` keeps all)."""
    cols = list(frame.columns)
    out = pd.DataFrame(np.nan, index=cols, columns=cols)
    for i, a in enumerate(cols):
        for b in cols[i:]:
            r, p = (1.0, 0.0) if a == b else correlation(frame[a], frame[b])
            if pval is None or p <= pval:
                out.at[a, b] = out.at[b, a] = r
    return out


def cronbach_alpha(frame: pd.DataFrame) -> float:
    """Cronbach's alpha of the columns (complete rows only)."""
    x = frame.dropna().to_numpy(dtype=float)
    k = x.shape[1]
    return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1)))


def pca(frame: pd.DataFrame) -> dict:
    """Principal components of the standardised columns (``prcomp(center=TRUE, scale=TRUE)``):
    loadings (columns × components, sign as the SVD gives it), explained variance shares."""
    x = frame.dropna().to_numpy(dtype=float)
    z = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    _, s, vt = np.linalg.svd(z, full_matrices=False)
    variance = s ** 2 / (len(z) - 1)
    return {"loadings": pd.DataFrame(vt.T, index=frame.columns, columns=[f"PC{i + 1}" for i in range(len(s))]),
            "explained": variance / variance.sum()}


def availability_by_group(frame: pd.DataFrame, group_of: dict[str, str]) -> pd.DataFrame:
    """Per unit and aggregate: the share of the aggregate's indicators the unit has data for."""
    present = frame.notna().astype(float)
    out = present.T.groupby(pd.Series(group_of)).mean().T
    return out[sorted(out.columns)]


def correlation_flags(frame: pd.DataFrame, group_of: dict[str, str], threshold: float = 0.75, kind: str = "high") -> pd.DataFrame:
    """Pairs of indicators in the same group whose correlation is above (``high``) or below
    (``low``) the threshold — redundant or contradictory indicators (both orders listed)."""
    rows = []
    for group in sorted(set(group_of.values())):
        members = sorted(c for c in frame.columns if group_of.get(c) == group)
        matrix = frame[members].astype(float).corr()
        for a in members:
            for b in members:
                r = matrix.at[a, b]
                if a != b and (r > threshold if kind == "high" else r < threshold):
                    rows.append({"Group": group, "Ind1": a, "Ind2": b, "Corr": float(r)})
    return pd.DataFrame(rows, columns=["Group", "Ind1", "Ind2", "Corr"])


def denominator_correlations(indicators: pd.DataFrame, denominators: pd.DataFrame, threshold: float = 0.7) -> pd.DataFrame:
    """Raw indicators strongly correlated (|r| > threshold) with a size variable: candidates for
    denomination."""
    rows = []
    for code in sorted(indicators.columns):
        for denominator in denominators.columns:
            r, _ = correlation(indicators[code], denominators[denominator])
            if abs(r) > threshold:
                rows.append({"Ind": code, "Denom": denominator, "Corr": r})
    return pd.DataFrame(rows, columns=["Ind", "Denom", "Corr"])
