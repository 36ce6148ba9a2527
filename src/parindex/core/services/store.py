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

The directory may instead be a location on an object store (``place``: ``s3://bucket/services``);
the layout is the same, and every function here lists, reads, writes and removes the record files
through that store's fsspec filesystem. A record file there is an ``ObjectPath``: a pure path in the
filesystem's terms (``bucket/services/dossiers/month=2026-10/delta.parquet``: its ``name`` and
``parent`` as a local ``Path``'s) whose text is its URL (``s3://bucket/services/…``), which DuckDB
(``connect``), Spark and fsspec read. On an object store a file is put whole in one request, which
the store makes visible all at once: the atomicity the local rename gives.
"""
from __future__ import annotations

import contextlib
import fcntl  # POSIX: the services run on Linux servers
import hashlib
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from parindex.core.files import replace_atomically
from parindex.core.services.place import Place
from parindex.core.services.records import TABLES

PARTITION_COLUMN = "_partition"  # where a stored record was found, in ``locator.stored``'s answer


DELTA = "delta.parquet"
OPEN_SUFFIX = "-open"  # a base file of open records: ``part-0-open.parquet``


def files(root: str | Path, table: str) -> list[Any]:
    """Every record file of the table, base and delta."""
    place = Place.of(root)
    if place.local:
        return sorted(p for p in (Path(root) / table).rglob("*.parquet") if not p.name.startswith("."))
    # Another process — a cron's compaction, a second app server, the CLI — writes the same store: a
    # listing kept from before would name files gone or rewritten (a replaced object's old ETag is
    # refused, "FileExpired"). So every listing starts afresh; what it finds then answers the many
    # look-ups of the files DuckDB opens (a request each, hundreds a page, with no listing kept).
    place.fs.invalidate_cache()
    try:
        listing = place.fs.find(f"{place.root}/{table}", detail=True)  # one listing, each object's size and ETag with it
    except Exception as err:
        refused = place.unreachable(err)
        if refused is None:
            raise
        raise refused from None
    found = []
    for name, info in listing.items():
        path = _object_path(place)(name)
        path.listed = info  # what ``fingerprint`` needs, without listing again
        found.append(path)
    return sorted(p for p in found if p.suffix == ".parquet" and not p.name.startswith("."))


def base_files(root: str | Path, table: str) -> list[Any]:
    return [p for p in files(root, table) if p.name != DELTA]


def partition_files(root: str | Path, table: str, month: str) -> list[Any]:
    """The base files of one partition (``month=2026-10``, or "" for the catalogue)."""
    return [p for p in _partition_files(root, table, month) if p.name != DELTA]


def delta_files(root: str | Path, table: str) -> list[Any]:
    return [p for p in files(root, table) if p.name == DELTA]


def located(root: str | Path, name: str) -> Any:
    """The record file of ``name``, a path relative to the store (``dossiers/month=2026-10/part-0.parquet``)."""
    place = Place.of(root)
    return Path(root) / name if place.local else _object_path(place)(place.root) / name


def name(root: str | Path, path: PurePath) -> str:
    """A record file's path relative to the store: what the key index and the fingerprints keep."""
    return _names(root, [path])[0]


def _names(root: str | Path, paths: Iterable[PurePath]) -> list[str]:
    """``name`` of many files: their text after the store's, where pathlib's ``relative_to`` would
    take a twentieth of a second for the 1,200 files of a national year, at every load."""
    top = PurePosixPath(Place.of(root).root)
    prefix = f"{top}/"
    return [text[len(prefix):] if (text := PurePosixPath.__str__(p)).startswith(prefix) else "/".join(p.relative_to(top).parts)
            for p in paths]


class ObjectPath(PurePosixPath):
    """A record file on an object store: taken apart as a path in its filesystem's terms, written
    out as its URL. Each store's filesystem has its subclass (``_object_path``), which sets ``fs``."""

    fs: Any = None
    listed: dict[str, Any] | None = None  # the object's details as the listing that found it gave them

    def __str__(self) -> str:
        return self.fs.unstrip_protocol(PurePosixPath.__str__(self))

    def __fspath__(self) -> str:  # not a local file: a reader that takes one as such fails here, not on a wrong file
        raise TypeError(f"{self} is on an object store: open it with store.parquet_file")


@lru_cache(maxsize=16)
def _object_path(place: Place) -> type[ObjectPath]:
    return type("ObjectPath", (ObjectPath,), {"fs": place.fs})


def fingerprint(root: str | Path, paths: Iterable[PurePath]) -> dict[str, list[int]]:
    """Each record file (its ``name``) with its size and version: the modification time of a local
    file; on an object store its ETag, or its time where the store keeps no ETag. A file rewritten
    has another fingerprint, which is how the kept aggregates and the key index know they are stale."""
    place = Place.of(root)
    paths = list(paths)
    if place.local:
        return {n: [stat.st_size, stat.st_mtime_ns] for n, p in zip(_names(root, paths), paths) for stat in [p.stat()]}  # type: ignore[attr-defined]
    named = dict(zip(_names(root, paths), paths))
    return {n: [int(info["size"]), _version(info)] for n, p in named.items()
            for info in [getattr(p, "listed", None) or place.fs.info(str(p))]}  # as ``files`` listed it, else asked


def _version(info: dict[str, Any]) -> int:
    """An object's version as an integer: from its ETag (changes with every write), else its time."""
    tag = info.get("ETag") or info.get("etag") or info.get("md5Hash")
    if tag:
        return int(hashlib.sha256(str(tag).encode()).hexdigest()[:15], 16)
    when = info.get("mtime") or info.get("LastModified") or info.get("last_modified") or info.get("created")
    if isinstance(when, datetime):
        return int(when.timestamp() * 1_000_000) * 1000
    return int(float(when) * 1e9) if when is not None else 0


def parquet_file(path: PurePath) -> pq.ParquetFile:
    """A record file opened for reading, on whichever filesystem it is."""
    return pq.ParquetFile(path.fs.open(str(path), "rb")) if isinstance(path, ObjectPath) else pq.ParquetFile(path)


def connect(root: str | Path):
    """A DuckDB connection that reads the store's record files: an object store's fsspec filesystem
    registered on it, so ``read_parquet('s3://…')`` goes through fsspec (no httpfs extension to
    download; credentials and options as the store has them)."""
    import duckdb  # deferred: only the services commands need it

    connection = duckdb.connect()
    place = Place.of(root)
    if not place.local:
        connection.register_filesystem(place.fs)
        # One thread: DuckDB reads a Python filesystem's file by a seek then a read, and its threads
        # share the handle, so two of them could each read at the other's place ("Invalid data", now
        # and then, in a test of 12 runs); an object store's time goes on requests, not on decoding.
        connection.execute("SET threads = 1")
    return connection


def source_sql(root: str | Path, table: str) -> str | None:
    """The table's records as one relation, in SQL (DuckDB): the base records that no delta
    supersedes, and the deltas' records. None when the table has no records."""
    base, deltas = base_files(root, table), delta_files(root, table)
    if not base and not deltas:
        return None
    key = TABLES[table].key
    base_sql, deltas_sql = _read_sql(base), _read_sql(deltas)
    if not deltas:
        return f"(SELECT * FROM {base_sql})"
    if not base:
        return f"(SELECT * FROM {deltas_sql})"
    return (f"(SELECT * FROM {base_sql} WHERE {key} NOT IN (SELECT {key} FROM {deltas_sql}) "
            f"UNION ALL BY NAME SELECT * FROM {deltas_sql})")


REREADS = 3  # a statement over an object store run again at most this often when its files changed under it


def query(root: str | Path, table: str, statement: str) -> pa.Table | None:
    """``statement`` over the table's records as readers see them, named ``source`` (``source_sql``);
    None when the table has no records. A local store's files are replaced by renames, so a reader
    keeps reading the files it listed; an object store's writer does not wait for readers, and a
    file listed may be replaced or removed before it is read — the statement then runs again over
    the files as they now are."""
    attempt = 1
    while True:
        relation = source_sql(root, table)
        if relation is None:
            return None
        try:
            with connect(root) as con:
                con.execute("SET enable_progress_bar = false")
                con.execute(f"CREATE VIEW source AS SELECT * FROM {relation}")
                return con.execute(statement).fetch_arrow_table()
        except Exception as err:
            if Place.of(root).local or attempt == REREADS or not _replaced_meanwhile(err):
                raise
            attempt += 1


def _replaced_meanwhile(err: Exception) -> bool:
    """Whether reading failed because a listed file was rewritten or removed: fsspec's own errors,
    or DuckDB's, which carries a Python filesystem's error as its text."""
    return isinstance(err, FileNotFoundError) or any(word in str(err) for word in (
        "FileExpired", "FileNotFoundError", "NoSuchKey", "No files found that match"))


def records(root: str | Path, table: str) -> pa.Table:
    """Every record of the table as readers see them (``source_sql``), in the table's schema: for
    tests, exports and small stores; the engines read the files themselves."""
    key = TABLES[table].key
    base, newer = _read_files(root, table, base_files(root, table)), _read_files(root, table, delta_files(root, table))
    return pa.concat_tables([base.filter(pc.invert(pc.is_in(base[key], value_set=newer[key]))), newer])


def _read_sql(paths: list[Any]) -> str:
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


def write_table(root: str | Path, table: str, rows: pa.Table, name: str = "part-0") -> list[Any]:
    """Write records of one table as base files, split by month of the table's day and, in each
    month, the open records (``Table.is_open``) apart from the others; returns the files written."""
    spec = TABLES[table]
    rows = rows.select(spec.schema.names).cast(spec.schema)
    if spec.day is None:
        return _write_base(root, _folder(root, table), name, rows, spec)
    months = partitions(rows[spec.day])
    return [path for month in sorted(set(months.to_pylist()))
            for path in _write_base(root, _folder(root, table, month), name, rows.filter(pc.equal(months, month)), spec)]


def _folder(root: str | Path, table: str, month: str = "") -> Any:
    """A table's folder, or one partition's, in the store's filesystem."""
    place = Place.of(root)
    return (Path(root) if place.local else _object_path(place)(place.root)) / table / month


def _write_base(root: str | Path, folder: Any, name: str, rows: pa.Table, spec) -> list[Any]:
    """``name.parquet`` and, for the open records, ``name-open.parquet``: a load replacing open
    records then reads their few files, not the month's."""
    is_open = spec.is_open(rows)
    closed, still_open = rows.filter(pc.invert(is_open)), rows.filter(is_open)
    parts = [(f"{name}.parquet", closed)] if closed.num_rows or not still_open.num_rows else []
    parts += [(f"{name}{OPEN_SUFFIX}.parquet", still_open)] if still_open.num_rows else []
    return [_write(root, folder / file_name, part) for file_name, part in parts]


def read_delta(root: str | Path, table: str, month: str) -> pa.Table:
    path = _folder(root, table, month) / DELTA
    return _read_files(root, table, [path] if _is_file(root, path) else [])


def write_delta(root: str | Path, table: str, month: str, rows: pa.Table) -> Any | None:
    """The partition's delta becomes ``rows`` (no rows: it is removed). Returns the file written."""
    path = _folder(root, table, month) / DELTA
    if not rows.num_rows:
        _remove(root, path)
        return None
    return _write(root, path, rows.select(TABLES[table].schema.names).cast(TABLES[table].schema))


def delta_rows(root: str | Path, table: str) -> int:
    """How many records the table's deltas hold (from the files' footers)."""
    return sum(parquet_file(p).metadata.num_rows for p in delta_files(root, table))


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
    newer = {path.parent.name if TABLES[table].day is not None else "": _read_files(root, table, [path]) for path in deltas}
    keys = pa.concat_arrays([rows[key].combine_chunks() for rows in newer.values()])
    rewritten = sorted(set(newer) | set(superseding))
    for month in rewritten:
        base = _read_files(root, table, partition_files(root, table, month))
        base = base.filter(pc.invert(pc.is_in(base[key], value_set=keys)))
        _replace_base(root, table, month, pa.concat_tables([base, newer.get(month, TABLES[table].schema.empty_table())]))
    for path in deltas:
        _remove(root, path)
    return rewritten


def _replace_base(root: str | Path, table: str, month: str, rows: pa.Table) -> None:
    before = partition_files(root, table, month)
    written = _write_base(root, _folder(root, table, month), "part-0", rows.cast(TABLES[table].schema),
                          TABLES[table]) if rows.num_rows else []
    for old in before:
        if old not in written:
            _remove(root, old)


def _read_files(root: str | Path, table: str, paths: list[Any]) -> pa.Table:
    schema = TABLES[table].schema
    parts = [parquet_file(p).read().select(schema.names).cast(schema) for p in paths]
    return pa.concat_tables(parts) if parts else schema.empty_table()


def probe(root: str | Path) -> None:
    """Write, read back and remove a small file where the records go: what a health check asks of
    the store (a full disk, a bucket gone or its credentials revoked fail here, not in a load).
    Readers look at ``*.parquet`` files only, so the probe is never taken for records."""
    place = Place.of(root)
    if place.local:
        Path(root).mkdir(parents=True, exist_ok=True)
        path = Path(root) / ".probe"
        path.write_bytes(b"ok")
        try:
            if path.read_bytes() != b"ok":
                raise OSError(f"the probe written to {path} reads back otherwise")
        finally:
            path.unlink(missing_ok=True)
        return
    location = f"{place.root}/.probe"
    place.fs.pipe(location, b"ok")
    try:
        if place.fs.cat(location) != b"ok":
            raise OSError(f"the probe written to {place.shown} reads back otherwise")
    finally:
        place.fs.rm(location)


@contextlib.contextmanager
def locked(root: str | Path) -> Iterator[None]:
    """Hold the store's lock (a file in its local folder: ``place.workdir``) while a load reads and
    rewrites partitions, and while a compaction does. It holds on this machine; an object store has
    no lock of its own, so app servers sharing one also take the database's (``web.services.intake``),
    as ``docs/services.md`` says."""
    folder = Place.of(root).workdir
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _partition_files(root: str | Path, table: str, month: str) -> list[Any]:
    place, folder = Place.of(root), _folder(root, table, month)
    if place.local:
        return sorted(p for p in folder.glob("*.parquet") if not p.name.startswith(".")) if folder.is_dir() else []
    place.fs.invalidate_cache(str(folder))
    found = [_object_path(place)(p) for p in place.fs.find(str(folder), maxdepth=1)] if place.fs.isdir(str(folder)) else []
    return sorted(p for p in found if p.suffix == ".parquet" and not p.name.startswith("."))


def _is_file(root: str | Path, path: Any) -> bool:
    place = Place.of(root)
    return path.is_file() if place.local else place.fs.isfile(str(path))


def _remove(root: str | Path, path: Any) -> None:
    """Remove a record file; one already gone is no error (a load stopped after removing it)."""
    place = Place.of(root)
    if place.local:
        path.unlink(missing_ok=True)
    elif place.fs.exists(str(path)):
        place.fs.rm_file(str(path))


def _write(root: str | Path, path: Any, rows: pa.Table) -> Any:
    place = Place.of(root)
    if place.local:
        path.parent.mkdir(parents=True, exist_ok=True)
        return replace_atomically(path, lambda tmp: pq.write_table(rows, tmp))
    buffer = io.BytesIO()  # the whole file, then one put: a reader sees the old object or the new one
    pq.write_table(rows, buffer)
    place.fs.pipe_file(str(path), buffer.getvalue())
    return path
