"""Administrators configure: cycles from a methodology, roles, deadlines and API tokens."""
import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parindex.web.audit.models import AuditEntry
from parindex.web.cycles.models import ApiToken, Cycle, Membership
from tests.conftest import DATA
from tests.web.conftest import client_for


def test_create_cycle_pins_the_methodology_and_creates_every_units_assessment(db, capsys):
    call_command("create_cycle", "par-ministry", "2023", str(DATA / "reference" / "par-ministry-2023-components.yaml"),
                 "--slug", "ministries-2023", "--kind", "ministry")
    cycle = Cycle.objects.get(slug="ministries-2023")
    assert cycle.assessments.count() == 17 and cycle.methodology.id == "par-ministry-2023-components"
    assert "17 units" in capsys.readouterr().out


def test_create_cycle_refuses_a_broken_methodology_and_creates_nothing(db):
    with pytest.raises(CommandError, match="max-mismatch.yaml:15"):
        call_command("create_cycle", "par-province", "2025", str(DATA / "broken" / "max-mismatch.yaml"), "--slug", "x", "--kind", "province")
    assert not Cycle.objects.exists()


def test_grant_role_needs_a_unit_for_unit_roles(units, people):
    with pytest.raises(CommandError, match="needs --unit"):
        call_command("grant_role", "council", "editor")
    call_command("grant_role", "council", "editor", "--unit", "VN-01")
    assert Membership.objects.filter(user=people["council"], role="editor", unit=units["B"]).exists()
    assert AuditEntry.objects.filter(action="membership.grant").exists()


def test_a_token_is_printed_once_and_only_its_hash_kept(people, capsys):
    call_command("create_api_token", "editor_a", "import script")
    token = capsys.readouterr().out.strip()
    assert ApiToken.objects.get().key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert client_for(None).get("/api/v1/cycles", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_deadlines_are_set_on_the_cycle_page_and_audited(cycle, people):
    client_for(people["admin"]).post(f"/cycles/{cycle.pk}/deadlines/", {"self_assessment_due": "2026-03-31", "council_due": ""})
    cycle.refresh_from_db()
    assert str(cycle.self_assessment_due) == "2026-03-31" and cycle.council_due is None
    assert AuditEntry.objects.get(action="cycle.deadline").field == "self_assessment_due"
