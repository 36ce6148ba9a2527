"""The store on the S3 protocol: records put into a bucket by s3fs and read back by DuckDB through
fsspec (no httpfs extension), against moto's S3 server on the loopback address, its address given
as the store's options (``endpoint_url``) as a MinIO's would be."""
import csv
import json
from datetime import date, timedelta

import boto3
import pytest
from moto.server import ThreadedMotoServer

from parindex.core.methodology import resolve
from parindex.core.services import board
from parindex.core.services.engine import DuckDBEngine, Period, score_period
from parindex.core.services.ingest import ingest
from parindex.core.services.place import OPTIONS_VARIABLE, WORKDIR_VARIABLE, workdir

METHODOLOGY = resolve("vn-766-2022")
DAY = date(2026, 10, 5)
BUCKET = "parindex-records"


@pytest.fixture(scope="module")
def endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(endpoint, monkeypatch, tmp_path):
    """An empty bucket on the S3 server, its client, and the store's options pointing at it."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv(OPTIONS_VARIABLE, json.dumps({"endpoint_url": endpoint}))
    monkeypatch.setenv(WORKDIR_VARIABLE, str(tmp_path / "work"))
    client = boto3.client("s3", endpoint_url=endpoint)
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def dossier(n, version=1, unit="X1", received=DAY, completed=5):
    return {"dossier_id": f"D{n}", "version": version, "unit": unit, "province": "P1", "level": "commune", "agency": f"{unit}-A",
            "procedure": "P-1", "service_level": "partly_online", "channel": "counter", "received_on": received,
            "due_on": received + timedelta(days=10), "completed_on": received + timedelta(days=completed), "state": "completed",
            "result_electronic": False, "digitised": True, "reused_data": False, "fee_due": False, "paid_online": False,
            "synced": True, "rated_dislike": False, "official": "CB-1"}


def batch(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(list(rows[0]))
        writer.writerows([[str(v).lower() if isinstance(v, bool) else str(v) for v in r.values()] for r in rows])
    return path


def test_records_loaded_into_a_bucket_give_the_figures_of_a_local_directory(s3, tmp_path):
    url = f"s3://{BUCKET}/services"
    first = batch(tmp_path / "in" / "first.csv", [dossier(1), dossier(2, unit="X2", completed=14), dossier(3, received=DAY + timedelta(days=31))])
    second = batch(tmp_path / "in" / "second.csv", [dossier(2, version=2, unit="X2", completed=6)])
    for root in (url, tmp_path / "local"):
        ingest(root, [first])
        assert ingest(root, [second]).change("dossiers").updated == 1

    keys = sorted(item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"])
    assert keys == ["services/dossiers/month=2026-10/delta.parquet", "services/dossiers/month=2026-11/delta.parquet"]
    october = Period.month("2026-10")
    on_s3 = score_period(METHODOLOGY, DuckDBEngine(url).daily(METHODOLOGY), october)
    assert on_s3 == score_period(METHODOLOGY, DuckDBEngine(tmp_path / "local").daily(METHODOLOGY), october)
    assert sorted(r.unit for r in on_s3 if r.level == "commune") == ["X1", "X2"]

    assert board.refresh(url, METHODOLOGY) is not None
    derived = {p.relative_to(workdir(url)).parts[0] for p in workdir(url).rglob("*") if p.is_file()}
    assert derived == {"_aggregates", "_keys", "_board", ".lock"}  # nothing of the records on local disk


def test_a_file_another_process_rewrote_is_read_as_it_now_is(s3, tmp_path):
    """Another process (a cron's compaction, a second app server) rewrites a delta: this process,
    which listed and read the store before, reads the new file — not the old one's cached ETag,
    which the S3 server refuses ("FileExpired") once the object is replaced."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    from parindex.core.services.records import DOSSIERS

    url = f"s3://{BUCKET}/services"
    ingest(url, [batch(tmp_path / "in" / "first.csv", [dossier(1), dossier(2)])])
    october = Period.month("2026-10")
    assert len([r for r in score_period(METHODOLOGY, DuckDBEngine(url).daily(METHODOLOGY), october) if r.level == "commune"]) == 1

    rewritten = io.BytesIO()  # what the other process wrote: the same month's delta, D2 now version 2 and of X2
    pq.write_table(pa.Table.from_pylist([dossier(1), dossier(2, version=2, unit="X2")], schema=DOSSIERS.schema), rewritten)
    s3.put_object(Bucket=BUCKET, Key="services/dossiers/month=2026-10/delta.parquet", Body=rewritten.getvalue())

    units = sorted(r.unit for r in score_period(METHODOLOGY, DuckDBEngine(url).daily(METHODOLOGY), october) if r.level == "commune")
    assert units == ["X1", "X2"]
    change = ingest(url, [batch(tmp_path / "in" / "third.csv", [dossier(3)])]).change("dossiers")
    assert (change.added, change.unchanged) == (1, 0)


def test_a_store_whose_address_does_not_answer_is_said_in_words_not_a_traceback(monkeypatch):
    import socket

    from parindex.core.errors import ParindexError
    from parindex.core.services import store

    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv(OPTIONS_VARIABLE, json.dumps({"endpoint_url": f"http://127.0.0.1:{port}",
                                                     "config_kwargs": {"retries": {"max_attempts": 1}, "connect_timeout": 1}}))
    with pytest.raises(ParindexError) as refused:
        store.files(f"s3://{BUCKET}/services", "dossiers")
    assert refused.value.where.path == "PARINDEX_SERVICES_STORE"
    assert f"không kết nối được kho dữ liệu tại s3://{BUCKET}/services" in refused.value.sentence("vi")
    assert "địa chỉ của kho không trả lời" in refused.value.sentence("vi")
    assert "its address does not answer" in refused.value.sentence("en")


def test_reading_the_records_asks_the_store_for_its_listing_not_for_each_file_again(s3, tmp_path):
    """A page that reads records (the late dossiers, a unit's procedures) lists each table once; the
    files DuckDB opens are known from that listing, not asked for one by one (hundreds of requests
    a page, seconds on a real S3)."""
    from parindex.core.services.place import Place

    url = f"s3://{BUCKET}/services"
    ingest(url, [batch(tmp_path / "in" / "first.csv", [dossier(1), dossier(2, received=DAY + timedelta(days=31))])])
    fs, asked = Place.of(url).fs, {}
    call = fs._call_s3

    async def counted(method, *args, **kwargs):
        asked.setdefault(method, []).append(kwargs.get("Key") or kwargs.get("Prefix"))
        return await call(method, *args, **kwargs)

    fs._call_s3 = counted
    try:
        DuckDBEngine(url).daily(METHODOLOGY)
    finally:
        del fs._call_s3
    assert not [key for key in asked.get("head_object", []) if key.endswith(".parquet")]  # an empty table's folder is looked at
    assert "services/dossiers/" in asked["list_objects_v2"]
