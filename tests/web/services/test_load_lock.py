"""Loads through the web are one at a time across every app server sharing a PostgreSQL database:
two at once would each write back a month's delta without the other's records."""
import threading

import pytest
from django.db import connection, connections

from parindex.web.services import intake


def lock_is_free_elsewhere() -> bool:
    """Whether another session (another app server's) could take the loads' lock now."""
    answer = []

    def ask():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [intake.LOAD_LOCK])
                taken = cursor.fetchone()[0]
                if taken:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [intake.LOAD_LOCK])
                answer.append(taken)
        finally:
            connections.close_all()

    other = threading.Thread(target=ask)
    other.start()
    other.join()
    return answer[0]


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the lock across app servers is PostgreSQL's; on SQLite the store's file lock holds")


def test_while_a_load_holds_the_lock_another_server_cannot_take_it(postgres):
    with intake.one_load_at_a_time():
        assert not lock_is_free_elsewhere()
    assert lock_is_free_elsewhere()


def test_a_pushed_batch_is_stored_under_the_lock(postgres, monkeypatch, tmp_path, settings):
    settings.PARINDEX_SERVICES_STORE = tmp_path / "services"
    held = []

    def ingest(root, files, **options):
        held.append(not lock_is_free_elsewhere())
        raise intake.ValidationFailed("batch", [])

    monkeypatch.setattr(intake, "ingest", ingest)
    with pytest.raises(intake.ValidationFailed):
        intake.push("dossiers", [{"dossier_id": "D1"}], ["VN-01"], "vi")
    assert held == [True] and lock_is_free_elsewhere()
