"""The daily aggregates kept in the store equal a full recompute from the records after any sequence
of loads: a load recomputes only the days it touches — for an update, the old version's days and
the new one's — and aggregates that fell out of step are recomputed in full before they are read."""
import csv
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.core.methodology import resolve
from parindex.core.services import aggregates
from parindex.core.services.aggregates import daily_from_store, rebuild
from parindex.core.services.engine import DuckDBEngine, Period, score_period
from parindex.core.services.ingest import ingest
from parindex.core.services.records import DOSSIERS
from parindex.core.services.store import write_table

METHODOLOGY = resolve("vn-766-2022")
FIRST = date(2026, 9, 20)
UNITS = [("X1", "P1", "commune"), ("X2", "P2", "commune"), ("P1", "P1", "province"), ("M1", None, "ministry")]
PERIODS = [Period.month("2026-09"), Period.month("2026-10"), Period.month("2026-11"), Period(date(2026, 9, 25), date(2026, 11, 5))]


def dossier(n, version=1, unit=0, received=0, due=10, completed=None, online=False, digitised=True):
    code, province, level = UNITS[unit]
    received_on = FIRST + timedelta(days=received)
    return {"dossier_id": f"D{n}", "version": version, "unit": code, "province": province, "level": level, "agency": f"{code}-A",
            "procedure": "P-1", "service_level": "full_online" if online else "offline", "channel": "online" if online else "counter",
            "received_on": received_on, "due_on": received_on + timedelta(days=due),
            "completed_on": None if completed is None else received_on + timedelta(days=completed),
            "state": "processing" if completed is None else "completed", "result_electronic": online, "digitised": digitised,
            "reused_data": False, "fee_due": online, "paid_online": online, "synced": True, "rated_dislike": False, "official": "CB-1"}


def feedback(n, version=1, unit=0, received=0, resolved=None, satisfied=None):
    code, province, level = UNITS[unit]
    received_on = FIRST + timedelta(days=received)
    return {"feedback_id": f"F{n}", "version": version, "unit": code, "province": province, "level": level,
            "received_on": received_on, "due_on": received_on + timedelta(days=7),
            "resolved_on": None if resolved is None else received_on + timedelta(days=resolved), "satisfied": satisfied}


def send(root, rows, name="batch.csv"):
    path = Path(root).parent / name
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(list(rows[0]))
        writer.writerows([["" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in r.values()] for r in rows])
    return ingest(root, [path])


def canonical(daily):
    out = {}
    for key, frame in daily.items():
        keys = [c for c in frame.columns if not c.endswith(("_num", "_den"))]
        out[key] = frame.sort_values(keys, na_position="last").reset_index(drop=True)
    return out


def assert_same_as_a_full_recompute(root, scores=True):
    kept, full = canonical(daily_from_store(root, METHODOLOGY)), canonical(DuckDBEngine(root).daily(METHODOLOGY))
    assert kept.keys() == full.keys()
    for key in full:
        pd.testing.assert_frame_equal(kept[key], full[key])
    for period in PERIODS if scores else ():
        assert score_period(METHODOLOGY, kept, period) == score_period(METHODOLOGY, full, period)


def test_the_kept_aggregates_are_what_the_engine_computes(tmp_path):
    root = tmp_path / "store"
    send(root, [dossier(1), dossier(2, unit=1, received=12, completed=3), dossier(3, unit=3, online=True)])
    send(root, [feedback(1, resolved=2, satisfied=True)], "fb.csv")
    assert aggregates.stale(root, METHODOLOGY) != []
    assert_same_as_a_full_recompute(root)
    assert aggregates.stale(root, METHODOLOGY) == []


def test_a_late_completion_moves_the_count_from_its_old_day_to_its_new_day(tmp_path):
    root = tmp_path / "store"
    send(root, [dossier(1, completed=None), dossier(2, completed=2)])
    rebuild(root, METHODOLOGY)
    change = send(root, [dossier(1, version=2, completed=45)], "late.csv").change("dossiers")  # completed on 4 November
    assert change.updated == 1 and change.days == 1  # its completion day; its received day (20 Sep) counts it as before
    assert aggregates.stale(root, METHODOLOGY) == []
    completed = daily_from_store(root, METHODOLOGY)[("dossiers", "completed_on")]
    assert sorted(completed["day"]) == [date(2026, 9, 22), date(2026, 11, 4)]
    assert_same_as_a_full_recompute(root)


def test_a_record_moved_to_another_month_leaves_its_old_day(tmp_path):
    root = tmp_path / "store"
    send(root, [dossier(1, received=0), dossier(2, received=1)])
    rebuild(root, METHODOLOGY)
    send(root, [dossier(1, version=2, received=20)], "moved.csv")
    received = daily_from_store(root, METHODOLOGY)[("dossiers", "received_on")]
    assert sorted(received["day"]) == [date(2026, 9, 21), date(2026, 10, 10)]
    assert_same_as_a_full_recompute(root)


def test_records_written_behind_the_stores_back_are_recomputed_before_they_are_read(tmp_path):
    root = tmp_path / "store"
    send(root, [dossier(1)])
    rebuild(root, METHODOLOGY)
    write_table(root, "dossiers", pa.Table.from_pylist([dossier(2, received=3)], schema=DOSSIERS.schema), name="extra")
    assert [name.split(".")[:2] for name in aggregates.stale(root, METHODOLOGY)] == [["dossiers", "completed_on"], ["dossiers", "received_on"]]
    assert_same_as_a_full_recompute(root)


def test_a_changed_catalogue_is_recomputed_whole(tmp_path):
    root = tmp_path / "store"
    send(root, [dossier(1)])
    procedure = {"procedure_key": "P1/K1", "version": 1, "procedure": "K1", "unit": "P1", "level": "province", "announced_on_time": True,
                 "published_on_time": False, "fully_disclosed": True, "online_capable": True, "has_fee": False, "payment_integrated": False}
    send(root, [procedure], "cat.csv")
    rebuild(root, METHODOLOGY)
    send(root, [{**procedure, "version": 2, "published_on_time": True}, {**procedure, "procedure_key": "P1/K2"}], "cat2.csv")
    assert aggregates.stale(root, METHODOLOGY) == []
    assert_same_as_a_full_recompute(root)


def test_a_load_that_changes_nothing_leaves_the_aggregates_untouched(tmp_path):
    root = tmp_path / "store"
    send(root, [dossier(1)])
    rebuild(root, METHODOLOGY)
    before = {p: p.stat().st_mtime_ns for p in (root / "_aggregates").rglob("*")}
    assert send(root, [dossier(1)], "again.csv").change("dossiers").days == 0
    assert {p: p.stat().st_mtime_ns for p in (root / "_aggregates").rglob("*")} == before


# -- any sequence of loads -----------------------------------------------------------------------------------

NEW = st.fixed_dictionaries({
    "unit": st.integers(0, len(UNITS) - 1), "received": st.integers(0, 60), "due": st.integers(0, 20),
    "completed": st.none() | st.integers(0, 40), "online": st.booleans(), "digitised": st.booleans()})
UPDATE = st.tuples(st.integers(0, 10_000), st.fixed_dictionaries({
    "received": st.none() | st.integers(0, 60), "completed": st.none() | st.integers(0, 40), "online": st.booleans()}))
FEEDBACK_NEW = st.fixed_dictionaries({"unit": st.integers(0, len(UNITS) - 1), "received": st.integers(0, 60),
                                      "resolved": st.none() | st.integers(0, 12), "satisfied": st.none() | st.booleans()})
BATCH = st.tuples(st.lists(NEW, max_size=6), st.lists(UPDATE, max_size=4), st.lists(FEEDBACK_NEW, max_size=2))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BATCH, min_size=1, max_size=4))
def test_any_sequence_of_loads_gives_the_aggregates_of_a_full_recompute(batches):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "store"
        latest = {0: {"n": 0, "version": 1, "unit": 0, "received": 0, "due": 10, "completed": None, "online": False, "digitised": True}}
        send(root, [dossier(**latest[0])])
        send(root, [feedback(0, resolved=1)], "fb.csv")
        rebuild(root, METHODOLOGY)
        answered = 1
        for news, updates, feedbacks in batches:
            rows = []
            for spec in news:
                latest[len(latest)] = {"n": len(latest), "version": 1, **spec}
                rows.append(dossier(**latest[len(latest) - 1]))
            for pick, change in updates:  # later versions of old dossiers, or of one sent just above
                old = latest[pick % len(latest)]
                new = {**old, "version": old["version"] + 1, "online": change["online"], "completed": change["completed"],
                       "received": old["received"] if change["received"] is None else change["received"]}
                latest[old["n"]] = new
                rows.append(dossier(**new))
            if rows:
                send(root, rows)
            if feedbacks:
                send(root, [feedback(answered + k, **spec) for k, spec in enumerate(feedbacks)], "fb.csv")
                answered += len(feedbacks)
            assert aggregates.stale(root, METHODOLOGY) == []  # every load brought them up to date by its days
            assert_same_as_a_full_recompute(root, scores=False)
        assert_same_as_a_full_recompute(root)
