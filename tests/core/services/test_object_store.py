"""A store on an object store (an fsspec URL) holds the same records as a local directory and gives
the same figures: loads write their deltas there, compaction folds them, a refused batch changes no
object, and the derived files (aggregates, key index, board, lock) stay in the local working
directory. fsspec's ``memory://`` filesystem stands in for the object store here; ``test_s3.py``
runs the same flow over the S3 protocol."""
import csv
import hashlib
import uuid
from datetime import date, timedelta
from pathlib import Path

import fsspec
import pandas as pd
import pytest

from parindex.core.errors import ParindexError, ValidationFailed
from parindex.core.methodology import resolve
from parindex.core.services import aggregates, board, locator, sql, store
from parindex.core.services.engine import DuckDBEngine, Period, score_period
from parindex.core.services.generator import Units, generate
from parindex.core.services.ingest import ingest
from parindex.core.services.place import OPTIONS_VARIABLE, WORKDIR_VARIABLE, Place, workdir
from parindex.core.services.spark import SparkEngine

METHODOLOGY = resolve("vn-766-2022")
OCTOBER = Period.month("2026-10")
DAY = date(2026, 10, 5)


@pytest.fixture
def url(monkeypatch, tmp_path):
    """An empty object store of this test's own, its derived files in ``tmp_path / "work"``."""
    monkeypatch.setenv(WORKDIR_VARIABLE, str(tmp_path / "work"))
    monkeypatch.delenv(OPTIONS_VARIABLE, raising=False)
    location = f"memory://parindex-{uuid.uuid4().hex}/services"
    yield location
    memory = fsspec.filesystem("memory")
    bucket = "/" + location.removeprefix("memory://").split("/")[0]
    if memory.exists(bucket):
        memory.rm(bucket, recursive=True)


def dossier(n, version=1, unit="X1", received=DAY, completed=5, state="completed"):
    return {"dossier_id": f"D{n}", "version": version, "unit": unit, "province": "P1", "level": "commune", "agency": f"{unit}-A",
            "procedure": "P-1", "service_level": "partly_online", "channel": "counter", "received_on": received,
            "due_on": received + timedelta(days=10), "completed_on": None if completed is None else received + timedelta(days=completed),
            "state": state, "result_electronic": False, "digitised": True, "reused_data": False, "fee_due": False,
            "paid_online": False, "synced": True, "rated_dislike": False, "official": "CB-1"}


def batch(folder: Path, rows, name="batch.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(list(rows[0]))
        writer.writerows([["" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in r.values()] for r in rows])
    return path


def objects(location) -> dict[str, str]:
    """Every object under the store, by its name in the store, with the checksum of its content."""
    place = Place.of(location)
    return {store.name(location, Path(p)): hashlib.sha256(place.fs.cat_file(p)).hexdigest() for p in place.fs.find(place.root)}


def figures(root) -> list:
    return score_period(METHODOLOGY, DuckDBEngine(root).daily(METHODOLOGY), OCTOBER)


def same_records(a, b, table="dossiers") -> None:
    key = store.TABLES[table].key
    left, right = (store.records(r, table).to_pandas().sort_values(key).reset_index(drop=True) for r in (a, b))
    pd.testing.assert_frame_equal(left, right)


def test_generated_records_on_an_object_store_give_the_figures_of_the_same_records_in_a_directory(url, tmp_path):
    units = Units.vietnam(communes=30)
    generate(tmp_path / "local", units, date(2026, 9, 1), 61, 4000, seed=7)
    generate(url, units, date(2026, 9, 1), 61, 4000, seed=7)
    assert sorted(objects(url)) == sorted(str(p.relative_to(tmp_path / "local")) for p in (tmp_path / "local").rglob("*.parquet"))
    local = figures(tmp_path / "local")
    assert len(local) > 30 and local == figures(url)
    same_records(tmp_path / "local", url)


def test_a_load_writes_its_deltas_to_the_object_store_and_both_stores_agree_after_it(url, tmp_path):
    for root in (tmp_path / "local", url):
        store.write_table(root, "dossiers", pd.DataFrame([dossier(i) for i in range(1, 6)]).pipe(_arrow))
        report = ingest(root, [batch(tmp_path / "in", [dossier(2, version=2, completed=15), dossier(9, received=DAY + timedelta(days=30))])])
        assert (report.change("dossiers").added, report.change("dossiers").updated) == (1, 1)
    assert {"dossiers/month=2026-10/delta.parquet", "dossiers/month=2026-11/delta.parquet"} <= set(objects(url))
    assert figures(url) == figures(tmp_path / "local")
    assert aggregates.daily_from_store(url, METHODOLOGY).keys() == DuckDBEngine(url).daily(METHODOLOGY).keys()
    same_records(tmp_path / "local", url)
    held = store.records(url, "dossiers").to_pandas().set_index("dossier_id")
    assert held.loc["D2", "version"] == 2 and held.loc["D2", "completed_on"] == DAY + timedelta(days=15)


def test_compaction_on_the_object_store_folds_the_deltas_into_the_base_files(url, tmp_path):
    store.write_table(url, "dossiers", pd.DataFrame([dossier(i) for i in range(1, 6)]).pipe(_arrow))
    ingest(url, [batch(tmp_path / "in", [dossier(3, version=2, completed=20)])])
    before = figures(url)
    assert store.delta_files(url, "dossiers")
    assert locator.compact(url, "dossiers") == ["month=2026-10"]
    assert not store.delta_files(url, "dossiers")
    assert sorted(objects(url)) == ["dossiers/month=2026-10/part-0.parquet"]
    assert figures(url) == before
    assert store.records(url, "dossiers").to_pandas().set_index("dossier_id").loc["D3", "version"] == 2


def test_a_refused_batch_leaves_every_object_unchanged(url, tmp_path):
    ingest(url, [batch(tmp_path / "in", [dossier(i) for i in range(1, 4)])])
    ingest(url, [batch(tmp_path / "in", [dossier(1, version=2, completed=8)], "second.csv")])
    before = objects(url)
    with pytest.raises(ValidationFailed):
        ingest(url, [batch(tmp_path / "in", [dossier(4), dossier(2, version=1, completed=9)], "bad.csv")])  # same version, other content
    assert objects(url) == before


def test_the_derived_files_stay_in_the_local_working_directory(url, tmp_path):
    ingest(url, [batch(tmp_path / "in", [dossier(i) for i in range(1, 4)])])
    assert board.refresh(url, METHODOLOGY) is not None
    assert all(name.startswith("dossiers/") and name.endswith(".parquet") for name in objects(url))
    home = workdir(url)
    assert home.parent == tmp_path / "work"
    assert {p.name for p in home.iterdir()} >= {"_aggregates", "_keys", "_board", ".lock"}
    assert not list(home.rglob("dossiers/month=*"))  # no record file there


def test_records_written_to_the_object_store_by_another_hand_are_recomputed_before_they_are_read(url, tmp_path):
    ingest(url, [batch(tmp_path / "in", [dossier(1), dossier(2)])])
    kept = aggregates.daily_from_store(url, METHODOLOGY)
    store.write_table(url, "dossiers", pd.DataFrame([dossier(i, unit="X2") for i in range(10, 14)]).pipe(_arrow), name="part-7")
    assert aggregates.stale(url, METHODOLOGY) != []
    after = aggregates.daily_from_store(url, METHODOLOGY)
    assert after[("dossiers", "received_on")]["records"].sum() == kept[("dossiers", "received_on")]["records"].sum() + 4


def test_store_options_that_are_not_a_json_object_are_refused_without_showing_them(monkeypatch):
    monkeypatch.setenv(OPTIONS_VARIABLE, "key=very-secret")
    with pytest.raises(ParindexError) as raised:
        Place.of("memory://parindex-options/services")
    assert raised.value.code == "store_options"
    assert "very-secret" not in raised.value.render() and "very-secret" not in raised.value.sentence("vi")
    assert "không phải là một đối tượng JSON" in raised.value.sentence("vi")


def test_a_store_url_that_fsspec_cannot_open_is_named_without_its_password():
    with pytest.raises(ParindexError) as raised:
        store.files("nosuchprotocol://user:hunter2@host/services", "dossiers")
    assert raised.value.code == "store_unavailable"
    assert "hunter2" not in raised.value.render() and "nosuchprotocol://host/services" in raised.value.render()


def test_the_local_spark_session_refuses_an_object_store_in_both_languages(url):
    with pytest.raises(ParindexError) as raised:
        SparkEngine(url)
    assert raised.value.code == "spark_unavailable"
    assert "Phiên Spark cục bộ không đọc được kho dữ liệu" in raised.value.sentence("vi")
    assert "hadoop-aws" in raised.value.render()


def test_a_local_store_keeps_its_derived_files_beside_its_records(tmp_path):
    assert workdir(tmp_path / "services") == tmp_path / "services"
    assert Place.of(str(tmp_path / "services")).local


def _arrow(frame: pd.DataFrame):
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False)


def test_duckdb_reads_a_file_of_the_object_store_whole_at_every_read(url):
    """DuckDB's threads share a Python filesystem's file handle (a seek, then a read): with more
    than one, reads of a file of many row groups came back as "Invalid data" about half the time."""
    import io

    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    place = Place.of(url)
    numbers = pa.table({"n": np.arange(200_000), "text": [f"x{i}" for i in range(200_000)]})
    written = io.BytesIO()
    pq.write_table(numbers, written, row_group_size=10_000)
    paths = [f"{place.root}/check/f{k}.parquet" for k in range(3)]
    for path in paths:
        place.fs.pipe(path, written.getvalue())
    listed = ", ".join(f"'{place.fs.unstrip_protocol(p)}'" for p in paths)
    answers = set()
    for _ in range(20):
        with store.connect(url) as con:
            answers.add(con.execute(f"SELECT count(*), sum(n) FROM read_parquet([{listed}])").fetchone())
    assert answers == {(600_000, 3 * sum(range(200_000)))}


def test_a_statement_whose_files_are_compacted_between_listing_and_reading_runs_again(url, tmp_path, monkeypatch):
    """A compaction by another process removes the delta a reader has just listed: the reader runs
    its statement again over the files as they now are, and gets the figures it would have got."""
    ingest(url, [batch(tmp_path / "in", [dossier(1), dossier(2)])])
    before = DuckDBEngine(url).daily(METHODOLOGY)
    listed = store.source_sql

    def listed_then_compacted(root, table):
        relation = listed(root, table)
        if store.delta_files(root, table):
            locator.compact(root, table)  # the delta named in ``relation`` is gone now
        return relation

    monkeypatch.setattr(store, "source_sql", listed_then_compacted)
    after = DuckDBEngine(url).daily(METHODOLOGY)
    assert not store.delta_files(url, "dossiers")
    assert {key: frame.to_dict("records") for key, frame in after.items()} == {key: frame.to_dict("records") for key, frame in before.items()}


def test_a_dashboard_view_lists_each_table_of_the_object_store_once(url, tmp_path, monkeypatch):
    """Whether the board is current is one listing of each table the methodology reads (on S3 a
    request each): a view of the dashboard made twelve before."""
    ingest(url, [batch(tmp_path / "in", [dossier(1), dossier(2)])])
    assert board.refresh(url, METHODOLOGY) is not None
    fs, listings = Place.of(url).fs, []
    find = fs.find
    monkeypatch.setattr(fs, "find", lambda path, *args, **kwargs: listings.append(path) or find(path, *args, **kwargs))
    assert board.refresh(url, METHODOLOGY) is not None
    tables = sorted({plan.table for plan in sql.aggregates(METHODOLOGY)})
    assert sorted(listings) == sorted(f"{Place.of(url).root}/{table}" for table in tables)


def test_the_health_probe_writes_and_removes_its_object_and_leaves_the_records_alone(url, tmp_path):
    ingest(url, [batch(tmp_path / "in", [dossier(1)])])
    before = objects(url)
    store.probe(url)
    assert objects(url) == before and not Place.of(url).fs.exists(f"{Place.of(url).root}/.probe")
