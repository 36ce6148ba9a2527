"""The coin: units' data, the indicator framework, and the data set each step produced.

Input follows COINr's layout so its examples load unchanged: ``iData`` has one row per unit
(``uCode``, ``uName``, group columns, ``Time``, denominators and indicators) and ``iMeta`` one row
per indicator, aggregate, group or denominator (``Level``, ``iCode``, ``iName``, ``Direction``,
``Weight``, ``Parent``, ``Type``, optional ``Denominator``, ``Target``). Units are kept sorted by
``uCode``, as COINr does, so every data set lines up row by row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.phrases import t
from parindex.core.results import ranking

META_COLUMNS = ("Level", "iCode", "Direction", "Weight", "Parent", "Type")
TYPES = ("Indicator", "Aggregate", "Group", "Denominator", "Other")


@dataclass
class Coin:
    data: pd.DataFrame  # iData, indexed by uCode, sorted
    meta: pd.DataFrame  # iMeta, indexed by iCode
    datasets: dict[str, pd.DataFrame] = field(default_factory=dict)  # units × columns, index uCode
    log: list[dict] = field(default_factory=list)  # each step and its parameters, in order
    details: dict[str, pd.DataFrame] = field(default_factory=dict)  # e.g. the treatment table

    @property
    def indicators(self) -> list[str]:
        m = self.meta
        return list(m.index[m["Type"] == "Indicator"])

    @property
    def max_level(self) -> int:
        return int(self.meta.loc[self.meta["Type"].isin(["Indicator", "Aggregate"]), "Level"].max())

    def codes_at(self, level: int) -> list[str]:
        m = self.meta
        return list(m.index[(m["Level"] == level) & m["Type"].isin(["Indicator", "Aggregate"])])

    def children(self, code: str) -> list[str]:
        m = self.meta
        return list(m.index[(m["Parent"] == code) & m["Type"].isin(["Indicator", "Aggregate"])])

    def parent_of(self, code: str) -> str | None:
        parent = self.meta.at[code, "Parent"]
        return None if pd.isna(parent) else str(parent)

    def denominator_columns(self) -> list[str]:
        return list(self.meta.index[self.meta["Type"] == "Denominator"])

    def dataset(self, name: str) -> pd.DataFrame:
        if name not in self.datasets:
            raise ParindexError("unknown_dataset", t("no data set '{name}' in this coin", name=name),
                                expected=t('one of {items}', items=", ".join(self.datasets)), got=name)
        return self.datasets[name]

    def indicator_frame(self, name: str) -> pd.DataFrame:
        """The indicator columns (level 1) of a data set, as floats."""
        d = self.dataset(name)
        return d[[c for c in self.indicators if c in d.columns]].astype(float)

    def weights(self) -> pd.Series:
        return self.meta["Weight"].astype(float)


def load_coin(data: pd.DataFrame | str | Path, meta: pd.DataFrame | str | Path, time: int | None = None) -> Coin:
    """Build a coin from iData and iMeta (frames or CSV paths), checking that they fit together.

    Every problem is reported at once, each naming the file, row and column. With panel data
    (several ``Time`` values), ``time`` picks the year."""
    data_name = str(data) if not isinstance(data, pd.DataFrame) else "iData"
    meta_name = str(meta) if not isinstance(meta, pd.DataFrame) else "iMeta"
    idata = pd.read_csv(data, keep_default_na=False, na_values=[""]) if not isinstance(data, pd.DataFrame) else data.copy()
    imeta = pd.read_csv(meta, keep_default_na=False, na_values=[""]) if not isinstance(meta, pd.DataFrame) else meta.copy()
    problems: list[ParindexError] = []
    for column in META_COLUMNS:
        if column not in imeta.columns:
            problems.append(ParindexError("missing_column", t("iMeta has no column '{column}'", column=column), Where(file=meta_name, column=column),
                                          expected=t('columns {items}', items=", ".join(META_COLUMNS))))
    if "uCode" not in idata.columns:
        problems.append(ParindexError("missing_column", t('iData has no uCode column'), Where(file=data_name, column="uCode"),
                                      expected=t('a uCode column identifying each unit')))
    if problems:
        raise ValidationFailed(data_name if problems[0].where.file == data_name else meta_name, problems)
    if time is not None and "Time" in idata.columns:
        idata = idata[idata["Time"] == time]
    for i, row in imeta.iterrows():
        where = Where(file=meta_name, row=i + 2)
        if row["Type"] not in TYPES:
            problems.append(ParindexError("bad_type", t("unknown Type '{value}' for {value2}", value=row['Type'], value2=row['iCode']), where,
                                          expected=t('one of {items}', items=", ".join(TYPES)), got=row["Type"]))
        if row["Type"] in ("Indicator", "Aggregate"):
            if row["Direction"] not in (1, -1):
                problems.append(ParindexError("bad_direction", t('Direction of {value} must be 1 or -1', value=row['iCode']), where,
                                              expected=t('1 or -1'), got=row["Direction"]))
            if pd.isna(row["Weight"]) or float(row["Weight"]) < 0:
                problems.append(ParindexError("bad_weight", t('Weight of {value} must be a number ≥ 0', value=row['iCode']), where,
                                              expected=t('a number ≥ 0'), got=row["Weight"]))
            if not pd.isna(row["Parent"]) and row["Parent"] not in set(imeta["iCode"]):
                problems.append(ParindexError("unknown_parent",
                                              t("Parent '{value}' of {value2} is not in iMeta", value=row['Parent'], value2=row['iCode']),
                                              where, expected=t('the iCode of an aggregate'), got=row["Parent"]))
        if row["Type"] in ("Indicator", "Group", "Denominator") and row["iCode"] not in idata.columns:
            problems.append(ParindexError("missing_column", t('iData has no column for {value}', value=row['iCode']),
                                          Where(file=data_name, column=row["iCode"]),
                                          expected=t('a column {value} ({value2})', value=row['iCode'], value2=row['Type'].lower())))
        denominator = row.get("Denominator")
        if row["Type"] == "Indicator" and not pd.isna(denominator) and denominator not in idata.columns:
            problems.append(ParindexError("missing_column",
                                          t('denominator {denominator} of {value} is not in iData', denominator=denominator, value=row['iCode']),
                                          Where(file=data_name, column=str(denominator)), expected=t('a denominator column')))
    duplicated = idata["uCode"][idata["uCode"].duplicated()]
    for code in duplicated:
        problems.append(ParindexError("duplicate_unit", t('unit {code} appears more than once', code=code), Where(file=data_name, column="uCode",
                                      row=int(idata.index[idata["uCode"] == code][1]) + 2), expected=t('one row per unit'), got=code))
    indicators = imeta.loc[imeta["Type"] == "Indicator", "iCode"]
    for code in indicators:
        if code in idata.columns and not pd.api.types.is_numeric_dtype(idata[code]):
            bad = idata[code][pd.to_numeric(idata[code], errors="coerce").isna() & idata[code].notna()]
            problems.append(ParindexError("not_a_number", t('{code} has a value that is not a number', code=code),
                                          Where(file=data_name, column=code, row=int(bad.index[0]) + 2), expected=t('a number or a blank'),
                                          got=bad.iloc[0]))
    if problems:
        raise ValidationFailed(data_name if problems[0].where.file == data_name else meta_name, problems)
    idata = idata.sort_values("uCode", kind="stable").set_index("uCode")
    imeta = imeta.set_index("iCode")
    imeta["Level"] = pd.to_numeric(imeta["Level"], errors="coerce")  # blank for groups and denominators
    raw = idata[[c for c in idata.columns if c not in ("uName",)]].copy()
    coin = Coin(idata, imeta)
    coin.datasets["Raw"] = raw
    coin.log.append({"step": "new_coin", "units": len(raw), "indicators": len(indicators)})
    return coin


def ranks(values: pd.Series) -> pd.Series:
    """Rank 1 = highest, ties share the best rank, values compared unrounded (R's ``rank(-x,
    ties.method = "min")``, as COINr ranks); NA stays NA. parindex's one ranking, on a column of units."""
    return pd.Series(ranking.ranks(values.to_numpy(dtype=float, na_value=np.nan), "min", decimals=None),
                     index=values.index, name=values.name)

