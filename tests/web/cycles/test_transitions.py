"""The cycle and the assessments move only forward, only by the right people, and every move is logged."""
import pytest
from django.core.exceptions import PermissionDenied

from parindex.web.audit.models import AuditEntry
from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from tests.web.conftest import assessment_of, at_stage, entry_of, fill


def test_self_points_come_from_the_core_rule_and_the_change_is_audited(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    entry = t.save_inputs(entry, people["editor_a"], {"numerator": "6", "denominator": "10"}, entry.version)
    assert entry.self_points == 2.0 and entry.version == 2
    rows = AuditEntry.objects.filter(object_type="entry", object_id=str(entry.pk))
    assert {(r.action, r.actor_name) for r in rows} == {("entry.inputs", "editor_a"), ("entry.self_points", "editor_a")}


def test_inputs_cannot_change_outside_self_assessment(cycle, units, people):
    entry = entry_of(cycle, units["A"], "1.1")
    with pytest.raises(t.Refused, match="during self-assessment"):
        t.save_inputs(entry, people["editor_a"], {"numerator": 1, "denominator": 2}, entry.version)


def test_an_editor_of_another_unit_cannot_write(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    with pytest.raises(PermissionDenied):
        t.save_inputs(entry, people["editor_b"], {"numerator": 1, "denominator": 2}, entry.version)


def test_bad_input_is_refused_with_the_field_named(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    with pytest.raises(Exception) as caught:
        t.save_inputs(entry, people["editor_a"], {"numerator": "12", "denominator": "10"}, entry.version)
    assert caught.value.code == "bad_value"
    entry.refresh_from_db()
    assert entry.inputs == {} and entry.version == 1


def test_only_the_approver_submits_and_only_a_complete_assessment(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    assessment = assessment_of(cycle, units["A"])
    with pytest.raises(PermissionDenied):
        t.submit(assessment, people["editor_a"])
    with pytest.raises(t.Refused, match="lack inputs"):
        t.submit(assessment, people["approver_a"])
    fill(cycle, units["A"], people["editor_a"])
    assert t.submit(assessment, people["approver_a"]).state == A.SUBMITTED
    assert AuditEntry.objects.filter(action="assessment.state", new_value=A.SUBMITTED, actor_name="approver_a").exists()


def test_an_appraisal_change_needs_a_reason(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    t.submit(assessment_of(cycle, units["A"]), people["approver_a"])
    at_stage(cycle, C.APPRAISAL)
    entry = entry_of(cycle, units["A"], "1.1")
    with pytest.raises(t.Refused, match="needs a reason"):
        t.appraise(entry, people["appraiser_a"], 2.0, "", entry.version)
    entry = t.appraise(entry, people["appraiser_a"], 2.0, "one report lacked evidence", entry.version)
    assert entry.appraised_points == 2.0 and entry.is_adjusted
    assert AuditEntry.objects.get(action="entry.appraised_points").reason == "one report lacked evidence"


def test_appraisers_cannot_change_self_assessed_values_and_editors_cannot_appraise(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    with pytest.raises(PermissionDenied):
        t.save_inputs(entry, people["appraiser_a"], {"numerator": 1, "denominator": 2}, entry.version)
    at_stage(cycle, C.APPRAISAL)
    with pytest.raises(PermissionDenied):
        t.appraise(entry, people["editor_a"], 1.0, "mine", entry.version)


def test_the_whole_round_trip_to_final(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    assessment = t.submit(assessment_of(cycle, units["A"]), people["approver_a"])
    at_stage(cycle, C.APPRAISAL)
    entry = entry_of(cycle, units["A"], "1.2")
    t.appraise(entry, people["appraiser_a"], 0.0, "no decision attached", entry.version)
    t.finish_appraisal(assessment, people["appraiser_a"])
    at_stage(cycle, C.EXPLANATION)
    entry.refresh_from_db()
    t.explain(entry, people["editor_a"], "decision 12/QĐ attached", entry.version)
    t.finish_explanation(assessment, people["approver_a"])
    at_stage(cycle, C.FINAL_APPRAISAL)
    entry.refresh_from_db()
    t.appraise(entry, people["appraiser_a"], 2.0, "explanation accepted", entry.version)
    assert t.finalise(assessment, people["appraiser_a"]).state == A.FINAL
    entry.refresh_from_db()
    assert (entry.self_points, entry.appraised_points, entry.final_points, entry.points) == (2.0, 0.0, 2.0, 2.0)


def test_explanations_only_for_adjusted_criteria(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    t.submit(assessment_of(cycle, units["A"]), people["approver_a"])
    at_stage(cycle, C.APPRAISAL)
    t.finish_appraisal(assessment_of(cycle, units["A"]), people["appraiser_a"])
    at_stage(cycle, C.EXPLANATION)
    entry = entry_of(cycle, units["A"], "1.1")
    with pytest.raises(t.Refused, match="only adjusted"):
        t.explain(entry, people["editor_a"], "nothing to explain", entry.version)


@pytest.mark.parametrize("start, to", [(C.SETUP, C.APPRAISAL), (C.SELF_ASSESSMENT, C.SETUP), (C.COUNCIL, C.PUBLISHED)])
def test_illegal_cycle_moves_are_refused_with_a_reason(cycle, people, start, to):
    at_stage(cycle, start)
    with pytest.raises(t.Refused) as caught:
        t.advance_cycle(cycle, people["admin"], to)
    assert caught.value.title


def test_the_cycle_moves_one_stage_at_a_time_by_an_administrator(cycle, people):
    with pytest.raises(PermissionDenied):
        t.advance_cycle(cycle, people["council"], C.SELF_ASSESSMENT)
    assert t.advance_cycle(cycle, people["admin"], C.SELF_ASSESSMENT).state == C.SELF_ASSESSMENT
    assert AuditEntry.objects.filter(action="cycle.state", old_value=C.SETUP, new_value=C.SELF_ASSESSMENT).exists()


def test_the_council_approves_only_when_every_unit_is_final(cycle, people):
    at_stage(cycle, C.COUNCIL)
    with pytest.raises(t.Refused, match="not final"):
        t.approve_by_council(cycle, people["council"])
    cycle.assessments.update(state=A.FINAL)
    with pytest.raises(PermissionDenied):
        t.approve_by_council(cycle, people["admin"])
    assert t.approve_by_council(cycle, people["council"]).council_approved_by == people["council"]


def test_after_the_self_assessment_deadline_inputs_are_refused(cycle, units, people):
    from datetime import timedelta

    from django.utils import timezone

    at_stage(cycle, C.SELF_ASSESSMENT)
    cycle.self_assessment_due = timezone.localdate() - timedelta(days=1)
    cycle.save()
    entry = entry_of(cycle, units["A"], "1.1")
    with pytest.raises(t.Refused, match="deadline for this round was"):
        t.save_inputs(entry, people["editor_a"], {"numerator": 1, "denominator": 2}, entry.version)
    cycle.self_assessment_due = timezone.localdate()
    cycle.save()
    assert t.save_inputs(entry, people["editor_a"], {"numerator": 1, "denominator": 2}, entry.version).self_points == 2.0


def test_the_cycle_cannot_reach_the_council_while_units_are_not_final(cycle, units, people):
    from parindex.web.cycles.models import AssessmentState as A
    from parindex.web.cycles.models import CycleState as C
    from tests.web.conftest import at_stage

    at_stage(cycle, C.FINAL_APPRAISAL)
    cycle.assessments.update(state=A.EXPLAINED)
    with pytest.raises(t.Refused, match="chưa có kết quả chính thức|no final result yet"):
        t.advance_cycle(cycle, people["admin"], C.COUNCIL)
    cycle.refresh_from_db()
    assert cycle.state == C.FINAL_APPRAISAL
    cycle.assessments.update(state=A.FINAL)
    assert t.advance_cycle(cycle, people["admin"], C.COUNCIL).state == C.COUNCIL
