"""Where each stored record is: a key index of the base files, so that a load finds the stored
versions of the keys it is sent without reading every key of the store.

A load must know, for each key, whether the store holds it, which version and where — and a
country's year is a hundred million keys, whose column alone takes seconds to read. The base files
change rarely (a generator, a first load, a compaction); the index covers them and is rebuilt
whenever they are not the files it was built from::

    _keys/<table>/index.json      the base files it was built from (size, time), DuckDB's version, their names
    _keys/<table>/hashes.npy      uint64: the hash of every base record's key (DuckDB's ``hash``), ascending
    _keys/<table>/files.npy       int32: each hash's base file (its position in index.json's list of names)
    _keys/<table>/starts.npy      int64: where each of the 2**20 leading-bit prefixes of a hash starts in hashes.npy
    _keys/<table>/open/<n>.arrow  a copy, in Arrow's uncompressed file format, of each base file of open records

The deltas, which every load rewrites and which stay small, are read as they are at each lookup, so
nothing a stopped load leaves behind can make the index wrong. A hash found is a candidate only:
the records of its partition are read and their keys compared, so a collision of two keys' hashes
costs a read, never a wrong answer; a key whose hash is absent is certainly not in the base files.

Two things make a day's load fast. A hash is looked up in the few hundred hashes of its prefix,
not in all hundred million (``starts``). And the records a load replaces are nearly all open ones
(a dossier still processing gets its result), whose base files are copied in Arrow's file format:
the copy is mapped into memory and its matching rows taken, where a Parquet file of open records
must be decoded whole — 0.1 s instead of 0.4 s for the 150,000 late completions of a national day.
The copies are as disposable as the rest of the index: built with it, from the same files.
"""
from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path, PurePath

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from parindex.core.files import replace_atomically
from parindex.core.services import aggregates, store
from parindex.core.services.place import workdir
from parindex.core.services.records import TABLES

FOLDER = "_keys"
PREFIX_BITS = 20  # 2**20 prefixes: about a hundred hashes each at a hundred million records
IN_DELTA = "_in_delta"  # in ``stored``'s answer: the copy found is in a delta (else in a base file)


def stored(root: str | Path, table: str, keys: pa.Array) -> pa.Table:
    """The stored records whose key is among ``keys``, as readers see them (a delta's copy, not the
    base copy it supersedes), each with its partition (``store.PARTITION_COLUMN``) and whether it is
    in a delta (``IN_DELTA``). ``keys`` are each named once (``ingest`` sends them so)."""
    spec = TABLES[table]
    in_deltas = _from_deltas(root, table, keys)
    rest = keys.filter(pc.invert(pc.is_in(keys, value_set=in_deltas[spec.key]))) if in_deltas.num_rows else keys
    parts = [in_deltas]
    if len(rest):
        index = Index.current(root, table)
        with store.connect(root) as con:  # one for the hashes and every partition's read
            by_month: dict[str, list[tuple[Path, pa.Array]]] = {}
            for name, candidates in index.candidates(rest, con).items():
                path = store.located(root, name)
                by_month.setdefault(_month_of(root, table, path), []).append((path, candidates))
            for month, found in sorted(by_month.items()):  # only the files holding a candidate: an open record's few
                copied = [(index.copy(root, table, path), candidates) for path, candidates in found]
                parts += [_marked(_read_copy(table, copy, candidates), month, False) for copy, candidates in copied if copy]
                uncopied = [(path, candidates) for (path, candidates), (copy, _) in zip(found, copied) if copy is None]
                if uncopied:
                    wanted = pc.unique(pa.concat_arrays([candidates for _, candidates in uncopied]))
                    parts.append(_marked(_read_base(con, table, [path for path, _ in uncopied], wanted), month, False))
    return pa.concat_tables(parts)


def _from_deltas(root: str | Path, table: str, keys: pa.Array) -> pa.Table:
    parts = [_marked(_read(table, [path], keys), _month_of(root, table, path), True) for path in store.delta_files(root, table)]
    return pa.concat_tables(parts) if parts else _marked(TABLES[table].schema.empty_table(), "", True)


def _read(table: str, paths: list[Path], keys: pa.Array) -> pa.Table:
    """The records of ``paths`` whose key is among ``keys``: the key column read first, the rest of
    a file only when it holds one of them."""
    spec = TABLES[table]
    parts = []
    for path in paths:
        handle = store.parquet_file(path)  # local or on an object store
        held = handle.read(columns=[spec.key])[spec.key]
        mask = pc.fill_null(pc.is_in(held, value_set=keys), False)
        if pc.any(mask).as_py():
            parts.append(handle.read().select(spec.schema.names).cast(spec.schema).filter(mask))
    return pa.concat_tables(parts) if parts else spec.schema.empty_table()


def _read_base(con, table: str, paths: list[Path], keys: pa.Array) -> pa.Table:
    """The records of a partition's base files whose key is among ``keys``: DuckDB reads the key
    column, joins, and decodes the other columns of the matching rows only."""
    spec = TABLES[table]
    con.register("wanted", pa.table({"k": keys}))
    found = con.execute(f"SELECT * FROM read_parquet(?, union_by_name = true) WHERE {spec.key} IN (SELECT k FROM wanted)",
                        [[str(p) for p in paths]]).fetch_arrow_table()
    con.unregister("wanted")
    return found.select(spec.schema.names).cast(spec.schema)


def _read_copy(table: str, copy: Path, keys: pa.Array) -> pa.Table:
    """The records of a base file's Arrow copy whose key is among ``keys``: mapped, not read, so
    only the key column and the matching rows are touched."""
    spec = TABLES[table]
    rows = ipc.open_file(pa.memory_map(str(copy))).read_all()  # the mapping lives while a buffer of it does
    return rows.filter(pc.fill_null(pc.is_in(rows[spec.key], value_set=keys), False)).select(spec.schema.names).cast(spec.schema)


def _marked(rows: pa.Table, month: str, in_delta: bool) -> pa.Table:
    rows = rows.append_column(store.PARTITION_COLUMN, pa.array([month] * rows.num_rows, pa.string()))
    return rows.append_column(IN_DELTA, pa.array([in_delta] * rows.num_rows, pa.bool_()))


def _month_of(root: str | Path, table: str, path: Path) -> str:
    return "" if TABLES[table].day is None else path.parent.name


def compact(root: str | Path, table: str) -> list[str]:
    """Fold the table's deltas into its base files (``store.compact``), told which partitions' base
    files hold a record the deltas supersede; build the key index of the new base files, and mark
    the kept aggregates that were in step as still in step — the records are the same ones, in
    other files. Returns the partitions rewritten."""
    deltas = store.delta_files(root, table)
    if not deltas:
        return []
    keys = pa.concat_arrays([store.read_delta(root, table, _month_of(root, table, p))[TABLES[table].key].combine_chunks()
                             for p in deltas])
    holding = Index.current(root, table).candidates(keys) if len(keys) else {}
    superseding = {_month_of(root, table, store.located(root, name)) for name in holding}
    kept = aggregates.in_step(root, table)
    rewritten = store.compact(root, table, superseding)
    build(root, table)
    aggregates.still_in_step(kept)
    return rewritten


class Index:
    """The key index of a table's base files, as kept."""

    def __init__(self, hashes: np.ndarray, files: np.ndarray, names: list[str], starts: np.ndarray, copied: list[int]) -> None:
        self.hashes, self.files, self.names = hashes, files, names  # each hash's file: its number in ``names``
        self.starts = starts  # where each prefix's hashes start (``PREFIX_BITS``), and the end
        self.copied = {names[n]: n for n in copied}  # the base files of open records, copied as ``open/<n>.arrow``

    @classmethod
    def current(cls, root: str | Path, table: str) -> "Index":
        """The kept index when it covers the base files as they are, else one built now and kept."""
        folder = workdir(root) / FOLDER / table
        try:
            saved = json.loads((folder / "index.json").read_text(encoding="utf-8"))
            if saved["files"] == _fingerprint(root, table) and saved["hash"] == _hash_version():
                return cls(np.load(folder / "hashes.npy", mmap_mode="r"), np.load(folder / "files.npy", mmap_mode="r"),
                           saved["names"], np.load(folder / "starts.npy"), saved["copied"])
        except (OSError, ValueError, KeyError):
            pass  # missing, unreadable or of an earlier layout: built again
        return build(root, table)

    def copy(self, root: str | Path, table: str, path: Path) -> Path | None:
        """The Arrow copy of a base file (its path in the store), if it is one of open records."""
        number = self.copied.get(store.name(root, path))
        return None if number is None else workdir(root) / FOLDER / table / "open" / f"{number}.arrow"

    def candidates(self, keys: pa.Array, con=None) -> dict[str, pa.Array]:
        """Base file (its path in the store) → the keys whose hash a record of it has."""
        hashes = hash_keys(keys, con)
        if not len(self.hashes):
            return {}
        low = self._lower_bounds(hashes)
        at = np.minimum(low, len(self.hashes) - 1)
        found = (low < len(self.hashes)) & (np.asarray(self.hashes[at]) == hashes)
        after = np.minimum(at + 1, len(self.hashes) - 1)
        more = found & (after > at) & (np.asarray(self.hashes[after]) == hashes)  # copies of a key, or two keys with one hash
        one = np.flatnonzero(found & ~more)  # nearly every key found: one base record has its hash
        rows, files = [one], [np.asarray(self.files[low[one]], np.int64)]
        for i in np.flatnonzero(more).tolist():
            high = int(np.searchsorted(self.hashes, hashes[i], side="right"))
            found_in = np.unique(np.asarray(self.files[low[i]:high], np.int64))
            rows.append(np.full(len(found_in), i))
            files.append(found_in)
        row, file = np.concatenate(rows), np.concatenate(files)
        return {self.names[f]: keys.take(pa.array(row[file == f], pa.int64())) for f in np.unique(file).tolist()}

    def _lower_bounds(self, hashes: np.ndarray) -> np.ndarray:
        """Where each hash is, or would be, in the index (``np.searchsorted``, side left): a binary
        search of all the searches at once, each within its prefix's hundred or so hashes, where
        one search in all hundred million would wander over pages the next search no longer needs."""
        prefix = (hashes >> np.uint64(64 - PREFIX_BITS)).astype(np.int64)
        low, high = self.starts[prefix].astype(np.int64), self.starts[prefix + 1].astype(np.int64)
        last = len(self.hashes) - 1
        while (searching := low < high).any():
            middle = (low + high) // 2
            below = searching & (np.asarray(self.hashes[np.minimum(middle, last)]) < hashes)
            low = np.where(below, middle + 1, low)
            high = np.where(searching & ~below, middle, high)
        return low


def build(root: str | Path, table: str) -> Index:
    """Hash every base record's key and keep the sorted hashes with their files, where each prefix
    starts, and a copy of each base file of open records."""
    folder = workdir(root) / FOLDER / table
    (folder / "index.json").unlink(missing_ok=True)  # first: a half-built index is never taken for a whole one
    shutil.rmtree(folder / "open", ignore_errors=True)
    fingerprint = _fingerprint(root, table)
    paths = store.base_files(root, table)
    hashes, files = [np.zeros(0, np.uint64)], [np.zeros(0, np.int32)]
    with store.connect(root) as con:
        for number, path in enumerate(paths):
            found = con.execute(f"SELECT hash({TABLES[table].key}) AS h FROM read_parquet(?) ORDER BY h", [str(path)]).fetchnumpy()["h"]
            hashes.append(np.asarray(found, np.uint64))
            files.append(np.full(len(found), number, np.int32))
    all_hashes, all_files = np.concatenate(hashes), np.concatenate(files)
    order = np.argsort(all_hashes, kind="stable")  # sorted runs, one a file: the merge sort only merges them
    names = [store.name(root, p) for p in paths]
    sorted_hashes = all_hashes[order]
    starts = np.append(np.searchsorted(sorted_hashes, np.arange(2 ** PREFIX_BITS, dtype=np.uint64) << np.uint64(64 - PREFIX_BITS)),
                       len(sorted_hashes)).astype(np.int64)
    copied = [number for number, path in enumerate(paths) if path.name.endswith(f"{store.OPEN_SUFFIX}.parquet")]
    index = Index(sorted_hashes, all_files[order], names, starts, copied)
    folder.mkdir(parents=True, exist_ok=True)
    replace_atomically(folder / "hashes.npy", lambda tmp: _save(tmp, index.hashes))
    replace_atomically(folder / "files.npy", lambda tmp: _save(tmp, index.files))
    replace_atomically(folder / "starts.npy", lambda tmp: _save(tmp, index.starts))
    for number in copied:
        _copy(table, paths[number], folder / "open" / f"{number}.arrow")
    saved = {"table": table, "files": fingerprint, "hash": _hash_version(), "names": names, "copied": copied}
    replace_atomically(folder / "index.json", lambda tmp: tmp.write_text(json.dumps(saved), encoding="utf-8"))  # last: the index is whole
    return index


def _copy(table: str, path: PurePath, copy: Path) -> None:
    """A base file's records in Arrow's file format, uncompressed: mapped, they are read without decoding."""
    rows = store.parquet_file(path).read().select(TABLES[table].schema.names).cast(TABLES[table].schema)
    copy.parent.mkdir(parents=True, exist_ok=True)

    def write(tmp: Path) -> None:
        with ipc.new_file(str(tmp), rows.schema) as writer:
            writer.write_table(rows)
    replace_atomically(copy, write)


def _save(path: Path, values: np.ndarray) -> None:
    with open(path, "wb") as handle:  # a handle: np.save given a name would add ".npy" to the temporary one
        np.save(handle, np.ascontiguousarray(values), allow_pickle=False)


def hash_keys(keys: pa.Array, con=None) -> np.ndarray:
    """Each key's hash as the index holds it (DuckDB's ``hash`` of the text), on ``con`` or a new connection."""
    import duckdb  # deferred: only the services commands need it

    with contextlib.nullcontext(con) if con is not None else duckdb.connect() as connection:
        connection.register("sent", pa.table({"k": keys}))
        hashes = np.asarray(connection.execute("SELECT hash(k) AS h FROM sent").fetchnumpy()["h"], np.uint64)
        connection.unregister("sent")
    return hashes


def _hash_version() -> str:
    """The hash function's maker and version: another version may hash differently, so its index is rebuilt."""
    import duckdb  # deferred: only the services commands need it

    return f"duckdb {duckdb.__version__}"


def _fingerprint(root: str | Path, table: str) -> dict[str, list[int]]:
    return store.fingerprint(root, store.base_files(root, table))
