"""``parindex services`` on an object store's URL: ingest, compact and compute take the URL where a
directory would be, and a Spark run that cannot reach it says why in a sentence."""
import uuid

import fsspec
import pytest
from click.testing import CliRunner

from parindex.cli.main import cli
from parindex.core.services.place import WORKDIR_VARIABLE
from tests.cli.test_services_ingest_cli import dossier, write


@pytest.fixture
def url(monkeypatch, tmp_path):
    monkeypatch.setenv(WORKDIR_VARIABLE, str(tmp_path / "work"))
    location = f"memory://parindex-cli-{uuid.uuid4().hex}/services"
    yield location
    fsspec.filesystem("memory").rm("/" + location.removeprefix("memory://").split("/")[0], recursive=True)


def run(*args):
    return CliRunner().invoke(cli, ["services", *map(str, args)], catch_exceptions=False)


def test_records_ingested_into_a_url_are_compacted_and_computed_there(url, tmp_path):
    assert run("ingest", url, write(tmp_path / "a.csv", [dossier(1, state="processing", completed=""), dossier(2)])).exit_code == 0
    result = run("ingest", url, write(tmp_path / "b.csv", [dossier(1, version=2)]))
    assert "dossiers: 0 mới, 1 cập nhật, 0 không đổi; ghi vào: month=2026-10." in result.output, result.output
    assert "dossiers: rewrote month=2026-10" in run("compact", url).output
    computed = run("compute", url, "--period", "2026-10", "--level", "commune")
    assert computed.exit_code == 0, computed.output
    assert " X1 " in computed.output
    assert fsspec.filesystem("memory").find(url) == [f"{url.removeprefix('memory:/')}/dossiers/month=2026-10/part-0.parquet"]


def test_spark_on_a_url_without_a_cluster_is_refused_with_a_sentence(url, tmp_path):
    run("ingest", url, write(tmp_path / "a.csv", [dossier(1)]))
    result = run("compute", url, "--period", "2026-10", "--engine", "spark")
    assert result.exit_code == 1
    assert "Phiên Spark cục bộ không đọc được kho dữ liệu tại " + url in result.output and "[spark_unavailable]" not in result.output
