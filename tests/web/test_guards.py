"""Too big, busy, healthy: a server that cannot serve a request says so in a sentence, never a 500."""
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from parindex.web.cycles.models import CycleState as C
from tests.web.conftest import at_stage, client_for, entry_of

ROOT = Path(__file__).resolve().parents[2]


def test_a_body_declared_larger_than_the_cap_is_refused_unread(db, settings):
    settings.PARINDEX_MAX_REQUEST_BYTES = 1024
    response = Client().post("/accounts/login/", data=b"x" * 10, content_type="text/plain", CONTENT_LENGTH="600000000")
    assert response.status_code == 413
    assert "Yêu cầu quá lớn" in response.content.decode()


def test_an_api_body_over_the_cap_gets_the_error_shape(db, settings):
    settings.PARINDEX_MAX_REQUEST_BYTES = 1024
    response = Client().put("/api/v1/entries/1/inputs", data="{}", content_type="application/json", CONTENT_LENGTH="5000")
    assert response.status_code == 413 and response.json()["code"] == "request_too_large"


def test_a_locked_database_answers_503_with_a_retry_hint(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    with mock.patch("parindex.web.cycles.transitions.save_inputs", side_effect=OperationalError("database is locked")):
        page = client_for(people["editor_a"], lang="vi").post(f"/entries/{entry.pk}/save/", {"version": "1", "input-numerator": "1"})
        api = client_for(people["editor_a"]).put(f"/api/v1/entries/{entry.pk}/inputs", json.dumps({"inputs": {}, "version": 1}),
                                                 content_type="application/json")
    assert page.status_code == 503 and page["Retry-After"] == "5" and "Cơ sở dữ liệu đang bận" in page.content.decode()
    assert api.status_code == 503 and api.json()["code"] == "database_busy"


def test_healthz_sees_the_database_and_the_store(db):
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok", "storage": "ok", "records": "ok"}


def test_healthz_fails_when_the_store_cannot_be_written(db):
    with mock.patch("django.core.files.storage.default_storage.save", side_effect=PermissionError("read-only")):
        response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["storage"] == "failed"


WRITERS = r"""
import threading, django
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
call_command("migrate", "--noinput", "-v0")
from django.contrib.auth.models import Group
Group.objects.create(name="0")
print(connection.cursor().execute("PRAGMA journal_mode").fetchone()[0])
errors = []
def work():
    for _ in range(40):
        try:
            with transaction.atomic():   # read, then write: the pattern that deadlocks under DEFERRED
                group = Group.objects.get()
                Group.objects.filter(pk=group.pk).update(name=str(int(group.name) + 1))
        except Exception as exc:
            errors.append(repr(exc))
    connection.close()
threads = [threading.Thread(target=work) for _ in range(8)]
[t.start() for t in threads]; [t.join() for t in threads]
print(len(errors), Group.objects.get().name)
"""


@pytest.mark.sqlite_only
def test_concurrent_sqlite_writers_wait_in_turn_and_lose_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARINDEX_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="parindex.web.settings.dev", PARINDEX_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", WRITERS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["wal", "0", "320"]


def test_healthz_fails_when_the_service_records_store_cannot_be_written(db, settings, tmp_path):
    settings.PARINDEX_SERVICES_STORE = tmp_path / "records"
    (tmp_path / "records").write_text("a file where the store's folder should be")
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["records"] == "failed" and response.json()["storage"] == "ok"


def test_healthz_gives_up_on_a_record_store_that_does_not_answer(db, settings, monkeypatch):
    import time

    from parindex.core.services import store
    from parindex.web import health

    monkeypatch.setattr(health, "RECORDS_WAIT", 0.2)
    monkeypatch.setattr(store, "probe", lambda root: time.sleep(5))  # a store that takes the connection and never answers
    started = time.monotonic()
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["records"] == "failed" and time.monotonic() - started < 2
