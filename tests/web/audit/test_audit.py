"""The audit log and the published snapshots are append-only and tamper-evident: every way of
changing them is either refused by the database or detected by ``verify_audit``."""
import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from parindex.web.audit.append_only import maintenance
from parindex.web.audit.chain import GENESIS, HASHED_FIELDS, _utc_text, entry_hash, head, record, verify
from parindex.web.audit.models import AuditEntry, AuditHead, ImmutableRow
from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.models import Entry
from parindex.web.publication.models import Snapshot
from tests.web.conftest import at_stage, client_for, entry_of, fill, publish_first_version


@pytest.fixture
def logged(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    t.save_inputs(entry, people["editor_a"], {"numerator": 5, "denominator": 10}, 1)
    return entry


@pytest.fixture
def published(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    publish_first_version(cycle, people)
    return cycle


def behind_the_triggers(sql: str, params=()) -> None:
    """What someone who can lift the database's triggers could do."""
    with maintenance(connection, "test"), connection.cursor() as cursor:
        cursor.execute(sql, params)


def problems_of_verify_audit(*args) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("verify_audit", *args, stderr=err)
    return err.getvalue()


def test_each_entry_links_to_the_previous_one(logged):
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:]))
    assert verify() == []


@pytest.mark.parametrize("sql", ["UPDATE audit_auditentry SET new_value = '4.0'", "DELETE FROM audit_auditentry WHERE seq = 2"])
def test_the_database_refuses_to_change_or_delete_audit_rows(logged, sql):
    before = list(AuditEntry.objects.values_list("seq", "new_value", "hash"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert list(AuditEntry.objects.values_list("seq", "new_value", "hash")) == before


@pytest.mark.parametrize("sql", ["UPDATE publication_snapshot SET payload = '{}'", "DELETE FROM publication_snapshot"])
def test_the_database_refuses_to_change_or_delete_snapshots(published, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert Snapshot.objects.count() == 1


def test_rows_cannot_be_changed_or_deleted_through_the_model_or_a_queryset(published):
    entry = AuditEntry.objects.first()
    entry.reason = "rewritten"
    with pytest.raises(ImmutableRow):
        entry.save()
    with pytest.raises(ImmutableRow):
        entry.delete()
    with pytest.raises(ImmutableRow):
        AuditEntry.objects.filter(seq__gte=1).delete()
    with pytest.raises(ImmutableRow):
        AuditEntry.objects.update(reason="x")
    with pytest.raises(ImmutableRow):
        Snapshot.objects.all().delete()
    assert Snapshot.objects.count() == 1 and AuditEntry.objects.filter(reason="x").count() == 0


def test_a_row_changed_behind_the_triggers_is_detected(logged):
    target = AuditEntry.objects.get(action="entry.self_points")
    behind_the_triggers("UPDATE audit_auditentry SET new_value = '4.0' WHERE id = %s", [target.pk])
    assert [(p.seq, p.problem) for p in verify()] == [(target.seq, "content changed: hash does not match the entry")]
    problems_of_verify_audit()


def test_a_row_deleted_behind_the_triggers_is_detected(logged):
    behind_the_triggers("DELETE FROM audit_auditentry WHERE seq = 2")
    assert any("sequence gap" in p.problem for p in verify())


def test_truncating_the_log_and_moving_the_head_is_caught_by_a_published_head(published):
    published_head = "{}:{}".format(*head())
    bundle = zipfile.ZipFile(io.BytesIO(client_for(None).get(f"/results/{published.slug}/bundle.zip").content))
    assert bundle.read(next(n for n in bundle.namelist() if n.endswith("AUDIT_HEAD"))).decode().strip() == published_head
    last = AuditEntry.objects.order_by("-seq").first()
    previous = AuditEntry.objects.get(seq=last.seq - 1)
    behind_the_triggers("DELETE FROM audit_auditentry WHERE seq = %s", [last.seq])
    AuditHead.objects.filter(pk=1).update(last_seq=previous.seq, last_hash=previous.hash)
    assert verify() == []  # the chain alone cannot tell
    assert "truncated" in problems_of_verify_audit("--expect-head", published_head)


def test_a_log_rewritten_and_rehashed_forward_is_caught_by_the_head_inside_the_snapshot(published):
    anchor = Snapshot.objects.get().data["audit_head"]
    first = AuditEntry.objects.get(seq=1)
    behind_the_triggers("UPDATE audit_auditentry SET reason = 'rewritten' WHERE seq = 1")
    previous = GENESIS
    for row in AuditEntry.objects.order_by("seq"):  # recompute every hash after the rewrite
        values = {k: getattr(row, k) for k in HASHED_FIELDS} | {"at": _utc_text(row.at), "prev_hash": previous}
        previous = entry_hash(values)
        behind_the_triggers("UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s", [values["prev_hash"], previous, row.pk])
    AuditHead.objects.filter(pk=1).update(last_hash=previous)
    assert verify() == [] and first.seq <= anchor["seq"]
    assert "rewritten" in problems_of_verify_audit()


def test_a_tampered_snapshot_is_refused_with_a_page_and_logged(published, caplog):
    snapshot = Snapshot.objects.get()
    forged = json.loads(snapshot.payload)
    forged["results"]["units"][0]["index"] = 99.99
    behind_the_triggers("UPDATE publication_snapshot SET payload = %s WHERE id = %s", [json.dumps(forged), snapshot.pk])
    response = client_for(None, lang="vi").get(f"/results/{published.slug}/")
    assert response.status_code == 503 and "không khớp với mã kiểm tra" in response.content.decode()
    assert "99.99" not in response.content.decode()
    assert any(r.levelname == "ERROR" and "failed verification" in r.getMessage() for r in caplog.records)
    assert client_for(None).get(f"/api/v1/results/{published.slug}").json()["code"] == "snapshot_tampered"
    assert "do not match their checksum" in problems_of_verify_audit()


def test_a_snapshot_forged_with_a_matching_checksum_is_still_refused(published):
    snapshot = Snapshot.objects.get()
    forged = json.loads(snapshot.payload)
    forged["results"]["units"][0]["index"] = 99.99
    payload = json.dumps(forged)
    behind_the_triggers("UPDATE publication_snapshot SET payload = %s, checksum = %s WHERE id = %s",
                        [payload, hashlib.sha256(payload.encode()).hexdigest(), snapshot.pk])
    assert client_for(None).get(f"/results/{published.slug}/").status_code == 503
    assert "recorded at publication" in problems_of_verify_audit()


def test_an_entry_value_written_behind_the_application_is_detected(logged):
    call_command("verify_audit")
    Entry.objects.filter(pk=logged.pk).update(self_points=4.0)
    assert "self_points: the current value differs from the last audited change" in problems_of_verify_audit()


def test_verify_command_reports_an_intact_chain_snapshots_and_entries(published, capsys):
    call_command("verify_audit", "--expect-head", "{}:{}".format(*head()))
    assert "audit chain intact" in capsys.readouterr().out


def test_the_portal_shows_the_chain_head(published):
    seq, digest = head()
    page = client_for(None, lang="en").get(f"/results/{published.slug}/").content.decode()
    assert f"holds {seq} entries" in page and digest in page


def test_history_per_criterion_and_export(logged, people):
    history = client_for(people["editor_a"]).get(f"/entries/{logged.pk}/history/")
    assert history.status_code == 200 and "Self-assessed points" in history.content.decode()
    export = client_for(people["admin"]).get("/audit/export.csv")
    assert export["Content-Disposition"].startswith("attachment")
    lines = export.content.decode().splitlines()
    assert lines[0].startswith("seq,at,actor_name,action") and len(lines) == AuditEntry.objects.count() + 1


def test_record_outside_a_request_uses_the_system_actor(db):
    entry = record(None, "test.action", ("thing", 1), new="x")
    assert entry.actor_name == "system" and verify() == []
