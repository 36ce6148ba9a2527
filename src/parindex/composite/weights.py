"""Weights: given, equal, effective (what each indicator finally weighs in the index), PCA-based,
and weights optimised so that each component's correlation with the index meets a target."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize

from parindex.composite.aggregate import aggregate_rows
from parindex.composite.coin import Coin
from parindex.composite.stats import pca


def equal_weights(coin: Coin) -> pd.Series:
    return pd.Series(1.0, index=coin.meta.index[coin.meta["Type"].isin(["Indicator", "Aggregate"])])


def effective_weights(coin: Coin, weights: pd.Series | None = None) -> pd.DataFrame:
    """Each indicator's and aggregate's share of the index: its weight within its parent (weights
    rescaled to sum 1 among siblings) times its parent's effective weight. COINr's
    ``get_eff_weights`` uses the iMeta weights; pass ``weights`` to see another set's."""
    w = coin.weights() if weights is None else weights.reindex(coin.meta.index).fillna(coin.weights())
    top = coin.max_level
    effective = {code: 1.0 for code in coin.codes_at(top)}
    for level in range(top, 1, -1):
        for parent in coin.codes_at(level):
            children = coin.children(parent)
            total = w[children].sum()
            for child in children:
                effective[child] = effective[parent] * w[child] / total
    rows = [{"iCode": code, "Level": int(coin.meta.at[code, "Level"]), "Weight": float(w[code]), "EffWeight": effective[code]}
            for code in coin.meta.index if code in effective]
    return pd.DataFrame(rows)


def pca_weights(coin: Coin, dset: str, level: int) -> pd.DataFrame:
    """PC1 loadings of the components at ``level``, computed separately within each parent group
    (COINr's ``get_PCA(..., weights_to = )``). The sign of a component is arbitrary."""
    data = coin.dataset(dset)
    rows = []
    for parent in sorted(coin.codes_at(level + 1)):
        children = [c for c in coin.children(parent)]
        loadings = pca(data[children])["loadings"]["PC1"]
        rows += [{"iCode": c, "Level": level, "Parent": parent, "Weight": float(loadings[c])} for c in children]
    return pd.DataFrame(rows)


def optimise_weights(coin: Coin, dset: str, level: int, targets: dict[str, float] | str = "equal",
                     aggregate_fn=None) -> dict:
    """Weights of the components at ``level`` such that their correlations with the index come as
    close as possible to ``targets`` (relative importances; ``"equal"`` = all the same).
    Nelder–Mead on the weights, as COINr's ``get_opt_weights``; the result depends on the path,
    so it is reported with the correlations it achieves."""
    data = coin.dataset(dset)
    codes = sorted(coin.codes_at(level))
    x = data[codes].to_numpy(dtype=float)
    target = np.ones(len(codes)) if targets == "equal" else np.array([targets[c] for c in codes], dtype=float)
    target = target / target.sum()

    def correlations(w):
        index = aggregate_rows(x, np.abs(w)) if aggregate_fn is None else aggregate_fn(x, np.abs(w))
        return np.array([np.corrcoef(x[:, i], index)[0, 1] for i in range(len(codes))])

    def loss(w):
        r = correlations(w) ** 2
        return float(np.sum((r / r.sum() - target) ** 2))

    start = np.ones(len(codes)) / len(codes)
    found = optimize.minimize(loss, start, method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-10, "maxiter": 2000})
    w = np.abs(found.x) / np.abs(found.x).sum()
    return {"weights": dict(zip(codes, w)), "correlations": dict(zip(codes, correlations(w))), "loss": float(found.fun)}
