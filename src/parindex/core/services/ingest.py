"""Ingest: the one-stop systems' files into the store, every row checked first, all or nothing.

A batch is one or more files — CSV (UTF-8, a header row), Parquet, or JSON lines (``.jsonl``,
``.ndjson``: one object per line) — each holding the records of one table. The table is the
``table`` argument when given, else the one whose key column the file has (``dossier_id``,
``feedback_id``, ``procedure_key``): a record is named by its key, so the key says what it is, and
a file with none of the keys, or several, is refused rather than guessed at.

Every row is checked before anything is written, and every problem is reported with its file, row
and field: a required field missing, a date that is not one (``YYYY-MM-DD``, 2000–2099), a value
outside the field's choices, a unit or procedure not among the known ones (when they are given),
a record completed, due or resolved before it was received, the same key and version sent twice
with different content, or a version that contradicts the store. Rows are located as a person
finds them: in a CSV by the row a spreadsheet shows (the header is row 1), in JSON lines by the
line, in Parquet by the record's position (the first record is row 1).

Versions: the store keeps one record per key, the highest version sent. A new key is added; a
higher version replaces the stored record (wherever its month was); the same version with the
same content changes nothing, so sending a batch twice is harmless; the same version with other
content, or a lower version, is refused — a correction is a new version.

All or nothing: on any problem nothing in the store changes and ``ValidationFailed`` lists every
problem. With ``quarantine`` the rejected rows are also written to that CSV file, each with its
reasons and its values as sent, so that the sender fixes them and sends the batch again; the good
rows are not stored either. Storing them would make the store depend on which rows of a batch
happened to be wrong — a dossier's new version kept while its feedback was refused — and the
sender's system, which thinks in batches, could not tell what it still has to send.

Reading a file (``sent``: hostile input refused before it costs much) and checking each row
(``checks``) come first; here the rows are checked against each other and the store, and stored.

The records go into the deltas of their month partitions (``store``: a new version supersedes the
stored one wherever it is, and no month of base records is rewritten), each written atomically,
under the store's lock; the stored versions are found through the key index (``locator``); the
daily aggregates kept in step with the records are brought up to date by what the batch adds and
what it replaces (``aggregates``). Past ``COMPACT_AT`` records in deltas, the load folds them into
the base files.
"""
from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from parindex.core.cells import SafeCsvWriter
from parindex.core.errors import ParindexError, ValidationFailed, Where
from parindex.core.files import replace_atomically
from parindex.core.phrases import t
from parindex.core.services import aggregates, checks, locator, sent, store
from parindex.core.services.checks import Checked
from parindex.core.services.records import TABLES, Table
from parindex.core.services.sent import Sent, mask, rows_at, shown
from parindex.core.text import Text

# The deltas are folded into the base files (``store.compact``) once they hold this many records:
# readers pay an anti-join against the deltas' keys, a load only rewrites deltas.
COMPACT_AT = 2_000_000


@dataclass(frozen=True)
class TableChange:
    """What one load did to one table."""

    table: str
    added: int
    updated: int
    unchanged: int
    partitions: tuple[str, ...]  # the partitions rewritten ("" is the catalogue's folder)
    days: int  # days of kept aggregates recomputed


@dataclass(frozen=True)
class IngestReport:
    files: tuple[str, ...]
    rows: int
    changes: tuple[TableChange, ...]

    def change(self, table: str) -> TableChange:
        return next((c for c in self.changes if c.table == table), TableChange(table, 0, 0, 0, (), 0))


def ingest(root: str | Path, files: Iterable[str | Path], known_units: Iterable[str] | None = None,
           known_procedures: Iterable[str] | None = None, quarantine: str | Path | None = None, *,
           table: str | None = None, lang: str = "vi") -> IngestReport:
    """Check every row of ``files`` and, if none has a problem, store them; else raise
    ``ValidationFailed`` with every problem (and write the rejected rows to ``quarantine``)."""
    paths = [Path(f) for f in files]
    if table is not None and table not in TABLES:
        raise ParindexError("unknown_table", t("unknown record table '{table}'", table=table), Where(path="--table"),
                            expected=", ".join(TABLES), got=table)
    if quarantine is not None and Path(quarantine).suffix.lower() != ".csv":
        raise ParindexError("unsupported_file", t('cannot write {name}', name=Path(quarantine).name), Where(file=str(quarantine)),
                            expected=".csv", got=Path(quarantine).suffix)
    files_sent = [sent.read(path, table) for path in paths]
    units, procedures = checks.known(known_units), checks.known(known_procedures)
    readable = [s for s in files_sent if s.table is not None and not s.problems]
    tables = list(dict.fromkeys(s.table.name for s in readable if s.table is not None))
    with store.locked(root), ThreadPoolExecutor(1) as lookup:
        # The stored versions of every key sent are looked up while the rows are checked: the
        # lookup mostly reads files (DuckDB), the checks compute (Arrow), and both let go of the
        # interpreter, so on two cores the one hides the other.
        found = {name: lookup.submit(locator.stored, root, name, _sent_keys(readable, TABLES[name])) for name in tables}
        checked = [checks.check_rows(s, s.table, units, procedures) for s in readable if s.table is not None]
        problems = [p for s in files_sent for p in s.problems] + [p for c in checked for p in c.problems]
        batches = [_batch(TABLES[name], [c for c in checked if c.table.name == name]) for name in tables]
        plans = [_plan(batch, found[batch.spec.name].result()) for batch in batches]
        problems += [p for plan in plans for p in plan.problems]
        if problems:
            problems = _in_file_order(problems, paths)
            if quarantine is not None:
                _write_quarantine(Path(quarantine), files_sent, problems, lang)
            raise ValidationFailed(_batch_name(paths), problems)
        changes = tuple(_apply(root, plan) for plan in plans)
    return IngestReport(tuple(map(str, paths)), sum(c.records.num_rows for c in checked), changes)


# -- the batch against itself and the store -----------------------------------------------------------

@dataclass
class Plan:
    """What a table's good rows do to the store: the records to write and the stored ones they replace."""

    table: Table
    write: pa.Table  # the new and updated records, one per key
    replaced: pa.Table  # the stored copies of the updated keys, with the partition each is in
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ParindexError] = field(default_factory=list)


def _sent_keys(readable: list[Sent], spec: Table) -> pa.Array:
    """Every key the files of a table name, as text, each once: what to look up in the store."""
    columns = [pc.cast(s.values[spec.key], pa.string()) for s in readable
               if s.table is spec and spec.key in s.values.column_names]
    if not columns:
        return pa.array([], pa.string())
    return pc.drop_null(pc.unique(pa.chunked_array([c for column in columns for c in column.chunks], pa.string())))


@dataclass(frozen=True)
class Batch:
    """A table's good rows against each other: each key numbered once (``codes`` into ``keys``),
    the rows ordered by key, version and order sent, and the problems of a key and version sent
    twice with different content. Known before the store is asked, so it is worked out while the
    stored versions are still being looked up."""

    spec: Table
    checked: list[Checked]
    records: pa.Table
    files: np.ndarray  # each row's file (its number in ``checked``)
    places: np.ndarray  # each row's index in its file's values
    keys: pa.Array
    codes: np.ndarray
    versions: np.ndarray
    latest: np.ndarray  # the row of each key's highest version, as last sent; in the order of the keys' codes
    problems: list[ParindexError]

    def where(self, j: int, column: str | None = None) -> Where:
        return self.checked[int(self.files[j])].sent.where(int(self.places[j]), column)

    def key_of(self, j: int) -> str:
        return self.keys[int(self.codes[j])].as_py()


def _batch(spec: Table, checked: list[Checked]) -> Batch:
    """Same key and version twice in the batch must be the same record. The rows are compared by
    number: each key encoded once, the rows sorted by key, version and order sent."""
    records = pa.concat_tables([c.records for c in checked])
    files = np.repeat(np.arange(len(checked)), [len(c.rows) for c in checked])
    places = np.concatenate([c.rows for c in checked]) if checked else np.zeros(0, np.int64)
    encoded = pc.dictionary_encode(records[spec.key].combine_chunks())
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), np.int64)
    versions = np.asarray(records["version"].to_numpy(), np.int64)
    order = np.lexsort((np.arange(len(codes)), versions, codes))  # by key, then version, then as sent
    follows = np.zeros(len(codes), bool)  # in ``order``: the same key and version as the row before
    follows[1:] = (codes[order][1:] == codes[order][:-1]) & (versions[order][1:] == versions[order][:-1])
    first = np.empty(len(codes), np.int64)
    first[order] = order[np.maximum.accumulate(np.where(follows, 0, np.arange(len(codes))))]
    last = np.ones(len(codes), bool)  # in ``order``: the last row of its key, its highest version as last sent
    last[:-1] = codes[order][1:] != codes[order][:-1]
    batch = Batch(spec, checked, records, files, places, encoded.dictionary, codes, versions, order[last], [])
    again = sorted(order[follows].tolist())
    for j, differs in zip(again, _differences(spec, records, again, records, [int(first[j]) for j in again])):
        if differs:
            batch.problems.append(ParindexError(
                "changed_in_batch", t("{key} '{value}' version {version} is sent twice with different content (first at {first})",
                                      key=spec.key, value=batch.key_of(j), version=int(versions[j]),
                                      first=_place(batch.where(int(first[j])))),
                batch.where(j, differs), expected=t('one content per version'), got=None))
    return batch


def _plan(batch: Batch, found: pa.Table) -> Plan:
    """Against the store (``found``: the stored copies of the keys sent), a key is new, a higher
    version, or the stored version unchanged — anything else is a problem."""
    spec, codes, versions, latest = batch.spec, batch.codes, batch.versions, batch.latest
    found_code = np.asarray(pc.fill_null(pc.index_in(found[spec.key], value_set=batch.keys), -1).to_numpy(zero_copy_only=False), np.int64)
    found, found_code = _where(found, found_code >= 0), found_code[found_code >= 0]  # not the keys of refused rows
    top, top_code, copies = _highest_stored(found, found_code)
    at = np.full(len(batch.keys), -1, np.int64)  # per key: its row in ``top`` (-1: not stored)
    at[top_code] = np.arange(len(top_code))
    stored_version = np.where(at >= 0, np.asarray(top["version"].to_numpy(), np.int64)[np.maximum(at, 0)], -1) if top.num_rows \
        else np.full(len(batch.keys), -1)
    stored_copies = np.zeros(len(batch.keys), np.int64)
    stored_copies[top_code] = copies
    held_version, row_at = stored_version[codes], at[codes]  # per row sent: its key's stored version (-1: none)
    plan = Plan(spec, spec.schema.empty_table(), found, problems=list(batch.problems))
    for j in np.flatnonzero(versions < held_version):
        plan.problems.append(ParindexError(
            "older_version", t("{key} '{value}' version {version} is older than the stored version {stored}",
                               key=spec.key, value=batch.key_of(j), version=int(versions[j]), stored=int(held_version[j])),
            batch.where(j, "version"), expected=t('the stored version or a higher one'), got=int(versions[j])))
    same = np.flatnonzero(versions == held_version).tolist()
    for j, differs in zip(same, _differences(spec, batch.records, same, top, [int(row_at[j]) for j in same])):
        if differs:
            plan.problems.append(ParindexError(
                "changed_without_version", t("{key} '{value}' version {version} differs from the stored record of that version",
                                             key=spec.key, value=batch.key_of(j), version=int(versions[j])),
                batch.where(j, differs), expected=t('a higher version for a changed record'), got=None))

    held = held_version[latest] >= 0
    updated = held & ((versions[latest] > held_version[latest]) | (stored_copies[codes[latest]] > 1))
    plan.added, plan.updated = int((~held).sum()), int(updated.sum())
    plan.unchanged = len(latest) - plan.added - plan.updated
    plan.write = rows_at(batch.records, np.sort(latest[~held | updated]))
    replacing = np.zeros(len(batch.keys), bool)
    replacing[codes[latest[updated]]] = True
    plan.replaced = _where(found, replacing[found_code])
    return plan


def _place(where: Where) -> Text:
    return Text(vi=where.describe("vi"), en=where.describe("en"))


def _highest_stored(found: pa.Table, code: np.ndarray) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """Each stored key's highest version (its row of ``found``), the key's code, and how many copies
    the store holds of it (more than one only after a load stopped between two partitions; the next
    load of the key repairs it). ``code``: each found row's key, numbered as the batch numbers it."""
    copies = np.bincount(code) if len(code) else np.zeros(0, np.int64)
    if not len(code) or copies.max() == 1:  # as nearly always: one copy of each key
        return found, code, np.ones(len(code), np.int64)
    order = np.lexsort((np.arange(len(code)), found["version"].to_numpy(), code))
    last = np.ones(len(code), bool)
    last[:-1] = code[order][1:] != code[order][:-1]
    highest = np.sort(order[last])
    return found.take(pa.array(highest, pa.int64())), code[highest], copies[code[highest]]


def _where(rows: pa.Table, keep: np.ndarray) -> pa.Table:
    """The rows where ``keep`` holds; the table itself, uncopied, where it holds for every row."""
    return rows if keep.all() else rows.filter(pa.array(keep, pa.bool_()))


def _differences(spec: Table, one: pa.Table, rows: list[int], other: pa.Table, others: list[int]) -> list[str | None]:
    """For each pair (``one``'s row, ``other``'s row), the first field whose values differ (None: the same record)."""
    if not rows:
        return []
    a, b = one.take(pa.array(rows, pa.int64())), other.take(pa.array(others, pa.int64()))
    differs = np.column_stack([
        ~mask(pc.or_kleene(pc.equal(a[f.name], b[f.name]), pc.and_(pc.is_null(a[f.name]), pc.is_null(b[f.name]))))
        for f in spec.fields])
    return [spec.fields[int(k)].name if row.any() else None for row, k in zip(differs, differs.argmax(axis=1))]


# -- writing ------------------------------------------------------------------------------------------

def _apply(root: str | Path, plan: Plan) -> TableChange:
    """Write the plan's records into the deltas of their partitions, in place of any older copy a
    delta held (the base copies they supersede stay where they are: ``store``), then add to the kept
    aggregates what the records count less what the versions they replace counted. The deltas gaining
    records are written first, so that a load stopped half-way leaves a key stored twice (repaired by
    sending the batch again), never lost; the aggregates' months are written after the deltas, so a
    load stopped between them leaves the aggregates out of step (recomputed when next read), never wrong."""
    spec = plan.table
    kept = aggregates.in_step(root, spec.name)
    write, target = _by_partition(spec, plan.write)
    in_deltas = plan.replaced.filter(plan.replaced[locator.IN_DELTA])
    counted = pc.value_counts(target)  # ordered as first met: by partition, as ``target`` is
    gaining, sizes = counted.field("values").to_pylist(), counted.field("counts").to_numpy()
    slices = dict(zip(gaining, zip((np.cumsum(sizes) - sizes).tolist(), sizes.tolist())))
    partitions = gaining + sorted(set(pc.unique(in_deltas[store.PARTITION_COLUMN]).to_pylist()) - set(gaining))
    held = [store.read_delta(root, spec.name, month) for month in partitions]
    stays = _not_among(pa.concat_tables([spec.schema.empty_table(), *held])[spec.key], write[spec.key])
    ends = np.cumsum([delta.num_rows for delta in held]).tolist()
    with ThreadPoolExecutor(1) as counting:  # the aggregates' change is counted while the deltas are written
        counted = counting.submit(aggregates.count, kept if partitions else [], write, plan.replaced)
        for month, delta, end in zip(partitions, held, ends):
            sent = write.slice(*slices[month]) if month in slices else write.schema.empty_table()
            store.write_delta(root, spec.name, month, pa.concat_tables([delta.filter(stays[end - delta.num_rows:end]), sent]))
        days = aggregates.keep(kept, counted.result()) if partitions else 0
    if partitions and store.delta_rows(root, spec.name) > COMPACT_AT:
        locator.compact(root, spec.name)
    return TableChange(spec.name, plan.added, plan.updated, plan.unchanged, tuple(partitions), days)


def _by_partition(spec: Table, rows: pa.Table) -> tuple[pa.Table, pa.Array]:
    """The rows ordered by their partition (as sent within one), and each one's partition: a
    partition's rows are then one slice, not a filter of every row per partition."""
    if spec.day is None:
        return rows, pa.array([""] * rows.num_rows, pa.string())
    target = store.partitions(rows[spec.day])
    order = pc.sort_indices(target)  # stable: within a partition, as sent
    return rows.take(order), target.take(order)


def _not_among(held: pa.ChunkedArray, keys: pa.ChunkedArray) -> np.ndarray:
    """Which of the keys the deltas held are not among ``keys``: one search of every delta's keys,
    not one per partition (each search hashes ``keys`` anew)."""
    if not len(held):
        return np.ones(0, bool)
    return ~np.asarray(pc.is_in(held, value_set=keys).to_numpy(zero_copy_only=False), bool)


# -- telling the sender ---------------------------------------------------------------------------------

def _in_file_order(problems: list[ParindexError], paths: list[Path]) -> list[ParindexError]:
    order = {str(p): n for n, p in enumerate(paths)}
    fields = {f.name: n for spec in TABLES.values() for n, f in enumerate(spec.fields)}
    return sorted(problems, key=lambda p: (order.get(p.where.file or "", -1), p.where.row or p.where.line or 0,
                                           fields.get(p.where.column or "", -1)))


def _batch_name(paths: list[Path]) -> str:
    return str(paths[0]) if len(paths) == 1 else t('a batch of {n} files', n=len(paths))


def _write_quarantine(path: Path, sent: list[Sent], problems: list[ParindexError], lang: str) -> None:
    """One line per rejected row: its file, row (the line, for JSON lines), reasons and values as sent.
    A problem of a file's header rejects each of its rows; a file that cannot be read, or whose table
    is not known, has no rows to list (its problems say why)."""
    names = list(dict.fromkeys(f.name for s in sent if s.table for f in s.table.fields))
    lines: list[list[Any]] = [["file", "row", "problems", *names]]
    for s in sent:
        index = {int(place): i for i, place in enumerate(s.places)}
        located: dict[int, list[ParindexError]] = {}
        whole = []  # the file's own problems: its header, its columns
        for p in problems:
            if p.where.file == s.source:
                place = p.where.line if s.by_line else p.where.row
                if place in index:
                    located.setdefault(place, []).append(p)
                else:
                    whole.append(p)
        places = sorted(index) if whole and s.table else sorted(located)
        records = s.values.take(pa.array([index[place] for place in places], pa.int64())).to_pylist()
        for place, record in zip(places, records):
            reasons = " ".join(_reason(p, lang) for p in whole + located.get(place, []))
            lines.append([s.source, place, reasons, *(shown(record.get(name)) for name in names)])

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
            SafeCsvWriter(handle).writerows(lines)
    replace_atomically(path, write)


def _reason(problem: ParindexError, lang: str) -> str:
    """The problem as a sentence in ``lang``, located only by its column (the line gives the row)."""
    return ParindexError(problem.code, problem.title, Where(column=problem.where.column), problem.expected, problem.got,
                         problem.hint).sentence(lang)
