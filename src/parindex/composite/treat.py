"""Outlier treatment, as COINr's ``Treat``: an indicator passes if |skew| < 2 or kurtosis < 3.5;
otherwise its most extreme points are winsorised one value at a time (up to ``winmax`` points);
if it still fails, the original values are log-transformed instead (``log_CT``)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from parindex.composite.coin import Coin
from parindex.composite.stats import check_skew_kurt


def winsorise(x: np.ndarray, winmax: int = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> tuple[np.ndarray, int, dict]:
    """Winsorise the side the skew points to, re-testing after each value; returns the values, the
    number of points changed and the last test."""
    x = np.array(x, dtype=float)
    changed = np.zeros(len(x), dtype=bool)
    test = check_skew_kurt(x, skew_thresh, kurt_thresh)
    present = ~np.isnan(x)
    while changed.sum() < winmax and not test["Pass"]:
        extreme_of = np.max if test["Skew"] >= 0 else np.min  # the side the skew points to
        free = present & ~changed
        if not free.any():
            break
        extreme = x == extreme_of(x[free])
        changed |= extreme
        free = present & ~changed
        if not free.any():
            break
        x[extreme] = extreme_of(x[free])  # the next value in from that side
        test = check_skew_kurt(x, skew_thresh, kurt_thresh)
    return x, int(changed.sum()), test


def log_ct(x: np.ndarray) -> np.ndarray:
    """COINr's ``log_CT``: log(x − min + 0.01·(max − min))."""
    x = np.asarray(x, dtype=float)
    lo, hi = np.nanmin(x), np.nanmax(x)
    return np.log(x - lo + 0.01 * (hi - lo))


def treat_series(x, winmax: int = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> tuple[np.ndarray, dict]:
    """One indicator: the treated values and the row of the details table."""
    x = np.asarray(x, dtype=float)
    first = check_skew_kurt(x, skew_thresh, kurt_thresh)
    row = {"check_SkewKurt0.Pass": first["Pass"], "check_SkewKurt0.Skew": first["Skew"], "check_SkewKurt0.Kurt": first["Kurt"]}
    if first["Pass"]:
        return x.copy(), row | {"treatment": "none"}
    treated, nwin, second = winsorise(x, winmax, skew_thresh, kurt_thresh)
    row |= {"winsorise.nwin": nwin, "check_SkewKurt1.Pass": second["Pass"], "check_SkewKurt1.Skew": second["Skew"],
            "check_SkewKurt1.Kurt": second["Kurt"]}
    if second["Pass"]:
        return treated, row | {"treatment": f"winsorised {nwin}"}
    logged = log_ct(x)
    third = check_skew_kurt(logged, skew_thresh, kurt_thresh)
    return logged, row | {"check_SkewKurt2.Pass": third["Pass"], "check_SkewKurt2.Skew": third["Skew"],
                          "check_SkewKurt2.Kurt": third["Kurt"], "treatment": "log_CT"}


def treat_frame(frame: pd.DataFrame, winmax: int | dict = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every column; ``winmax`` may be a dict of per-indicator values. Returns (treated, details)."""
    out, rows = frame.astype(float).copy(), []
    for code in frame.columns:
        w = winmax.get(code, winmax.get("*", 5)) if isinstance(winmax, dict) else winmax
        values, row = treat_series(frame[code].to_numpy(dtype=float), w, skew_thresh, kurt_thresh)
        out[code] = values
        rows.append({"iCode": code, **row})
    return out, pd.DataFrame(rows)


def treat(coin: Coin, dset: str = "Screened", winmax: int = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5,
          indiv: dict[str, int] | None = None, out: str = "Treated") -> Coin:
    data = coin.dataset(dset).copy()
    indicators = [c for c in coin.indicators if c in data.columns]
    treated, details = treat_frame(data[indicators], {"*": winmax, **(indiv or {})}, skew_thresh, kurt_thresh)
    data[indicators] = treated
    coin.datasets[out] = data
    coin.details["treatment"] = details
    coin.log.append({"step": "treat", "dset": dset, "winmax": winmax, "skew_thresh": skew_thresh, "kurt_thresh": kurt_thresh,
                     "indiv": indiv or {}, "winsorised": int((details["treatment"].str.startswith("winsorised")).sum()),
                     "logged": int((details["treatment"] == "log_CT").sum())})
    return coin
