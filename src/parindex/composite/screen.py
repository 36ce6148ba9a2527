"""Screening: drop units with too little data (share of indicators available, or non-zero)."""
from __future__ import annotations

from parindex.composite.coin import Coin
from parindex.composite.stats import data_availability
from parindex.core.errors import ParindexError
from parindex.core.phrases import t

RULES = ("byNA", "byzeros", "byNAandzeros", "none")


def screen(coin: Coin, dset: str = "Imputed", dat_thresh: float = 0.0, nonzero_thresh: float = 0.0,
           unit_screen: str = "byNA", out: str = "Screened") -> Coin:
    if unit_screen not in RULES:
        raise ParindexError("unknown_screen", t("unknown screening rule '{unit_screen}'", unit_screen=unit_screen),
                            expected=t('one of {items}', items=", ".join(RULES)))
    data = coin.dataset(dset)
    summary = data_availability(data[[c for c in coin.indicators if c in data.columns]].astype(float)).set_index("uCode")
    summary["LowData"] = summary["Dat_Avail"] < dat_thresh
    summary["LowNonZero"] = summary["Non_Zero"] < nonzero_thresh
    summary["LowDatOrZeroFlag"] = summary["LowData"] | summary["LowNonZero"]
    drop = {"byNA": summary["LowData"], "byzeros": summary["LowNonZero"], "byNAandzeros": summary["LowDatOrZeroFlag"],
            "none": summary["LowData"] & False}[unit_screen]
    summary["Included"] = ~drop
    coin.datasets[out] = data.loc[~drop]
    coin.details["screening"] = summary.reset_index()
    coin.log.append({"step": "screen", "dset": dset, "dat_thresh": dat_thresh, "nonzero_thresh": nonzero_thresh,
                     "unit_screen": unit_screen, "removed": list(drop.index[drop])})
    return coin
