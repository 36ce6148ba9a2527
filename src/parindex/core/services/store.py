"""Where the records live: Parquet files under one directory, one folder per table, the dossiers
and feedback partitioned by the month of their day (``dossiers/month=2026-10/part-0.parquet``), the
catalogue in its folder unpartitioned. Both engines read this layout; nothing here depends on either.

Every file is written under a hidden temporary name and renamed into place, so a reader sees a
partition's old file or its new one, never half of one; readers skip hidden files.

Base and delta: a partition holds its base files (``part-*.parquet``, written whole: by a generator,
a first load, a compaction) and at most one delta file (``delta.parquet``), where ingest puts the
records it adds and the new versions of stored ones. A record in a delta supersedes every record of
the same key in the base files of any partition — so a new version lands in a delta of a few
hundred thousand rows, and the month of eight million it replaces a record of is not rewritten; a
key is in at most one delta. Readers see the base records no delta supersedes and the deltas' records
(``source_sql``, and the Spark engine's equivalent). ``compact`` folds the deltas into the base
files, each touched partition rewritten once; until then the deltas cost readers one anti-join
against their keys. Ingest holds the store's lock (``locked``) so that two loads cannot both read a
delta and each drop the other's rows.
"""
from __future__ import annotations

import contextlib
import fcntl  # POSIX: the services run on Linux servers
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from parindex.core.files import replace_atomically
from parindex.core.services.records import TABLES

PARTITION_COLUMN = "_partition"  # where a stored record was found, in ``locator.stored``'s answer


DELTA = "delta.parquet"
OPEN_SUFFIX = "-open"  # a base file of open records: ``part-0-open.parquet``


def files(root: str | Path, table: str) -> list[Path]:
    """Every record file of the table, base and delta."""
    return sorted(p for p in (Path(root) / table).rglob("*.parquet") if not p.name.startswith("."))


def base_files(root: str | Path, table: str) -> list[Path]:
    return [p for p in files(root, table) if p.name != DELTA]


def partition_files(root: str | Path, table: str, month: str) -> list[Path]:
    """The base files of one partition (``month=2026-10``, or "" for the catalogue)."""
    return [p for p in _partition_files(root, table, month) if p.name != DELTA]


def delta_files(root: str | Path, table: str) -> list[Path]:
    return [p for p in files(root, table) if p.name == DELTA]


def source_sql(root: str | Path, table: str) -> str | None:
    """The table's records as one relation, in SQL (DuckDB): the base records that no delta
    supersedes, and the deltas' records. None when the table has no records."""
    base, deltas = base_files(root, table), delta_files(root, table)
    if not base and not deltas:
        return None
    key = TABLES[table].key
    if not deltas:
        return f"(SELECT * FROM {_read_sql(base)})"
    if not base:
        return f"(SELECT * FROM {_read_sql(deltas)})"
    return (f"(SELECT * FROM {_read_sql(base)} WHERE {key} NOT IN (SELECT {key} FROM {_read_sql(deltas)}) "
            f"UNION ALL BY NAME SELECT * FROM {_read_sql(deltas)})")


def records(root: str | Path, table: str) -> pa.Table:
    """Every record of the table as readers see them (``source_sql``), in the table's schema: for
    tests, exports and small stores; the engines read the files themselves."""
    key = TABLES[table].key
    base, newer = _read_files(table, base_files(root, table)), _read_files(table, delta_files(root, table))
    return pa.concat_tables([base.filter(pc.invert(pc.is_in(base[key], value_set=newer[key]))), newer])


def _read_sql(paths: list[Path]) -> str:
    listed = ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)
    return f"read_parquet([{listed}], union_by_name = true)"


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
    """Write records of one table as base files, split by month of the table's day and, in each
    month, the open records (``Table.is_open``) apart from the others; returns the files written."""
    spec = TABLES[table]
    rows = rows.select(spec.schema.names).cast(spec.schema)
    if spec.day is None:
        return _write_base(Path(root) / table, name, rows, spec)
    months = partitions(rows[spec.day])
    return [path for month in sorted(set(months.to_pylist()))
            for path in _write_base(Path(root) / table / month, name, rows.filter(pc.equal(months, month)), spec)]


def _write_base(folder: Path, name: str, rows: pa.Table, spec) -> list[Path]:
    """``name.parquet`` and, for the open records, ``name-open.parquet``: a load replacing open
    records then reads their few files, not the month's."""
    is_open = spec.is_open(rows)
    closed, still_open = rows.filter(pc.invert(is_open)), rows.filter(is_open)
    parts = [(f"{name}.parquet", closed)] if closed.num_rows or not still_open.num_rows else []
    parts += [(f"{name}{OPEN_SUFFIX}.parquet", still_open)] if still_open.num_rows else []
    return [_write(folder / file_name, part) for file_name, part in parts]


def read_delta(root: str | Path, table: str, month: str) -> pa.Table:
    path = Path(root) / table / month / DELTA
    return _read_files(table, [path] if path.is_file() else [])


def write_delta(root: str | Path, table: str, month: str, rows: pa.Table) -> Path | None:
    """The partition's delta becomes ``rows`` (no rows: it is removed). Returns the file written."""
    path = Path(root) / table / month / DELTA
    if not rows.num_rows:
        path.unlink(missing_ok=True)
        return None
    return _write(path, rows.select(TABLES[table].schema.names).cast(TABLES[table].schema))


def delta_rows(root: str | Path, table: str) -> int:
    """How many records the table's deltas hold (from the files' footers)."""
    return sum(pq.ParquetFile(p).metadata.num_rows for p in delta_files(root, table))


def compact(root: str | Path, table: str, superseding: Iterable[str] = ()) -> list[str]:
    """Fold the deltas into the base files: every partition with a delta, and every one of
    ``superseding`` (the partitions whose base files hold a record a delta supersedes — the key
    index knows them: ``locator.compact``), is rewritten as one base file of the records readers
    see there; the deltas are removed last. Until they are, a delta's record still supersedes its
    copy in the rewritten base, so a compaction stopped half-way leaves the records as they were.
    Returns the partitions rewritten."""
    deltas = delta_files(root, table)
    if not deltas:
        return []
    key = TABLES[table].key
    newer = {path.parent.name if TABLES[table].day is not None else "": _read_files(table, [path]) for path in deltas}
    keys = pa.concat_arrays([rows[key].combine_chunks() for rows in newer.values()])
    rewritten = sorted(set(newer) | set(superseding))
    for month in rewritten:
        base = _read_files(table, partition_files(root, table, month))
        base = base.filter(pc.invert(pc.is_in(base[key], value_set=keys)))
        _replace_base(root, table, month, pa.concat_tables([base, newer.get(month, TABLES[table].schema.empty_table())]))
    for path in deltas:
        path.unlink()
    return rewritten


def _replace_base(root: str | Path, table: str, month: str, rows: pa.Table) -> None:
    before = partition_files(root, table, month)
    written = _write_base(Path(root) / table / month, "part-0", rows.cast(TABLES[table].schema), TABLES[table]) if rows.num_rows else []
    for old in before:
        if old not in written:
            old.unlink()


def _read_files(table: str, paths: list[Path]) -> pa.Table:
    schema = TABLES[table].schema
    parts = [pq.ParquetFile(p).read().select(schema.names).cast(schema) for p in paths]
    return pa.concat_tables(parts) if parts else schema.empty_table()


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


def _partition_files(root: str | Path, table: str, month: str) -> list[Path]:
    folder = Path(root) / table / month
    return sorted(p for p in folder.glob("*.parquet") if not p.name.startswith(".")) if folder.is_dir() else []


def _write(path: Path, rows: pa.Table) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return replace_atomically(path, lambda tmp: pq.write_table(rows, tmp))
