"""Ingest checks every row of a batch before the store changes: each problem with its file, row and
field, nothing stored when there is one, the rejected rows in the quarantine file; versions decide
what a record replaces, re-sending changes nothing, and only the months a batch touches are rewritten."""
import csv
import hashlib
import json
from datetime import date, datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from parindex.core.errors import ValidationFailed
from parindex.core.services import ingest as ingest_module
from parindex.core.services import sent, store
from parindex.core.services.ingest import ingest
from parindex.core.services.records import DOSSIERS, FEEDBACK, TABLES

DAY = date(2026, 10, 5)


def dossier(n, **changes):
    row = {"dossier_id": f"D{n}", "version": 1, "unit": "X1", "province": "P1", "level": "commune", "agency": "X1-A",
           "procedure": "P-1", "service_level": "partly_online", "channel": "counter", "received_on": DAY,
           "due_on": DAY + timedelta(days=10), "completed_on": DAY + timedelta(days=5), "state": "completed",
           "result_electronic": False, "digitised": True, "reused_data": False, "fee_due": False, "paid_online": False,
           "synced": True, "rated_dislike": False, "official": "CB-1"}
    row.update(changes)
    return row


def feedback(n, **changes):
    row = {"feedback_id": f"F{n}", "version": 1, "unit": "X1", "province": "P1", "level": "commune", "received_on": DAY,
           "due_on": DAY + timedelta(days=7), "resolved_on": DAY + timedelta(days=3), "satisfied": True}
    row.update(changes)
    return row


def text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if isinstance(value, date) else str(value)


def write_csv(path, rows, columns=None):
    columns = columns or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerows([[text(r.get(c)) for c in columns] for r in rows])
    return path


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps({k: text(v) if isinstance(v, date) else v for k, v in r.items()}) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def problems_of(root, *files, **options):
    with pytest.raises(ValidationFailed) as failed:
        ingest(root, files, **options)
    return failed.value.problems


def checksums(root):
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*.parquet"))}


def stored(root, table="dossiers"):
    return {row[TABLES[table].key]: row for row in store.records(root, table).to_pylist()}


def test_a_batch_of_new_records_is_stored_by_month(tmp_path):
    batch = write_csv(tmp_path / "oct.csv", [dossier(1), dossier(2, received_on=date(2026, 11, 2), due_on=date(2026, 11, 9),
                                                                   completed_on=None, state="processing")])
    report = ingest(tmp_path / "store", [batch])
    assert (report.change("dossiers").added, report.rows) == (2, 2)
    assert sorted(p.parent.name for p in store.files(tmp_path / "store", "dossiers")) == ["month=2026-10", "month=2026-11"]
    assert stored(tmp_path / "store")["D2"]["completed_on"] is None


def test_the_table_is_the_one_whose_key_the_file_has(tmp_path):
    report = ingest(tmp_path / "store", [write_csv(tmp_path / "fb.csv", [feedback(1)])])
    assert report.change("feedback").added == 1 and set(stored(tmp_path / "store", "feedback")) == {"F1"}


def test_a_file_with_no_key_column_is_refused_naming_the_keys(tmp_path):
    [problem] = problems_of(tmp_path / "store", write_csv(tmp_path / "x.csv", [{"unit": "X1", "level": "commune"}]))
    assert problem.code == "unknown_table" and "dossier_id" in str(problem.expected)


def test_a_named_table_refuses_the_columns_of_another(tmp_path):
    found = problems_of(tmp_path / "store", write_csv(tmp_path / "fb.csv", [feedback(1)]), table="dossiers")
    assert {p.code for p in found} == {"unknown_column", "missing_column"}
    assert {p.where.column for p in found if p.code == "unknown_column"} == {"feedback_id", "resolved_on", "satisfied"}
    assert all(p.where.row == 1 for p in found)  # the header


@pytest.mark.parametrize("changes, column, code", [
    ({"unit": None}, "unit", "missing_value"),
    ({"received_on": "2026-02-30"}, "received_on", "bad_value"),
    ({"due_on": "15/10/2026"}, "due_on", "bad_value"),
    ({"received_on": "0206-10-05"}, "received_on", "bad_value"),
    ({"state": "finished"}, "state", "not_a_choice"),
    ({"digitised": "maybe"}, "digitised", "bad_value"),
    ({"version": 0}, "version", "bad_value"),
    ({"unit": "X9"}, "unit", "unknown_code"),
    ({"procedure": "P-404"}, "procedure", "unknown_code"),
    ({"completed_on": DAY - timedelta(days=1)}, "completed_on", "before_received"),
    ({"due_on": DAY - timedelta(days=1), "completed_on": None}, "due_on", "before_received"),
    ({"official": "=HYPERLINK(\"http://x\")"}, "official", "formula_value"),
    ({"agency": "A" * 501}, "agency", "value_too_long"),
])
def test_a_wrong_cell_is_refused_at_its_file_row_and_field(tmp_path, changes, column, code):
    batch = write_csv(tmp_path / "in.csv", [dossier(1), dossier(2, **changes)])
    [problem] = problems_of(tmp_path / "store", batch, known_units=["X1", "P1"], known_procedures=["P-1"])
    assert (problem.code, problem.where.file, problem.where.row, problem.where.column) == (code, str(batch), 3, column)


def test_feedback_resolved_before_it_was_received_is_refused(tmp_path):
    [problem] = problems_of(tmp_path / "store", write_csv(tmp_path / "fb.csv", [feedback(1, resolved_on=DAY - timedelta(days=2))]))
    assert (problem.code, problem.where.row, problem.where.column) == ("before_received", 2, "resolved_on")


def test_every_problem_is_listed_in_file_order_not_only_the_first(tmp_path):
    first = write_csv(tmp_path / "a.csv", [dossier(1, state="x"), dossier(2), dossier(3, unit=None, level="village")])
    second = write_csv(tmp_path / "b.csv", [dossier(4, digitised="?")])
    found = problems_of(tmp_path / "store", first, second)
    assert [(p.where.file[-5:], p.where.row, p.where.column) for p in found] == [
        ("a.csv", 2, "state"), ("a.csv", 4, "unit"), ("a.csv", 4, "level"), ("b.csv", 2, "digitised")]


def test_json_lines_are_located_by_their_line(tmp_path):
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps({**dossier(1), "received_on": "2026-10-05", "due_on": "2026-10-15", "completed_on": None,
                                 "state": "processing"}) + "\n\n" + "not json\n", encoding="utf-8")
    [problem] = problems_of(tmp_path / "store", batch)
    assert (problem.code, problem.where.line) == ("bad_line", 3)


def test_json_lines_with_typed_values_are_stored(tmp_path):
    report = ingest(tmp_path / "store", [write_jsonl(tmp_path / "in.jsonl", [dossier(1), dossier(2, version=3)])])
    assert report.change("dossiers").added == 2 and stored(tmp_path / "store")["D2"]["version"] == 3


def test_parquet_rows_are_counted_from_one(tmp_path):
    batch = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist([dossier(1), dossier(2, level="village")], schema=DOSSIERS.schema), batch)
    [problem] = problems_of(tmp_path / "store", batch)
    assert (problem.where.row, problem.where.column, problem.got) == (2, "level", "village")


def test_a_rejected_batch_changes_no_file_of_the_store(tmp_path):
    root = tmp_path / "store"
    ingest(root, [write_csv(tmp_path / "first.csv", [dossier(1), dossier(2, received_on=date(2026, 11, 3), due_on=date(2026, 11, 9),
                                                                          completed_on=None, state="processing")])])
    ingest(root, [write_csv(tmp_path / "fb.csv", [feedback(1)])])
    before = checksums(root)
    batch = write_csv(tmp_path / "bad.csv", [dossier(3), dossier(2, version=2, received_on=date(2026, 11, 3)), dossier(4, state="?")])
    problems_of(root, batch, write_csv(tmp_path / "fb2.csv", [feedback(2)]))
    assert checksums(root) == before and len(before) == 3


def test_the_quarantine_lists_the_rejected_rows_with_their_reasons_and_nothing_is_stored(tmp_path):
    root, quarantine = tmp_path / "store", tmp_path / "rejected.csv"
    batch = write_csv(tmp_path / "in.csv", [dossier(1), dossier(2, state="finished"), dossier(3, unit=None, official="=1+1")])
    problems_of(root, batch, quarantine=quarantine, lang="en")
    with quarantine.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["row"], r["dossier_id"]) for r in rows] == [("3", "D2"), ("4", "D3")]
    assert "'finished' is not a value of state" in rows[0]["problems"] and "processing, completed" in rows[0]["problems"]
    assert "unit is missing" in rows[1]["problems"] and "formula" in rows[1]["problems"]
    assert rows[1]["official"] == "'=1+1"  # written so that a spreadsheet shows it, never runs it
    assert store.files(root, "dossiers") == []


def test_a_header_problem_puts_every_row_of_the_file_in_quarantine(tmp_path):
    quarantine = tmp_path / "rejected.csv"
    rows = [{k: v for k, v in dossier(n).items() if k != "state"} for n in (1, 2)]
    problems_of(tmp_path / "store", write_csv(tmp_path / "in.csv", rows), quarantine=quarantine, lang="en")
    with quarantine.open(encoding="utf-8-sig", newline="") as f:
        assert [(r["row"], "column 'state' is missing" in r["problems"]) for r in csv.DictReader(f)] == [("2", True), ("3", True)]


def test_sending_the_same_batch_again_changes_nothing(tmp_path):
    root = tmp_path / "store"
    batch = write_csv(tmp_path / "in.csv", [dossier(1), dossier(2, version=2)])
    ingest(root, [batch])
    before = checksums(root)
    change = ingest(root, [batch]).change("dossiers")
    assert (change.added, change.updated, change.unchanged, change.partitions) == (0, 0, 2, ())
    assert checksums(root) == before


def test_a_higher_version_replaces_the_stored_record_even_in_another_month(tmp_path):
    root = tmp_path / "store"
    ingest(root, [write_csv(tmp_path / "v1.csv", [dossier(1, completed_on=None, state="processing"), dossier(2)])])
    moved = dossier(1, version=2, received_on=date(2026, 11, 2), due_on=date(2026, 11, 9), completed_on=date(2026, 11, 20))
    change = ingest(root, [write_csv(tmp_path / "v2.csv", [moved])]).change("dossiers")
    assert (change.added, change.updated, change.partitions) == (0, 1, ("month=2026-11", "month=2026-10"))
    rows = store.records(root, "dossiers").to_pylist()
    assert sorted((r["dossier_id"], r["version"]) for r in rows) == [("D1", 2), ("D2", 1)]  # one copy of D1, the new one


def test_the_highest_version_in_a_batch_wins(tmp_path):
    batch = write_csv(tmp_path / "in.csv", [dossier(1, version=3, official="CB-3"), dossier(1, version=2, official="CB-2")])
    ingest(tmp_path / "store", [batch])
    assert stored(tmp_path / "store")["D1"]["official"] == "CB-3"


def test_a_version_lower_than_the_stored_one_is_refused(tmp_path):
    root = tmp_path / "store"
    ingest(root, [write_csv(tmp_path / "v2.csv", [dossier(1, version=2)])])
    [problem] = problems_of(root, write_csv(tmp_path / "v1.csv", [dossier(1)]))
    assert (problem.code, problem.where.row, problem.where.column, problem.got) == ("older_version", 2, "version", 1)


def test_the_stored_version_with_other_content_is_refused_naming_the_field(tmp_path):
    root = tmp_path / "store"
    ingest(root, [write_csv(tmp_path / "v1.csv", [dossier(1)])])
    [problem] = problems_of(root, write_csv(tmp_path / "again.csv", [dossier(1, channel="online")]))
    assert (problem.code, problem.where.column) == ("changed_without_version", "channel")


def test_the_same_version_twice_in_a_batch_must_be_the_same_record(tmp_path):
    batch = write_csv(tmp_path / "in.csv", [dossier(1), dossier(2), dossier(1), dossier(1, digitised=False)])
    [problem] = problems_of(tmp_path / "store", batch)
    assert (problem.code, problem.where.row, problem.where.column) == ("changed_in_batch", 5, "digitised")
    assert "row 2" in problem.title.get("en")


def test_only_the_months_a_batch_touches_are_rewritten(tmp_path):
    root = tmp_path / "store"
    september = dossier(9, received_on=date(2026, 9, 1), due_on=date(2026, 9, 5), completed_on=date(2026, 9, 2))
    ingest(root, [write_csv(tmp_path / "first.csv", [september, dossier(1)])])
    before = checksums(root)
    change = ingest(root, [write_csv(tmp_path / "oct.csv", [dossier(2)])]).change("dossiers")
    after = checksums(root)
    assert change.partitions == ("month=2026-10",)
    assert after["dossiers/month=2026-09/delta.parquet"] == before["dossiers/month=2026-09/delta.parquet"]
    assert after["dossiers/month=2026-10/delta.parquet"] != before["dossiers/month=2026-10/delta.parquet"]


def test_a_write_that_fails_leaves_the_partition_as_it_was(tmp_path, monkeypatch):
    root = tmp_path / "store"
    ingest(root, [write_csv(tmp_path / "first.csv", [dossier(1)])])
    before = checksums(root)

    def fails(rows, where, **options):
        open(where, "wb").write(b"half a file")
        raise OSError("disk full")
    monkeypatch.setattr(store.pq, "write_table", fails)
    with pytest.raises(OSError):
        ingest(root, [write_csv(tmp_path / "second.csv", [dossier(2)])])
    assert checksums(root) == before and sorted(p.name for p in (root / "dossiers" / "month=2026-10").iterdir()) == ["delta.parquet"]


def test_a_key_stored_twice_by_an_interrupted_load_is_repaired_by_sending_again(tmp_path):
    root = tmp_path / "store"
    old = dossier(1, completed_on=None, state="processing")
    new = dossier(1, version=2, received_on=date(2026, 11, 2), due_on=date(2026, 11, 9), completed_on=None, state="processing")
    store.write_table(root, "dossiers", pa.Table.from_pylist([old, new], schema=DOSSIERS.schema))  # as a stopped load leaves it
    change = ingest(root, [write_csv(tmp_path / "again.csv", [new])]).change("dossiers")
    assert change.updated == 1
    assert [(r["dossier_id"], r["version"]) for r in store.records(root, "dossiers").to_pylist()] == [("D1", 2)]


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sent, "MAX_FILE_BYTES", 100)
    [problem] = problems_of(tmp_path / "store", write_csv(tmp_path / "big.csv", [dossier(1)]))
    assert (problem.code, problem.where.file, problem.where.row) == ("file_too_large", str(tmp_path / "big.csv"), None)


def test_a_file_with_too_many_rows_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sent, "MAX_ROWS", 2)
    [problem] = problems_of(tmp_path / "store", write_csv(tmp_path / "in.csv", [dossier(n) for n in range(3)]))
    assert problem.code == "too_many_rows"


def test_a_huge_value_is_refused_at_its_cell_without_repeating_it(tmp_path):
    batch = write_csv(tmp_path / "in.csv", [dossier(1), dossier(2), dossier(3, agency="A" * 2_000_000)])
    [problem] = problems_of(tmp_path / "store", batch)
    assert (problem.code, problem.where.row, problem.where.column) == ("value_too_long", 4, "agency")
    assert len(problem.render()) < 400


def test_a_row_with_the_wrong_number_of_cells_is_refused_at_its_row(tmp_path):
    batch = write_csv(tmp_path / "in.csv", [dossier(1), dossier(2)])
    batch.write_text(batch.read_text(encoding="utf-8") + "D3,1,X1\n", encoding="utf-8")
    [problem] = problems_of(tmp_path / "store", batch)
    assert (problem.code, problem.where.row, problem.got) == ("bad_row", 4, 3)


def test_a_column_named_twice_is_refused_at_the_header(tmp_path):
    batch = write_csv(tmp_path / "in.csv", [dossier(1)], columns=[*dossier(1), "unit"])
    [problem] = problems_of(tmp_path / "store", batch)
    assert (problem.code, problem.where.row, problem.where.column) == ("bad_header", 1, "unit")


def test_blank_lines_are_not_records_but_keep_the_rows_numbered(tmp_path):
    batch = write_csv(tmp_path / "in.csv", [dossier(1)])
    batch.write_text(batch.read_text(encoding="utf-8") + "\n" + ",".join(text(v) for v in dossier(2, state="?").values()) + "\n",
                     encoding="utf-8")
    [problem] = problems_of(tmp_path / "store", batch)
    assert problem.where.row == 4


def test_the_catalogue_is_stored_unpartitioned(tmp_path):
    procedure = {"procedure_key": "P1/K1", "version": 1, "procedure": "K1", "unit": "P1", "level": "province", "announced_on_time": True,
                 "published_on_time": True, "fully_disclosed": True, "online_capable": True, "has_fee": False, "payment_integrated": False}
    change = ingest(tmp_path / "store", [write_csv(tmp_path / "cat.csv", [procedure])]).change("procedures")
    assert change.partitions == ("",) and [p.name for p in store.files(tmp_path / "store", "procedures")] == ["delta.parquet"]


def test_feedback_schema_is_the_records_one(tmp_path):
    ingest(tmp_path / "store", [write_csv(tmp_path / "fb.csv", [feedback(1, satisfied=None)])])
    assert pq.ParquetFile(store.files(tmp_path / "store", "feedback")[0]).schema_arrow.equals(FEEDBACK.schema, check_metadata=False)


def test_text_that_is_not_utf8_is_refused_at_its_row(tmp_path):
    batch = write_csv(tmp_path / "in.csv", [dossier(1), dossier(2), dossier(3)])
    batch.write_bytes(batch.read_bytes().replace(b"CB-1\r\nD3", b"CB-\xff\r\nD3"))
    [problem] = problems_of(tmp_path / "store", batch)
    assert (problem.code, problem.where.row) == ("unreadable_row", 3)


def test_a_json_line_that_is_not_utf8_is_refused_at_its_line(tmp_path):
    batch = write_jsonl(tmp_path / "in.jsonl", [dossier(1), dossier(2), dossier(3)])
    batch.write_bytes(batch.read_bytes().replace(b'"D2"', b'"D\xff"'))
    [problem] = problems_of(tmp_path / "store", batch)
    assert (problem.code, problem.where.line) == ("unreadable_line", 2)


def test_a_nested_json_value_is_refused_at_its_field(tmp_path):
    [problem] = problems_of(tmp_path / "store", write_jsonl(tmp_path / "in.jsonl", [dossier(1, unit={"code": "X1"})]))
    assert (problem.code, problem.where.line, problem.where.column) == ("bad_value", 1, "unit")


# -- deltas, the key index and compaction ------------------------------------------------------------------

def engine_versions(root):
    from parindex.core.services.engine import DuckDBEngine

    frame = DuckDBEngine(root).query("dossiers", "SELECT dossier_id, version FROM source ORDER BY dossier_id")
    return list(zip(frame["dossier_id"], frame["version"]))


def test_a_new_version_lands_in_a_delta_and_every_reader_sees_it_instead_of_the_base_copy(tmp_path):
    root = tmp_path / "store"
    store.write_table(root, "dossiers", pa.Table.from_pylist([dossier(1, completed_on=None, state="processing"), dossier(2)],
                                                             schema=DOSSIERS.schema))
    base = checksums(root)
    change = ingest(root, [write_csv(tmp_path / "v2.csv", [dossier(1, version=2)])]).change("dossiers")
    assert change.updated == 1
    assert sorted(p.name for p in store.files(root, "dossiers")) == ["delta.parquet", "part-0-open.parquet", "part-0.parquet"]
    assert {k: v for k, v in checksums(root).items() if k in base} == base  # the base files, D1's processing copy apart, untouched
    assert engine_versions(root) == [("D1", 2), ("D2", 1)]  # the base copy of D1 is superseded, not counted twice
    assert [(r["dossier_id"], r["version"]) for r in store.records(root, "dossiers").sort_by("dossier_id").to_pylist()] == [("D1", 2), ("D2", 1)]


def test_a_record_moved_out_of_a_delta_leaves_that_delta(tmp_path):
    root = tmp_path / "store"
    ingest(root, [write_csv(tmp_path / "v1.csv", [dossier(1), dossier(2)])])
    moved = dossier(1, version=2, received_on=date(2026, 11, 2), due_on=date(2026, 11, 9), completed_on=date(2026, 11, 5))
    ingest(root, [write_csv(tmp_path / "v2.csv", [moved])])
    october = store.read_delta(root, "dossiers", "month=2026-10")
    assert october["dossier_id"].to_pylist() == ["D2"] and engine_versions(root) == [("D1", 2), ("D2", 1)]


def test_compaction_folds_the_deltas_into_one_base_file_a_month_and_changes_no_record(tmp_path):
    from parindex.core.methodology import resolve
    from parindex.core.services import aggregates, locator

    root, methodology = tmp_path / "store", resolve("vn-766-2022")
    store.write_table(root, "dossiers", pa.Table.from_pylist([dossier(1, completed_on=None, state="processing"), dossier(2)],
                                                             schema=DOSSIERS.schema))
    aggregates.rebuild(root, methodology)
    moved = dossier(1, version=2, received_on=date(2026, 11, 2), due_on=date(2026, 11, 9), completed_on=date(2026, 11, 5))
    ingest(root, [write_csv(tmp_path / "v2.csv", [moved, dossier(3)])])
    before = store.records(root, "dossiers").sort_by("dossier_id")
    assert locator.compact(root, "dossiers") == ["month=2026-10", "month=2026-11"]
    assert store.delta_files(root, "dossiers") == []
    assert sorted(str(p.relative_to(root)) for p in store.files(root, "dossiers")) == [
        "dossiers/month=2026-10/part-0.parquet", "dossiers/month=2026-11/part-0.parquet"]
    assert store.records(root, "dossiers").sort_by("dossier_id").equals(before)
    assert engine_versions(root) == [("D1", 2), ("D2", 1), ("D3", 1)]  # the old D1 left October's base file
    assert aggregates.stale(root, methodology) == []  # the same records: the kept aggregates stay in step
    assert locator.stored(root, "dossiers", pa.array(["D1"]))["version"].to_pylist() == [2]


def test_a_load_past_the_compaction_threshold_compacts_the_store(tmp_path, monkeypatch):
    root = tmp_path / "store"
    monkeypatch.setattr(ingest_module, "COMPACT_AT", 1)
    ingest(root, [write_csv(tmp_path / "v1.csv", [dossier(1), dossier(2)])])
    assert store.delta_files(root, "dossiers") == [] and [p.name for p in store.files(root, "dossiers")] == ["part-0.parquet"]
    change = ingest(root, [write_csv(tmp_path / "v2.csv", [dossier(2, version=2, official="CB-2"), dossier(3)])]).change("dossiers")
    assert (change.added, change.updated) == (1, 1) and engine_versions(root) == [("D1", 1), ("D2", 2), ("D3", 1)]


def test_the_key_index_follows_base_files_written_after_it(tmp_path):
    from parindex.core.services import locator

    root = tmp_path / "store"
    store.write_table(root, "dossiers", pa.Table.from_pylist([dossier(1)], schema=DOSSIERS.schema))
    assert locator.stored(root, "dossiers", pa.array(["D1", "D2"]))["dossier_id"].to_pylist() == ["D1"]
    store.write_table(root, "dossiers", pa.Table.from_pylist([dossier(2, received_on=date(2026, 9, 1), due_on=date(2026, 9, 9),
                                                                      completed_on=date(2026, 9, 2))], schema=DOSSIERS.schema), name="part-1")
    found = locator.stored(root, "dossiers", pa.array(["D1", "D2"]))
    assert sorted(zip(found["dossier_id"].to_pylist(), found[store.PARTITION_COLUMN].to_pylist())) == [
        ("D1", "month=2026-10"), ("D2", "month=2026-09")]


def test_a_key_whose_hash_the_index_holds_for_another_key_is_still_new(tmp_path, monkeypatch):
    """A hash is a candidate only: the partition's keys are compared, so a collision costs a read."""
    from parindex.core.services import locator

    root = tmp_path / "store"
    store.write_table(root, "dossiers", pa.Table.from_pylist([dossier(1)], schema=DOSSIERS.schema))
    held = locator.Index.current(root, "dossiers")
    monkeypatch.setattr(locator, "hash_keys", lambda keys, con=None: np.full(len(keys), held.hashes[0], np.uint64))  # every key collides with D1
    assert locator.stored(root, "dossiers", pa.array(["D9"])).num_rows == 0
    assert ingest(root, [write_csv(tmp_path / "new.csv", [dossier(9)])]).change("dossiers").added == 1


def test_a_load_replacing_open_records_reads_only_the_arrow_copy_of_the_files_of_open_records(tmp_path, monkeypatch):
    from parindex.core.services import locator

    root = tmp_path / "store"
    store.write_table(root, "dossiers", pa.Table.from_pylist(
        [dossier(1, completed_on=None, state="processing")] + [dossier(n) for n in range(2, 50)], schema=DOSSIERS.schema))
    decoded, mapped = [], []
    read_base, read_copy = locator._read_base, locator._read_copy
    monkeypatch.setattr(locator, "_read_base",
                        lambda con, table, paths, keys: decoded.extend(p.name for p in paths) or read_base(con, table, paths, keys))
    monkeypatch.setattr(locator, "_read_copy", lambda table, copy, keys: mapped.append(copy) or read_copy(table, copy, keys))
    change = ingest(root, [write_csv(tmp_path / "done.csv", [dossier(1, version=2)])]).change("dossiers")
    assert change.updated == 1 and decoded == []  # not the month's 48 completed dossiers, nor its Parquet file of open ones
    index = locator.Index.current(root, "dossiers")
    assert mapped == [index.copy(root, "dossiers", root / "dossiers" / "month=2026-10" / "part-0-open.parquet")]
    assert [r["version"] for r in store.records(root, "dossiers").to_pylist() if r["dossier_id"] == "D1"] == [2]


def test_after_a_compaction_a_load_finds_the_versions_in_the_new_copy_of_the_open_records(tmp_path):
    from parindex.core.services import locator

    root = tmp_path / "store"
    store.write_table(root, "dossiers", pa.Table.from_pylist(
        [dossier(1, completed_on=None, state="processing"), dossier(2, completed_on=None, state="processing")], schema=DOSSIERS.schema))
    ingest(root, [write_csv(tmp_path / "two.csv", [dossier(1, version=2, completed_on=None, state="processing")])])
    locator.compact(root, "dossiers")  # the file of open records rewritten, D-1 at version 2 in it
    problems = problems_of(root, write_csv(tmp_path / "one.csv", [dossier(1, version=1, completed_on=None, state="processing")]))
    assert [(p.code, p.got) for p in problems] == [("older_version", 1)]
    change = ingest(root, [write_csv(tmp_path / "three.csv", [dossier(1, version=3)])]).change("dossiers")
    assert (change.added, change.updated) == (0, 1)
    assert sorted((r["dossier_id"], r["version"]) for r in store.records(root, "dossiers").to_pylist()) == [("D1", 3), ("D2", 1)]


def test_a_typed_parquet_batch_is_checked_in_its_types_with_every_problem_located(tmp_path):
    """Dates, true/false and versions stay typed from Parquet: still refused out of range, at their row."""
    rows = [dossier(1), dossier(2, received_on=date(1999, 12, 30), due_on=date(2000, 1, 5), completed_on=None, state="processing"),
            dossier(3, version=0)]
    batch = tmp_path / "typed.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=DOSSIERS.schema), batch)
    quarantine = tmp_path / "rejected.csv"
    problems = problems_of(tmp_path / "store", batch, quarantine=quarantine)
    assert [(p.where.row, p.where.column) for p in problems] == [(2, "received_on"), (3, "version")]
    assert store.files(tmp_path / "store", "dossiers") == []
    rejected = list(csv.DictReader(quarantine.open(encoding="utf-8-sig")))
    assert [(r["row"], r["received_on"], r["version"], r["digitised"]) for r in rejected] == [("2", "1999-12-30", "1", "true"),
                                                                                                ("3", "2026-10-05", "0", "true")]


def test_a_parquet_time_is_taken_as_its_day_and_a_number_where_text_is_wanted_as_its_text(tmp_path):
    row = dossier(1)
    table = pa.Table.from_pylist([row], schema=DOSSIERS.schema)
    table = table.set_column(table.schema.get_field_index("received_on"), "received_on",
                             pa.array([datetime(2026, 10, 5, 8, 30)], pa.timestamp("us")))
    table = table.set_column(table.schema.get_field_index("procedure"), "procedure", pa.array([101], pa.int64()))
    batch = tmp_path / "times.parquet"
    pq.write_table(table, batch)
    assert ingest(tmp_path / "store", [batch]).change("dossiers").added == 1
    stored_row = stored(tmp_path / "store")["D1"]
    assert (stored_row["received_on"], stored_row["procedure"]) == (date(2026, 10, 5), "101")
