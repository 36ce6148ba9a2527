"""Imputation: fill missing values — never an observed one — by column or group mean/median, by the
row's mean (optionally of min-max scaled values), or from the unit's nearest earlier year in panel
data. Each filled cell is recorded so the imputation can be shown next to the figure."""
from __future__ import annotations

import numpy as np
import pandas as pd

from parindex.composite.coin import Coin
from parindex.core.errors import ParindexError
from parindex.core.phrases import t

METHODS = ("i_mean", "i_median", "i_mean_grp", "i_median_grp")


def impute_frame(frame: pd.DataFrame, method: str = "i_mean", groups: pd.Series | None = None, by: str = "column",
                 normalise_first: bool = False, directions: pd.Series | None = None) -> pd.DataFrame:
    """``frame`` units × indicators; returns a copy with NAs filled and observed values untouched."""
    if method not in METHODS:
        raise ParindexError("unknown_imputation", t("unknown imputation '{method}'", method=method),
                            expected=t('one of {items}', items=", ".join(METHODS)), got=method)
    x = frame.astype(float)
    stat = "mean" if method in ("i_mean", "i_mean_grp") else "median"
    if by == "row":
        if normalise_first:
            d = (directions if directions is not None else pd.Series(1.0, index=x.columns)).reindex(x.columns).astype(float)
            xd = x * d
            lo, hi = xd.min(), xd.max()
            scaled = (xd - lo) / (hi - lo)
            filled = scaled.apply(lambda row: row.fillna(getattr(row, stat)()), axis=1)
            back = (filled * (hi - lo) + lo) * d
            return x.where(x.notna(), back)
        return x.apply(lambda row: row.fillna(getattr(row, stat)()), axis=1)
    if method.endswith("_grp"):
        if groups is None:
            raise ParindexError("no_groups", t('{method} needs a group column', method=method), expected=t('use_group: a group column of iData'))
        fill = x.groupby(groups.reindex(x.index)).transform(stat)
        return x.where(x.notna(), fill)
    return x.fillna(getattr(x, stat)())


def impute_panel(frame: pd.DataFrame, time: pd.Series) -> pd.DataFrame:
    """Panel data (one row per unit and year; units are the index, ``time`` the years): each
    missing value takes the unit's latest earlier observed value of the same indicator."""
    x = frame.astype(float).reset_index(drop=True)
    x["_unit"], x["_time"] = frame.index.to_numpy(), np.asarray(time)
    ordered = x.sort_values(["_unit", "_time"], kind="stable")
    filled = ordered.groupby("_unit", sort=False)[list(frame.columns)].ffill().sort_index()
    filled.index = frame.index
    return filled


def impute(coin: Coin, dset: str = "Denominated", f_i: str = "i_mean", use_group: str | None = None,
           impute_by: str = "column", normalise_first: bool = False, out: str = "Imputed") -> Coin:
    data = coin.dataset(dset).copy()
    indicators = [c for c in coin.indicators if c in data.columns]
    before = data[indicators].astype(float)
    groups = coin.data[use_group] if use_group else None
    after = impute_frame(before, f_i, groups, impute_by, normalise_first, coin.meta["Direction"])
    observed = before.notna()
    if not np.allclose(before[observed].fillna(0).to_numpy(), after[observed].fillna(0).to_numpy()):
        raise ParindexError("imputation_changed_data", t('imputation altered an observed value'), expected=t('observed values unchanged'))
    data[indicators] = after
    coin.datasets[out] = data
    filled = [(u, c) for u, c in zip(*np.where(before.isna() & after.notna()))]
    coin.details["imputed_cells"] = pd.DataFrame([{"uCode": before.index[u], "iCode": indicators[c], "value": after.iat[u, c]}
                                                  for u, c in filled])
    coin.log.append({"step": "impute", "dset": dset, "f_i": f_i, "use_group": use_group, "impute_by": impute_by,
                     "normalise_first": normalise_first, "cells": len(filled)})
    return coin
