"""Aggregation level by level: weighted arithmetic, geometric, harmonic or generalised mean, or
the Copeland outranking score; a unit missing too many children (below ``dat_thresh``) gets no
score rather than one built on too little."""
from __future__ import annotations

import numpy as np
import pandas as pd

from parindex.composite.coin import Coin
from parindex.core.errors import ParindexError
from parindex.core.phrases import t

METHODS = ("a_amean", "a_gmean", "a_hmean", "a_genmean", "a_copeland")


def aggregate_rows(x: np.ndarray, w: np.ndarray, f_ag: str = "a_amean", dat_thresh: float | None = None,
                   p: float = 2.0, zero_shift: float | None = None) -> np.ndarray:
    """Units × children values and child weights → one score per unit. Missing children are dropped
    and the remaining weights rescaled, as COINr does."""
    x = np.asarray(x, dtype=float)
    present = ~np.isnan(x)
    weights = np.where(present, w[None, :], 0.0)
    total = weights.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if f_ag == "a_amean":
            score = np.nansum(weights * np.nan_to_num(x), axis=1) / total
        elif f_ag in ("a_gmean", "a_hmean"):
            v = np.nan_to_num(x) + (zero_shift or 0.0)
            if np.any(present & (v <= 0)):
                raise ParindexError("non_positive_values", t('{f_ag} needs values above zero', f_ag=f_ag),
                                    expected=t('positive values, or zero_shift: a constant added before and removed after'))
            if f_ag == "a_gmean":
                score = np.exp(np.sum(weights * np.log(np.where(present, v, 1.0)), axis=1) / total) - (zero_shift or 0.0)
            else:
                score = total / np.sum(np.where(present, weights / v, 0.0), axis=1) - (zero_shift or 0.0)
        elif f_ag == "a_genmean":
            score = (np.sum(weights * np.where(present, x, 0.0) ** p, axis=1) / total) ** (1 / p)
        elif f_ag == "a_copeland":
            score = copeland(x, w)
        else:
            raise ParindexError("unknown_aggregation", t("unknown aggregation '{f_ag}'", f_ag=f_ag),
                                expected=t('one of {items}', items=", ".join(METHODS)), got=f_ag)
    if dat_thresh is not None:
        score = np.where(present.mean(axis=1) < dat_thresh, np.nan, score)
    return np.where(total > 0, score, np.nan)


def copeland(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Copeland score: for each other unit, +1 if the unit outranks it on a weighted majority of
    children, −1 if outranked, 0 if tied."""
    x = np.nan_to_num(np.asarray(x, dtype=float), nan=-np.inf)
    beats = (x[:, None, :] > x[None, :, :]) * w - (x[:, None, :] < x[None, :, :]) * w
    return np.sign(beats.sum(axis=2)).sum(axis=1).astype(float)


def aggregate(coin: Coin, dset: str = "Normalised", f_ag: str | dict[int, str] = "a_amean", weights: pd.Series | None = None,
              dat_thresh: float | None = None, out: str = "Aggregated", **params) -> Coin:
    """Indicators → each level's aggregates up to the index; columns appended in alphabetical
    order of the aggregate code within each level (COINr's order)."""
    data = coin.dataset(dset).copy()
    w = coin.weights() if weights is None else weights.reindex(coin.meta.index).fillna(coin.weights())
    for level in range(2, coin.max_level + 1):
        method = f_ag.get(level, "a_amean") if isinstance(f_ag, dict) else f_ag
        for parent in sorted(coin.codes_at(level)):
            children = coin.children(parent)
            data[parent] = aggregate_rows(data[children].to_numpy(dtype=float), w[children].to_numpy(dtype=float),
                                          method, dat_thresh, **params)
    coin.datasets[out] = data
    coin.log.append({"step": "aggregate", "dset": dset, "f_ag": f_ag, "dat_thresh": dat_thresh,
                     "weights": "iMeta" if weights is None else "given"})
    return coin
