"""Denomination: indicators divided by a size variable (population, GDP, area…) named in iMeta."""
from __future__ import annotations

import pandas as pd

from parindex.composite.coin import Coin


def denominate(coin: Coin, dset: str = "Raw", scale: float = 1.0, out: str = "Denominated") -> Coin:
    data = coin.dataset(dset).copy()
    done = {}
    for code in coin.indicators:
        denominator = coin.meta.at[code, "Denominator"] if "Denominator" in coin.meta.columns else None
        if denominator is None or pd.isna(denominator):
            continue
        data[code] = data[code].astype(float) / coin.data[denominator].astype(float) * scale
        done[code] = denominator
    coin.datasets[out] = data
    coin.log.append({"step": "denominate", "dset": dset, "scale": scale, "denominated": done})
    return coin
