"""With PARINDEX_SERVICES_STORE set to an object store's URL, the web's intake puts the records
there (a pushed batch and an uploaded file), the dashboard reads them back, and only derived files
are written on the server's disk. fsspec's ``memory://`` filesystem stands in for S3."""
import uuid

import fsspec
import pytest

from parindex.core.services import board, store
from parindex.core.services.place import WORKDIR_VARIABLE, Place, workdir
from parindex.web.services import pages
from tests.web.conftest import client_for
from tests.web.services.records import dossier
from tests.web.services.test_push_api import push
from tests.web.services.test_upload import as_csv, send


@pytest.fixture
def object_store(settings, monkeypatch, tmp_path):
    monkeypatch.setenv(WORKDIR_VARIABLE, str(tmp_path / "work"))
    url = f"memory://parindex-web-{uuid.uuid4().hex}/services"
    settings.PARINDEX_SERVICES_STORE = url
    settings.PARINDEX_PUSH_BOARD = "request"
    yield url
    memory = fsspec.filesystem("memory")
    bucket = "/" + url.removeprefix("memory://").split("/")[0]
    if memory.exists(bucket):
        memory.rm(bucket, recursive=True)


def stored(url) -> list[str]:
    place = Place.of(url)
    return sorted(store.name(url, p) for p in store.files(url, "dossiers")) if place.fs.exists(place.root) else []


def test_a_pushed_batch_lands_in_the_object_store(client, object_store, hanoi_system):
    response = push(client, hanoi_system, [dossier(i) for i in range(3)])
    assert response.status_code == 200, response.content
    assert response.json()["added"] == 3
    assert stored(object_store) == ["dossiers/month=2026-12/delta.parquet"]
    assert sorted(store.records(object_store, "dossiers")["dossier_id"].to_pylist()) == ["PUSH-000000", "PUSH-000001", "PUSH-000002"]
    assert not board.stale(object_store, pages.methodology())
    assert not list(workdir(object_store).rglob("month=*/delta.parquet")), "no record file on the server's disk"


def test_an_uploaded_file_lands_in_the_object_store_and_the_dashboard_shows_it(object_store, people):
    page = send(people["editor_b"], "ha-noi.csv", as_csv([dossier(1), dossier(2)])).content.decode()
    assert "Đã nhận 2 bản ghi: 2 mới, 0 cập nhật, 0 không đổi." in page
    assert stored(object_store) == ["dossiers/month=2026-12/delta.parquet"]
    rows = client_for(None).get("/services.json", {"period": "month"}).json()["rows"]
    assert [(r["unit_code"], r["rank"]) for r in rows] == [("VN-01", 1)]  # Hà Nội's two dossiers, read from the object store


def test_a_refused_push_puts_nothing_in_the_object_store(client, object_store, hanoi_system):
    response = push(client, hanoi_system, [dossier(1), dossier(2, received_on="01/12/2026")])
    assert response.status_code == 422
    assert stored(object_store) == []
