"""The demo is data a real office could have entered: every value it writes is in the audit log."""
from django.core.management import call_command


def test_the_demo_passes_verify_audit_with_every_value_audited(db, capsys):
    from parindex.web.audit.models import AuditEntry
    from parindex.web.cycles.models import Entry
    from parindex.web.demo.seed import seed

    seed()
    call_command("verify_audit")
    assert "audit chain intact" in capsys.readouterr().out
    filled = Entry.objects.exclude(self_points=None).count()
    assert AuditEntry.objects.filter(action="entry.self_points").count() >= filled > 1000
