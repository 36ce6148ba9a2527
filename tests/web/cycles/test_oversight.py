"""The administrator oversees a cycle: units by state, who is late, completeness per unit, search and
pages; reminders go to exactly the late units; appraisers take a unit's whole file as XLSX."""
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from python_calamine import CalamineWorkbook

from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.models import Membership, Role
from tests.web.conftest import assessment_of, at_stage, client_for, entry_of, fill

YESTERDAY = timezone.localdate() - timedelta(days=1)


def late_cycle(cycle, units, people):
    """Self-assessment closed yesterday: A submitted in time, B still a draft — late."""
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    t.submit(assessment_of(cycle, units["A"]), people["approver_a"])
    cycle.assessments.exclude(unit__in=[units["A"], units["B"]]).update(excluded=True, exclusion_reason="not in this test")
    cycle.self_assessment_due = YESTERDAY
    cycle.save()
    return cycle


def test_the_dashboard_counts_units_by_state_and_names_the_late_ones(cycle, units, people):
    late_cycle(cycle, units, people)
    page = client_for(people["admin"]).get(f"/cycles/{cycle.pk}/").content.decode()
    counts = page.split('id="counts"')[1].split("</table>")[0]
    assert '<a href="?state=draft">1</a>' in counts and '<a href="?state=submitted">1</a>' in counts
    assert "1 unit is late against its deadline" in page and "Ha Noi" in page.split('class="late"')[1].split("</div>")[0]
    only_late = client_for(people["admin"]).get(f"/cycles/{cycle.pk}/", {"late": "1"}).content.decode().split('id="units"')[1]
    assert 'data-unit="01"' in only_late and 'data-unit="31"' not in only_late


def test_an_extended_unit_is_not_late(cycle, units, people):
    late_cycle(cycle, units, people)
    t.extend(assessment_of(cycle, units["B"]), people["admin"], timezone.localdate() + timedelta(days=3), "flooding")
    assert "late against" not in client_for(people["admin"]).get(f"/cycles/{cycle.pk}/").content.decode()


def test_reminders_go_to_exactly_the_late_units_people(cycle, units, people):
    late_cycle(cycle, units, people)
    for name in ("editor_a", "editor_b", "approver_a"):
        people[name].email = f"{name}@example.gov.vn"
        people[name].save()
    Membership.objects.create(user=people["approver_a"], role=Role.APPROVER, unit=units["B"])  # B's approver too
    call_command("send_reminders", site="https://parindex.example")
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["approver_a@example.gov.vn", "editor_b@example.gov.vn"]
    assert f"https://parindex.example/assessments/{assessment_of(cycle, units['B']).pk}/" in mail.outbox[0].body
    assert "quá hạn 1 ngày" in mail.outbox[0].body


def test_no_reminder_before_the_deadline_or_with_a_dry_run(cycle, units, people):
    late_cycle(cycle, units, people)
    people["editor_b"].email = "b@example.gov.vn"
    people["editor_b"].save()
    call_command("send_reminders", dry_run=True)
    assert mail.outbox == []
    cycle.self_assessment_due = timezone.localdate()
    cycle.save()
    call_command("send_reminders")
    assert mail.outbox == []


def test_the_home_page_filters_by_year_state_and_unit(cycle, units, people):
    late_cycle(cycle, units, people)
    page = client_for(people["admin"]).get("/work/", {"state": "draft", "q": "Ha Noi"}).content.decode().split('id="assessments"')[1]
    assert "Ha Noi" in page and "Hai Phong" not in page


def test_an_appraiser_takes_the_units_whole_file_as_xlsx(cycle, units, people, tmp_path):
    late_cycle(cycle, units, people)
    a = assessment_of(cycle, units["A"])
    response = client_for(people["appraiser_a"]).get(f"/assessments/{a.pk}/record.xlsx")
    path = tmp_path / "record.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("File").to_python()
    leaf = next(r for r in rows if r[0] == "1.2")
    assert leaf[4] == entry_of(cycle, units["A"], "1.2").self_points and "yes" in leaf[3]
    assert client_for(people["editor_b"]).get(f"/assessments/{a.pk}/record.xlsx").status_code == 404


def test_an_appraiser_finalises_many_units_at_once_and_is_told_which_could_not(cycle, units, people):
    at_stage(cycle, C.FINAL_APPRAISAL)
    cycle.assessments.update(state="explained")
    Membership.objects.create(user=people["appraiser_a"], role=Role.APPRAISER, unit=units["B"])
    a, b = assessment_of(cycle, units["A"]), assessment_of(cycle, units["B"])
    cycle.assessments.filter(pk=b.pk).update(state="submitted")
    response = client_for(people["appraiser_a"]).post("/assessments/act/", {"action": "finalise", "assessment": [a.pk, b.pk]}, follow=True)
    page = response.content.decode()
    assert "Finalise: 1 units (Hai Phong)" in page and "Ha Noi:" in page
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.state, b.state) == ("final", "submitted")


def test_the_bulk_step_is_offered_only_to_those_who_may_take_it(cycle, units, people):
    at_stage(cycle, C.FINAL_APPRAISAL)
    cycle.assessments.update(state="explained")
    assert 'id="bulk"' in client_for(people["appraiser_a"]).get("/work/").content.decode()
    assert 'id="bulk"' not in client_for(people["editor_a"]).get("/work/").content.decode()
