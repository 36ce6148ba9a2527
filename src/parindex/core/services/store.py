"""Where the records live: Parquet files under one directory, one folder per table, the dossiers
and feedback partitioned by the month of their day (``dossiers/month=2026-10/part-0.parquet``), the
catalogue in its folder unpartitioned. Both engines read this layout; nothing here depends on either.

Every file is written under a hidden temporary name and renamed into place, so a reader sees a
partition's old file or its new one, never half of one; readers skip hidden files. Ingest rewrites
only the partitions a batch touches (``replace_partition``), each as one file, and holds the
store's lock (``locked``) so that two loads cannot both read a month and each drop the other's rows.
"""
from __future__ import annotations

import contextlib
import fcntl  # POSIX: the services run on Linux servers
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from parindex.core.files import replace_atomically
from parindex.core.services.records import TABLES

PARTITION_COLUMN = "_partition"  # where a stored record was found, in ``stored``'s answer


def files(root: str | Path, table: str) -> list[Path]:
    return sorted(p for p in (Path(root) / table).rglob("*.parquet") if not p.name.startswith("."))


def partition(day: date | None) -> str:
    """The folder of a record's month; "" for the catalogue, which has no day.

    >>> partition(date(2026, 10, 5)), partition(None)
    ('month=2026-10', '')
    """
    return "" if day is None else f"month={day:%Y-%m}"


def partitions(days: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Each day's partition: the few hundred distinct days named one by one, not every row."""
    distinct = pc.unique(days)
    names = pa.array([partition(d) for d in distinct.to_pylist()], pa.string())
    return pc.take(names, pc.index_in(days, value_set=distinct))


def write_table(root: str | Path, table: str, rows: pa.Table, name: str = "part-0") -> list[Path]:
    """Write records of one table, split by month of the table's day; returns the files written."""
    spec = TABLES[table]
    rows = rows.select(spec.schema.names).cast(spec.schema)
    if spec.day is None:
        return [_write(Path(root) / table / f"{name}.parquet", rows)]
    months = partitions(rows[spec.day])
    return [_write(Path(root) / table / month / f"{name}.parquet", rows.filter(pc.equal(months, month)))
            for month in sorted(set(months.to_pylist()))]


def read_partition(root: str | Path, table: str, month: str) -> pa.Table:
    """Every record of one partition (``month=2026-10``, or "" for the catalogue), in the table's schema."""
    schema = TABLES[table].schema
    parts = [pq.ParquetFile(p).read().select(schema.names).cast(schema) for p in _partition_files(root, table, month)]
    return pa.concat_tables(parts) if parts else schema.empty_table()


def replace_partition(root: str | Path, table: str, month: str, rows: pa.Table) -> Path | None:
    """The partition's records become ``rows``, as its one file ``part-0.parquet``; its other files
    (written by an earlier ``write_table`` under other names) are removed once the new one is in
    place. No rows: the partition is removed. Returns the file written."""
    folder = Path(root) / table / month
    before = _partition_files(root, table, month)
    written = _write(folder / "part-0.parquet", rows.cast(TABLES[table].schema)) if rows.num_rows else None
    for old in before:
        if old != written:
            old.unlink()
    if written is None and month and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    return written


def stored(root: str | Path, table: str, keys: pa.Array) -> pa.Table:
    """The stored records whose key is among ``keys``, each with the partition it was found in
    (``PARTITION_COLUMN``). Reads the key column of every file, looks the keys up once, and reads
    the whole of only those files that hold one of them."""
    spec = TABLES[table]
    paths = files(root, table)
    held = [pq.ParquetFile(path).read(columns=[spec.key])[spec.key] for path in paths]
    found = _mask(pc.is_in(pa.chunked_array([c for h in held for c in h.chunks], pa.string()), value_set=keys))
    parts, start = [], 0
    for path, column in zip(paths, held):
        mine, start = found[start:start + len(column)], start + len(column)
        if mine.any():
            rows = pq.ParquetFile(path).read().select(spec.schema.names).cast(spec.schema).filter(pa.array(mine))
            month = path.parent.name if spec.day is not None else ""
            parts.append(rows.append_column(PARTITION_COLUMN, pa.array([month] * rows.num_rows, pa.string())))
    if not parts:
        return spec.schema.append(pa.field(PARTITION_COLUMN, pa.string())).empty_table()
    return pa.concat_tables(parts)


@contextlib.contextmanager
def locked(root: str | Path) -> Iterator[None]:
    """Hold the store's lock (a file in it) while a load reads and rewrites partitions."""
    Path(root).mkdir(parents=True, exist_ok=True)
    with open(Path(root) / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _mask(values) -> np.ndarray:
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), bool)


def _partition_files(root: str | Path, table: str, month: str) -> list[Path]:
    folder = Path(root) / table / month
    return sorted(p for p in folder.glob("*.parquet") if not p.name.startswith(".")) if folder.is_dir() else []


def _write(path: Path, rows: pa.Table) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return replace_atomically(path, lambda tmp: pq.write_table(rows, tmp))
