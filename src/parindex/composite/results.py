"""Results of a built coin: the scores and ranks table, ranks within groups, one unit's summary,
and its strengths and weaknesses."""
from __future__ import annotations

import pandas as pd

from parindex.composite.coin import Coin, ranks


def aggregate_codes(coin: Coin) -> list[str]:
    """Index first, then each level down, alphabetical within a level."""
    return [c for level in range(coin.max_level, 1, -1) for c in sorted(coin.codes_at(level))]


def results_table(coin: Coin, dset: str = "Aggregated", decimals: int | None = 2) -> pd.DataFrame:
    """One row per unit: code, rank on the index (ties share the best), every aggregate's score;
    sorted by rank."""
    data = coin.dataset(dset)
    top = coin.codes_at(coin.max_level)[0]
    codes = aggregate_codes(coin)
    table = data[codes].astype(float)
    if decimals is not None:
        table = table.round(decimals)
    table.insert(0, "Rank", ranks(data[top]).astype("Int64"))
    table = table.reset_index().sort_values(["Rank", "uCode"], kind="stable").reset_index(drop=True)
    return table


def group_ranks(coin: Coin, group: str, dset: str = "Aggregated") -> pd.DataFrame:
    """Ranks of every aggregate within each group (e.g. income group), rows ordered by index score."""
    data = coin.dataset(dset)
    codes = aggregate_codes(coin)
    groups = coin.data.loc[data.index, group]
    table = data[codes].astype(float).groupby(groups).transform(lambda s: ranks(s)).astype("Int64")
    table.insert(0, group, groups)
    top = coin.codes_at(coin.max_level)[0]
    return table.loc[data[top].sort_values(ascending=False).index].reset_index()


def unit_summary(coin: Coin, unit: str, levels: list[int] | None = None, dset: str = "Aggregated") -> pd.DataFrame:
    data = coin.dataset(dset)
    levels = levels or list(range(coin.max_level, 1, -1))
    rows = []
    for level in levels:
        for code in sorted(coin.codes_at(level)) if level < coin.max_level else coin.codes_at(level):
            rows.append({"Code": code, "Name": coin.meta.at[code, "iName"] if "iName" in coin.meta.columns else code,
                         "Score": float(data.at[unit, code]), "Rank": int(ranks(data[code].astype(float))[unit])})
    return pd.DataFrame(rows)


def strengths_weaknesses(coin: Coin, unit: str, dset: str = "Raw", n: int = 5) -> dict[str, pd.DataFrame]:
    """The unit's best- and worst-ranked indicators (after direction), with their raw values."""
    data = coin.dataset(dset)
    rows = []
    for code in coin.indicators:
        x = data[code].astype(float) * int(coin.meta.at[code, "Direction"])
        rows.append({"Code": code, "Pillar": coin.parent_of(code), "Rank": ranks(x)[unit], "Value": data.at[unit, code]})
    table = pd.DataFrame(rows).dropna(subset=["Rank"])
    table["Rank"] = table["Rank"].astype(int)
    return {"strengths": table.sort_values("Rank", kind="stable").head(n).reset_index(drop=True),
            "weaknesses": table.sort_values("Rank", ascending=False, kind="stable").head(n).reset_index(drop=True)}
