"""Normalisation: every indicator brought to a common scale, after multiplying by its direction
(−1 when lower is better). Functions follow COINr's names and conventions."""
from __future__ import annotations

from typing import Callable

import pandas as pd

from parindex.composite.coin import Coin
from parindex.core.errors import ParindexError
from parindex.core.phrases import t


def n_minmax(x: pd.Series, l_u=(0.0, 100.0)) -> pd.Series:
    lo, hi = x.min(), x.max()
    return (x - lo) / (hi - lo) * (l_u[1] - l_u[0]) + l_u[0]


def n_zscore(x: pd.Series, m_sd=(0.0, 1.0)) -> pd.Series:
    return (x - x.mean()) / x.std(ddof=1) * m_sd[1] + m_sd[0]


def n_borda(x: pd.Series) -> pd.Series:
    """Borda score: how many units a unit beats (rank with ties at the lowest, minus one)."""
    return x.rank(method="min", na_option="keep") - 1


def n_rank(x: pd.Series) -> pd.Series:
    return x.rank(method="min", na_option="keep")


def n_prank(x: pd.Series) -> pd.Series:
    """Percentile rank in [0, 1]: share of the other units this unit beats."""
    return (x.rank(method="min", na_option="keep") - 1) / (x.notna().sum() - 1)


def n_goalposts(x: pd.Series, gposts=(0.0, 1.0, 1.0), direction: int = 1) -> pd.Series:
    """Distance between goalposts, truncated to [0, 1], times the scale. Applied to the raw value
    with the direction given here (not pre-multiplied), as COINr does."""
    lower, upper, scale = gposts
    y = (x - lower) / (upper - lower) if direction == 1 else (x - upper) / (lower - upper)
    return y.clip(0, 1) * scale


def n_dist2max(x: pd.Series) -> pd.Series:
    return 1 - (x.max() - x) / (x.max() - x.min())


def n_dist2ref(x: pd.Series, iref: str, cap_max: bool = False) -> pd.Series:
    y = 1 - (x[iref] - x) / (x.max() - x.min())
    return y.clip(upper=1) if cap_max else y


def n_dist2targ(x: pd.Series, targ: float, cap_max: bool = False) -> pd.Series:
    y = (x - x.min()) / (targ - x.min())
    return y.clip(upper=1) if cap_max else y


def n_fracmax(x: pd.Series) -> pd.Series:
    return x / x.max()


FUNCTIONS: dict[str, Callable] = {f.__name__: f for f in (n_minmax, n_zscore, n_borda, n_rank, n_prank, n_goalposts,
                                                          n_dist2max, n_dist2ref, n_dist2targ, n_fracmax)}


def normalise_series(x: pd.Series, f_n: str = "n_minmax", direction: int = 1, params: dict | None = None,
                     target: float | None = None) -> pd.Series:
    if f_n not in FUNCTIONS:
        raise ParindexError("unknown_normalisation", t("unknown normalisation '{f_n}'", f_n=f_n),
                            expected=t('one of {items}', items=", ".join(FUNCTIONS)), got=f_n)
    params = dict(params or {})
    if f_n == "n_goalposts":
        return n_goalposts(x.astype(float), direction=direction, **params)
    if f_n == "n_dist2targ":
        params.setdefault("targ", target)
        params["targ"] = params["targ"] * direction
    return FUNCTIONS[f_n](x.astype(float) * direction, **params)


def normalise_frame(frame: pd.DataFrame, directions: pd.Series, f_n: str = "n_minmax", params: dict | None = None,
                    indiv: dict[str, dict] | None = None, targets: pd.Series | None = None) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for code in frame.columns:
        spec = (indiv or {}).get(code, {})
        target = None if targets is None or code not in targets.index or pd.isna(targets[code]) else float(targets[code])
        out[code] = normalise_series(frame[code], spec.get("f_n", f_n), int(directions[code]),
                                     spec.get("f_n_para", params if "f_n" not in spec else None), target)
    return out


def normalise(coin: Coin, dset: str = "Treated", f_n: str = "n_minmax", f_n_para: dict | None = None,
              indiv: dict[str, dict] | None = None, out: str = "Normalised") -> Coin:
    if f_n == "n_minmax" and f_n_para is None:
        f_n_para = {"l_u": (0.0, 100.0)}
    data = coin.dataset(dset).copy()
    indicators = [c for c in coin.indicators if c in data.columns]
    targets = coin.meta["Target"] if "Target" in coin.meta.columns else None
    data[indicators] = normalise_frame(data[indicators], coin.meta["Direction"], f_n, f_n_para, indiv, targets)
    coin.datasets[out] = data
    coin.log.append({"step": "normalise", "dset": dset, "f_n": f_n, "f_n_para": f_n_para, "indiv": indiv or {}})
    return coin


def normalise_panel(frame: pd.DataFrame, directions: pd.Series, f_n: str = "n_minmax", params: dict | None = None) -> pd.DataFrame:
    """Global normalisation of panel data: the scale is set over all years together, so a unit's
    score can be compared across years (rows are unit-years)."""
    return normalise_frame(frame.reset_index(drop=True), directions, f_n, params).set_index(frame.index)


