"""Where the records live: Parquet files under one directory, one folder per table, the dossiers
and feedback partitioned by the month of their day (``dossiers/month=2026-10/part-….parquet``).
Both engines read this layout; nothing here depends on either.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from parindex.core.services.records import TABLES


def files(root: str | Path, table: str) -> list[Path]:
    return sorted((Path(root) / table).rglob("*.parquet"))


def write_table(root: str | Path, table: str, rows: pa.Table, name: str = "part-0") -> list[Path]:
    """Write records of one table, split by month of the table's day; returns the files written."""
    spec = TABLES[table]
    rows = rows.select(spec.schema.names).cast(spec.schema)
    folder = Path(root) / table
    if spec.day is None:
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(rows, folder / f"{name}.parquet")
        return [folder / f"{name}.parquet"]
    months = pa.compute.strftime(rows[spec.day], format="%Y-%m")
    written = []
    for month in sorted(set(months.to_pylist())):
        part = rows.filter(pa.compute.equal(months, month))
        target = folder / f"month={month}"
        target.mkdir(parents=True, exist_ok=True)
        pq.write_table(part, target / f"{name}.parquet")
        written.append(target / f"{name}.parquet")
    return written
