"""The audit log in the web: filtered by unit, criterion, person and dates, and exported as selected."""
import datetime
import re
from pathlib import Path

from parindex.web.audit.chain import record
from parindex.web.audit.words import ACTIONS
from parindex.web.cycles.models import CycleState as C
from tests.web.conftest import at_stage, client_for, fill


def test_the_log_is_filtered_by_unit_criterion_and_person_and_exported_as_filtered(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    fill(cycle, units["B"], people["editor_b"])
    client = client_for(people["council"])
    page = client.get("/audit/", {"unit": units["A"].uid, "criterion": "1.1"}).content.decode()
    assert "Hai Phong · 1.1" in page and "Ha Noi · 1.1" not in page and "Hai Phong · 1.2" not in page
    by_person = client.get("/audit/", {"person": "editor_b"}).content.decode()
    assert "Ha Noi · 1.1" in by_person and "Hai Phong · 1.1" not in by_person
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
    assert "Hai Phong · 1.1" in page


def test_the_log_reads_as_sentences_not_as_codes_and_json(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    page = client_for(people["admin"]).get("/audit/", {"unit": units["A"].uid}).content.decode()
    rows = page.split('id="log"')[1]
    assert "Inputs entered" in rows and "Self-assessed points" in rows
    assert "entry.inputs" not in rows and "entry.self_points" not in rows and units["A"].uid not in rows
    assert '{&quot;' not in rows and "true" not in rows and "false" not in rows
    exported = client_for(people["admin"]).get("/audit/export.csv", {"unit": units["A"].uid}).content.decode()
    assert "entry.inputs" in exported  # the export keeps the codes the chain hashes


def test_every_action_the_web_records_has_its_words():
    source = "\n".join(p.read_text() for p in (Path(__file__).resolve().parents[3] / "src/parindex/web").rglob("*.py"))
    recorded = set(re.findall(r'(?:record|Change)\([^,]+, "([a-z_]+\.[a-z_]+)"', source))
    recorded |= {f"entry.{field}" for field in re.findall(r'set_field\(entry, user, "([a-z_]+)"', source)}
    recorded |= {f"entry.{field}" for pair in re.findall(r'field, reason_field = "([a-z_]+)", "([a-z_]+)"', source) for field in pair}
    assert len(recorded) > 20
    assert sorted(recorded - set(ACTIONS)) == []


def test_what_no_person_did_is_said_to_be_the_systems(cycle, units, people):
    record(None, "demo.seed", cycle, field=cycle.slug, new="synthetic demo data")
    rows = client_for(people["admin"], lang="vi").get("/audit/").content.decode().split('id="log"')[1]
    assert "hệ thống" in rows and ">system<" not in rows
