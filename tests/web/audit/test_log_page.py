"""The audit log in the web: filtered by unit, criterion, person and dates, and exported as selected."""
import datetime

from parindex.web.cycles.models import CycleState as C
from tests.web.conftest import at_stage, client_for, fill


def test_the_log_is_filtered_by_unit_criterion_and_person_and_exported_as_filtered(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    fill(cycle, units["B"], people["editor_b"])
    client = client_for(people["council"])
    page = client.get("/audit/", {"unit": units["A"].uid, "criterion": "1.1"}).content.decode()
    assert f"{units['A'].uid}/1.1" in page and f"{units['B'].uid}/1.1" not in page and f"{units['A'].uid}/1.2" not in page
    by_person = client.get("/audit/", {"person": "editor_b"}).content.decode()
    assert units["B"].uid in by_person and f"{units['A'].uid}/1.1" not in by_person
    exported = client.get("/audit/export.csv", {"unit": units["A"].uid}).content.decode()
    assert units["A"].uid in exported and units["B"].uid not in exported
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert "editor_a" not in client.get("/audit/", {"since": tomorrow}).content.decode().split('id="log"')[1]


def test_only_administrators_and_the_council_read_the_log(people):
    assert client_for(people["editor_a"]).get("/audit/").status_code == 403


def test_a_unit_is_found_in_the_log_by_its_name(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    page = client_for(people["admin"]).get("/audit/", {"unit": "Hải Phòng"}).content.decode()
    assert f"{units['A'].uid}/1.1" in page
