"""The seeded dossier streams: the same seed gives the same records, in one chunk or many; due dates
count the procedure's time limit in working days; the dossiers still processing are the recent
ones; and their later versions, completed days after, are what ingest accepts as updates."""
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from parindex.core.errors import ParindexError
from parindex.core.services.calendar import vietnam
from parindex.core.services.generator import Units, generate, later_versions
from parindex.core.services.ingest import ingest
from parindex.core.services.records import DOSSIERS
from parindex.core.services.store import files, records

UNITS = Units.vietnam(communes=20)
LIMITS = {1, 3, 5, 7, 10, 15, 20, 30}  # the catalogue's time limits, in working days


def dossiers(root) -> pa.Table:
    return records(root, "dossiers").sort_by("dossier_id")


def days(column) -> np.ndarray:
    return column.to_numpy()


def is_working_day(values: np.ndarray) -> np.ndarray:
    return vietnam().add_working_days(values, 0) == values


def test_the_same_seed_gives_the_same_records(tmp_path):
    generate(tmp_path / "a", UNITS, date(2026, 3, 1), 30, 2_000, seed=5)
    generate(tmp_path / "b", UNITS, date(2026, 3, 1), 30, 2_000, seed=5)
    generate(tmp_path / "c", UNITS, date(2026, 3, 1), 30, 2_000, seed=6)
    assert dossiers(tmp_path / "a").equals(dossiers(tmp_path / "b"))
    assert not dossiers(tmp_path / "a").equals(dossiers(tmp_path / "c"))


def test_chunked_generation_writes_every_dossier_and_repeats_itself(tmp_path):
    written = generate(tmp_path / "a", UNITS, date(2026, 3, 1), 30, 2_000, seed=5, chunk=600)
    generate(tmp_path / "b", UNITS, date(2026, 3, 1), 30, 2_000, seed=5, chunk=600)
    rows = dossiers(tmp_path / "a")
    assert written["dossiers"] == rows.num_rows == 2_000
    assert set(rows["dossier_id"].to_pylist()) == {f"HS{i}" for i in range(2_000)}
    assert {p.name for p in files(tmp_path / "a", "dossiers")} == {  # a part per chunk, its dossiers still processing apart
        f"part-{k}{suffix}.parquet" for k in range(4) for suffix in ("", "-open")}
    assert rows.equals(dossiers(tmp_path / "b"))


def test_every_due_date_is_the_procedures_time_limit_in_working_days_after_receipt(tmp_path):
    generate(tmp_path, UNITS, date(2027, 1, 20), 40, 3_000, seed=5)  # across Tết 2027 (4–10 February)
    rows = dossiers(tmp_path)
    received, due = days(rows["received_on"]), days(rows["due_on"])
    assert is_working_day(due).all()
    counted = vietnam().working_days_between(vietnam().add_working_days(received, 0), due)
    by_procedure = {}
    for procedure, limit in zip(rows["procedure"].to_pylist(), counted.tolist()):
        by_procedure.setdefault(procedure, set()).add(limit)
    assert all(len(limits) == 1 for limits in by_procedure.values())  # one time limit per procedure
    limit = np.array([next(iter(by_procedure[p])) for p in rows["procedure"].to_pylist()])
    assert set(limit.tolist()) <= LIMITS
    assert (due == vietnam().add_working_days(received, limit)).all()


def test_dossiers_are_completed_on_working_days_and_late_ones_after_their_due_date(tmp_path):
    generate(tmp_path, UNITS, date(2026, 1, 1), 120, 3_000, seed=5)
    rows = dossiers(tmp_path)
    done = rows.filter(pc.is_valid(rows["completed_on"]))
    received, due, completed = (days(done[c]) for c in ("received_on", "due_on", "completed_on"))
    assert is_working_day(completed).all() and (completed >= received).all()
    late = completed > due
    assert 0 < late.mean() < 0.3


@pytest.mark.parametrize("start, span", [(date(2025, 1, 1), 31), (date(2026, 12, 15), 31), (date(2027, 1, 1), 1)])
def test_any_day_of_2025_to_2027_can_be_generated(tmp_path, start, span):
    assert generate(tmp_path, UNITS, start, span, 500, seed=5)["dossiers"] == 500


def test_a_year_without_holidays_is_refused(tmp_path):
    with pytest.raises(ParindexError) as refused:
        generate(tmp_path, UNITS, date(2028, 3, 1), 5, 100)
    assert refused.value.code == "no_holidays"


def test_dossiers_still_processing_are_the_ones_received_near_the_end(tmp_path):
    generate(tmp_path, UNITS, date(2026, 1, 1), 365, 5_000, seed=5)
    rows = dossiers(tmp_path)
    received = days(rows["received_on"])
    processing = np.asarray(rows["state"].to_pylist()) == "processing"
    end = np.datetime64("2026-12-31")
    assert processing.any() and received[processing].min() > end - np.timedelta64(120, "D")
    assert processing[received > end - np.timedelta64(7, "D")].mean() > 0.3  # many of the last week's, none from months before


# -- later versions: the status changes that arrive days after -------------------------------------------

@pytest.fixture
def store(tmp_path):
    root = tmp_path / "store"
    generate(root, UNITS, date(2026, 9, 1), 61, 4_000, seed=5)
    return root


def test_later_versions_complete_dossiers_still_processing_with_the_next_version(store):
    rows = dossiers(store)
    day = date(2026, 11, 13)
    later = later_versions(rows, day, 0.5, seed=1)
    waiting = rows.filter(pc.equal(rows["state"], "processing"))
    assert later.num_rows == round(0.5 * waiting.num_rows) > 0
    before = waiting.filter(pc.is_in(waiting["dossier_id"], later["dossier_id"])).sort_by("dossier_id")
    later = later.sort_by("dossier_id")
    assert later["version"].to_pylist() == [v + 1 for v in before["version"].to_pylist()]
    assert set(later["state"].to_pylist()) == {"completed"} and set(later["completed_on"].to_pylist()) == {day}
    assert (days(later["completed_on"]) >= days(later["received_on"])).all()
    late = days(later["completed_on"]) > days(later["due_on"])
    assert late.any() and not late.all()  # the older ones late, the recent ones on time
    unchanged = [c for c in DOSSIERS.schema.names if c not in ("version", "state", "completed_on", "result_electronic")]
    assert later.select(unchanged).equals(before.select(unchanged))


def test_later_versions_are_the_same_for_the_same_seed(store):
    rows = dossiers(store)
    assert later_versions(rows, date(2026, 11, 13), 0.3, seed=1).equals(later_versions(rows, date(2026, 11, 13), 0.3, seed=1))
    assert not later_versions(rows, date(2026, 11, 13), 0.3, seed=1).equals(later_versions(rows, date(2026, 11, 13), 0.3, seed=2))


def test_a_dossier_received_after_the_day_is_not_completed_on_it(store):
    rows = dossiers(store)
    later = later_versions(rows, date(2026, 10, 15), 1.0, seed=1)
    assert later.num_rows > 0 and (days(later["received_on"]) <= np.datetime64("2026-10-15")).all()


def test_ingest_accepts_later_versions_and_a_resend_changes_nothing(store, tmp_path):
    later = later_versions(dossiers(store), date(2026, 11, 13), 0.5, seed=1)
    batch = tmp_path / "later.parquet"
    pq.write_table(later, batch)
    change = ingest(store, [batch]).change("dossiers")
    assert (change.added, change.updated, change.unchanged) == (0, later.num_rows, 0)
    stored = dossiers(store)
    assert stored.num_rows == 4_000
    assert stored.filter(pc.is_in(stored["dossier_id"], later["dossier_id"])).equals(later.sort_by("dossier_id"))
    again = ingest(store, [batch]).change("dossiers")
    assert (again.added, again.updated, again.unchanged) == (0, 0, later.num_rows)
    assert dossiers(store).equals(stored)


def test_a_later_result_is_electronic_as_often_as_its_units_completed_ones():
    def row(n, unit, state, electronic):
        received = date(2026, 10, 1) + timedelta(days=n % 5)
        return {"dossier_id": f"D{n}", "version": 1, "unit": unit, "province": "P", "level": "commune", "agency": "A",
                "procedure": "C001", "service_level": "offline", "channel": "counter", "received_on": received,
                "due_on": received + timedelta(days=5), "completed_on": received if state == "completed" else None, "state": state,
                "result_electronic": electronic, "digitised": True, "reused_data": False, "fee_due": False, "paid_online": False,
                "synced": True, "rated_dislike": False, "official": None}
    rows = [row(n, "ALWAYS", "completed", True) for n in range(5)] + [row(n, "NEVER", "completed", False) for n in range(5, 10)]
    rows += [row(n, "ALWAYS" if n % 2 else "NEVER", "processing", False) for n in range(10, 50)]
    later = later_versions(pa.Table.from_pylist(rows, schema=DOSSIERS.schema), date(2026, 10, 20), 1.0, seed=1)
    assert later.num_rows == 40
    assert set(zip(later["unit"].to_pylist(), later["result_electronic"].to_pylist())) == {("ALWAYS", True), ("NEVER", False)}


@pytest.mark.parametrize("share", [-0.1, 1.5])
def test_a_share_outside_nought_to_one_is_refused(store, share):
    with pytest.raises(ParindexError) as refused:
        later_versions(dossiers(store), date(2026, 11, 13), share)
    assert refused.value.code == "bad_value"
