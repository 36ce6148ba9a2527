"""The demo tells the truth: every value it writes is in the audit log; its published cycles account
for every survey criterion from survey data; and its 2025 cycle — late units, an extension, an
excluded unit, survey data from a table and a wave still to apply — is taken to publication by
the demo accounts pressing only what their pages offer."""
from django.contrib.auth import get_user_model
from django.core.management import call_command

from parindex.web.audit.models import AuditEntry
from parindex.web.cycles.actions import ASSESSMENT, CYCLE, CYCLE_ORDER, allowed_actions
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import Cycle, Entry
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.readiness import behind, confirmation
from parindex.web.demo.seed import seed
from parindex.web.surveys.models import Wave
from parindex.web.surveys.transitions import apply_wave


def press(person, target, obj, name, *args, **values):
    """What a person's page offers them, pressed; refused if the page would not offer it."""
    offered = {a.name: a for a in allowed_actions(target, person, obj)}
    assert name in offered, (person.username, name, sorted(offered))
    return offered[name].run(obj, person, *args, **values)


def test_the_demo_is_audited_accounts_for_its_survey_criteria_and_its_year_can_be_published(db, capsys):
    seed()
    call_command("verify_audit")
    assert "audit chain intact" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="entry.self_points").count() >= Entry.objects.exclude(self_points=None).count() > 1000

    for year in (2023, 2024):
        published = Cycle.objects.get(year=year).snapshots.get().published()
        assert not [code for u in published for code, node in u.nodes.items() if node.missing]  # all 100 points accounted for

    cycle = Cycle.objects.get(year=2025, programme__code="par-province")
    states = [(a.state, a.excluded, a.extended_until is not None) for a in cycle.assessments.all()]
    assert (A.APPRAISED, False, True) in states and (A.APPRAISED, False, False) in states and any(e for _, e, _ in states)
    assert Wave.objects.filter(cycle=cycle, kind="table").exists()

    people = {u.username: u for u in get_user_model().objects.all()}
    home = cycle.assessments.get(unit__code="31", extended_until__isnull=False)
    press(people["pheduyet"], ASSESSMENT, home, "finish-explanation")
    apply_wave(Wave.objects.get(cycle=cycle, questionnaire_id="businesses"), people["khaosat"])
    press(people["admin"], CYCLE, cycle, "advance", C.FINAL_APPRAISAL, confirm=confirmation(behind(cycle, C.FINAL_APPRAISAL)))
    cycle.refresh_from_db()  # as the next page load would
    for a in cycle.assessments.filter(excluded=False):
        press(people["thamdinh"], ASSESSMENT, a, "finalise")
    cycle.refresh_from_db()
    press(people["admin"], CYCLE, cycle, "advance", CYCLE_ORDER[CYCLE_ORDER.index(cycle.state) + 1])
    cycle.refresh_from_db()
    press(people["hoidong"], CYCLE, cycle, "council-approve")
    cycle.refresh_from_db()
    published = press(people["admin"], CYCLE, cycle, "publish", "Công bố kết quả năm 2025").published()
    assert len(published.units) == 33 and len(published.not_assessed) == 1
    assert not [code for u in published for code, node in u.nodes.items() if node.missing]


def test_the_demo_publishes_hai_phongs_own_index_of_its_departments_beside_the_national_one(db):
    seed()
    own = Cycle.objects.get(slug="hp-so-2025")
    published = own.snapshots.get().published()
    assert len(published.units) == 14 and {u.unit.id.split("-")[0] for u in published} == {"HP"}
    assert not [code for u in published for code, node in u.nodes.items() if node.missing]  # survey criteria from the office's table
    communes = Cycle.objects.get(slug="hp-xa-2025")
    assert communes.state == C.SELF_ASSESSMENT and communes.assessments.count() > 100
    assert {a.unit.programme.code for a in communes.assessments.select_related("unit__programme")} == {"hp-xa"}
    national = Cycle.objects.get(slug="par-province-2024").snapshots.get().published()
    assert len(national.units) == 63 and not any(u.unit.id.startswith("HP-") for u in national)
    call_command("verify_audit")


def test_the_accounts_printed_at_start_name_the_editors_unit_by_its_name(db):
    from parindex.web.demo.accounts import reset_passwords

    seed()
    roles = {username: role for username, _, role in reset_passwords()}
    assert roles["bientap"].endswith("— Hải Phòng") and roles["pheduyet"].endswith("— Hải Phòng")  # not "— 31"
