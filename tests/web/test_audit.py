"""The audit log is append-only and tamper-evident."""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parindex.web.audit.chain import record, verify
from parindex.web.audit.models import AuditEntry, ImmutableRow
from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import CycleState as C
from tests.web.conftest import at_stage, client_for, entry_of


@pytest.fixture
def logged(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    t.save_inputs(entry, people["editor_a"], {"numerator": 5, "denominator": 10}, 1)
    return entry


def test_each_entry_links_to_the_previous_one(logged):
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:]))
    assert verify() == []


def test_a_tampered_row_is_detected(logged):
    target = AuditEntry.objects.get(action="entry.self_points")
    AuditEntry.objects.filter(pk=target.pk).update(new_value="4.0")  # behind the model's back
    problems = verify()
    assert [(p.seq, p.problem) for p in problems] == [(target.seq, "content changed: hash does not match the entry")]
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("verify_audit")


def test_a_deleted_row_is_detected(logged):
    AuditEntry.objects.filter(seq=2)._raw_delete(AuditEntry.objects.db)
    assert any("sequence gap" in p.problem for p in verify())


def test_rows_cannot_be_changed_or_deleted_through_the_model(logged):
    entry = AuditEntry.objects.first()
    entry.reason = "rewritten"
    with pytest.raises(ImmutableRow):
        entry.save()
    with pytest.raises(ImmutableRow):
        entry.delete()


def test_verify_command_reports_an_intact_chain(logged, capsys):
    call_command("verify_audit")
    assert "audit chain intact" in capsys.readouterr().out


def test_history_per_criterion_and_export(logged, people):
    history = client_for(people["editor_a"]).get(f"/entries/{logged.pk}/history/")
    assert history.status_code == 200 and "entry.self_points" in history.content.decode()
    export = client_for(people["admin"]).get("/audit/export.csv")
    assert export["Content-Disposition"].startswith("attachment")
    lines = export.content.decode().splitlines()
    assert lines[0].startswith("seq,at,actor_name,action") and len(lines) == AuditEntry.objects.count() + 1


def test_record_outside_a_request_uses_the_system_actor(db):
    entry = record(None, "test.action", ("thing", 1), new="x")
    assert entry.actor_name == "system" and verify() == []
