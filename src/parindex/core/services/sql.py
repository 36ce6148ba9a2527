"""The one compiler from an indicator file to SQL: the daily aggregates both engines compute.

For each record table and each date an indicator counts by (``period_by``), one pass groups the
records by unit and day and sums, for every indicator, the records in its denominator and those
also in its numerator. Any period — a month, a quarter, a rolling 30 days, the year to date — is
then a sum of days, and a day's new events change only the days they touch. The catalogue of
procedures has no day: it is counted as it stands.

The statements use only what DuckDB and Spark SQL share (``SUM(CASE WHEN … THEN 1 ELSE 0 END)``,
``GROUP BY``, plain comparisons); the engines differ only in how they read the Parquet files.
"""
from __future__ import annotations

from dataclasses import dataclass

from parindex.core.methodology.model import Methodology, Node
from parindex.core.services.counts import RecordCount

DAY_KEYS = ("unit", "province", "level", "procedure")  # the grouping of dossiers; feedback has no procedure
CATALOGUE_KEYS = ("unit", "level")


@dataclass(frozen=True)
class Indicator:
    """A leaf of the index that counts records: its place in the tree and what it counts."""

    code: str
    group: str
    leaf: Node
    count: RecordCount

    @property
    def column(self) -> str:
        return "i" + self.code.replace(".", "_")


@dataclass(frozen=True)
class Aggregate:
    """One aggregate query: a table, the date it is grouped by (None: the catalogue), the indicators
    it serves and the statement, reading from the relation named ``source``."""

    table: str
    day: str | None
    keys: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    sql: str


def indicators(methodology: Methodology) -> list[Indicator]:
    return [Indicator(leaf.code, area.code, leaf, leaf.records)
            for area in methodology.areas for leaf in area.leaves() if leaf.records is not None]


def aggregates(methodology: Methodology) -> list[Aggregate]:
    """One statement per (table, date) pair the indicators use."""
    by_pair: dict[tuple[str, str | None], list[Indicator]] = {}
    for indicator in indicators(methodology):
        by_pair.setdefault((indicator.count.table, indicator.count.period_by), []).append(indicator)
    return [_aggregate(table, day, tuple(group)) for (table, day), group in sorted(by_pair.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]


def _aggregate(table: str, day: str | None, group: tuple[Indicator, ...]) -> Aggregate:
    keys = CATALOGUE_KEYS if day is None else tuple(k for k in DAY_KEYS if table == "dossiers" or k != "procedure")
    sums = []
    for indicator in group:
        sums.append(f"SUM(CASE WHEN {indicator.count.denominator_sql()} THEN 1 ELSE 0 END) AS {indicator.column}_den")
        sums.append(f"SUM(CASE WHEN {indicator.count.numerator_sql()} THEN 1 ELSE 0 END) AS {indicator.column}_num")
    selected = ", ".join(keys + ((f"{day} AS day",) if day else ()))
    grouped = ", ".join(keys + ((day,) if day else ()))
    where = f" WHERE {day} IS NOT NULL" if day else ""
    sql = f"SELECT {selected}, {', '.join(sums)} FROM source{where} GROUP BY {grouped}"
    return Aggregate(table, day, keys + (("day",) if day else ()), group, sql)
