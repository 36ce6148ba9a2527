"""A cycle cannot dead-end: a unit that fell behind gets more time, a step back, or is left out with
a reason; moving on past units behind names them; and from every state a cycle can be in, the
buttons the pages offer lead to publication."""
import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from parindex.core.errors import ParindexError, Refused
from parindex.web.audit.models import AuditEntry
from parindex.web.cycles import transitions as t
from parindex.web.cycles.actions import ASSESSMENT, CYCLE, CYCLE_ORDER, ENTRY, allowed_actions
from parindex.web.cycles.models import Assessment, Entry, Membership, Role
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.readiness import behind, confirmation
from parindex.web.publication.transitions import publish
from tests.web.conftest import assessment_of, at_stage, client_for, entry_of, fill

NEXT_WEEK = timezone.localdate() + timedelta(days=7)


def only_units_a_and_b(cycle, units):
    """The small cycle has every province; all but A and B are left out, so each test is about two."""
    cycle.assessments.exclude(unit__in=[units["A"], units["B"]]).update(excluded=True, exclusion_reason="not in this test")


def test_an_extension_keeps_a_units_round_open_after_the_cycle_moved_on(cycle, units, people):
    only_units_a_and_b(cycle, units)
    at_stage(cycle, C.APPRAISAL)
    a = assessment_of(cycle, units["A"])
    entry = entry_of(cycle, units["A"], "1.1")
    with pytest.raises(Refused, match="during self-assessment"):
        t.save_inputs(entry, people["editor_a"], {"numerator": 1, "denominator": 2}, entry.version)
    t.extend(a, people["admin"], NEXT_WEEK, "the unit's director was ill")
    fill(cycle, units["A"], people["editor_a"])
    assert t.submit(a, people["approver_a"]).state == A.SUBMITTED
    log = AuditEntry.objects.get(action="assessment.extension")
    assert log.reason == "the unit's director was ill" and NEXT_WEEK.isoformat() in log.new_value
    page = client_for(people["editor_a"]).get(f"/assessments/{a.pk}/").content.decode()
    assert "the unit&#x27;s director was ill" in page or "the unit's director was ill" in page


def test_an_extension_needs_a_reason_and_a_day_not_yet_past(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    a = assessment_of(cycle, units["A"])
    with pytest.raises(ParindexError, match="empty"):
        t.extend(a, people["admin"], NEXT_WEEK, "   ")
    with pytest.raises(Refused, match="today or later"):
        t.extend(a, people["admin"], timezone.localdate() - timedelta(days=1), "late")


def test_moving_on_past_units_in_draft_needs_a_confirmation_that_names_them(cycle, units, people):
    only_units_a_and_b(cycle, units)
    at_stage(cycle, C.SELF_ASSESSMENT)
    with pytest.raises(Refused) as refused:
        t.advance_cycle(cycle, people["admin"], C.APPRAISAL)
    assert "Hai Phong" in refused.value.got and "Ha Noi" in refused.value.got
    waiting = list(behind(cycle, C.APPRAISAL))
    assert t.advance_cycle(cycle, people["admin"], C.APPRAISAL, confirm=confirmation(waiting)).state == C.APPRAISAL
    assert "Hai Phong" in AuditEntry.objects.get(action="cycle.state", new_value=C.APPRAISAL).reason


def test_a_stale_confirmation_does_not_pass_a_unit_that_fell_behind_since(cycle, units, people):
    only_units_a_and_b(cycle, units)
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    t.submit(assessment_of(cycle, units["A"]), people["approver_a"])
    seen = confirmation(behind(cycle, C.APPRAISAL))  # only B
    t.reopen(assessment_of(cycle, units["A"]), people["admin"], "wrong file attached")  # A is behind again
    with pytest.raises(Refused, match="not ready"):
        t.advance_cycle(cycle, people["admin"], C.APPRAISAL, confirm=seen)


def test_the_cycle_page_names_the_units_behind_before_moving_on(cycle, units, people):
    only_units_a_and_b(cycle, units)
    at_stage(cycle, C.SELF_ASSESSMENT)
    page = client_for(people["admin"]).get(f"/cycles/{cycle.pk}/").content.decode()
    assert "2 units are not ready for Appraisal" in page and "Hai Phong" in page and 'name="confirm"' in page


def test_reopening_sends_a_unit_back_one_step_with_its_reason(cycle, units, people):
    at_stage(cycle, C.FINAL_APPRAISAL)
    a = assessment_of(cycle, units["A"])
    Assessment.objects.filter(pk=a.pk).update(state=A.FINAL)
    assert t.reopen(a, people["admin"], "a figure was misread").state == A.EXPLAINED
    assert AuditEntry.objects.get(action="assessment.state", new_value=A.EXPLAINED).reason == "a figure was misread"
    with pytest.raises(Refused):
        t.reopen(assessment_of(cycle, units["B"]), people["admin"], "nothing to reopen")  # B is a draft


def test_an_excluded_unit_is_published_as_not_assessed_with_its_reason_never_as_zero(cycle, units, people):
    only_units_a_and_b(cycle, units)
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    t.exclude(assessment_of(cycle, units["B"]), people["admin"], "merged into another unit mid-year")
    at_stage(cycle, C.COUNCIL)
    Assessment.objects.filter(pk=assessment_of(cycle, units["A"]).pk).update(state=A.FINAL)
    t.approve_by_council(cycle, people["council"])
    published = publish(cycle, people["admin"]).published()
    assert [r.unit.code for r in published] == ["31"]
    assert published.exclusion("01").reason == "merged into another unit mid-year"
    anonymous = client_for(None)
    ranking = anonymous.get(f"/results/{cycle.slug}/").content.decode()
    assert "Not assessed in this cycle" in ranking and "merged into another unit mid-year" in ranking
    scorecard = anonymous.get(f"/results/{cycle.slug}/units/01/")
    assert scorecard.status_code == 200 and "merged into another unit mid-year" in scorecard.content.decode()
    left_out = {row["unit_code"]: row["reason"] for row in anonymous.get(f"/results/{cycle.slug}.json").json()["not_assessed"]}
    assert left_out["01"] == "merged into another unit mid-year"


def test_an_excluded_unit_can_act_no_more_and_can_be_brought_back(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    a = assessment_of(cycle, units["A"])
    t.exclude(a, people["admin"], "dissolved")
    entry = entry_of(cycle, units["A"], "1.1")
    with pytest.raises(Refused, match="excluded from this cycle: dissolved"):
        t.save_inputs(entry, people["editor_a"], {"numerator": 1, "denominator": 2}, entry.version)
    t.include(a, people["admin"], "the dissolution was postponed")
    assert t.save_inputs(entry, people["editor_a"], {"numerator": 1, "denominator": 2}, entry.version).self_points == 2.0


# -- from every state, a way to publication through the buttons the pages offer -------------------

CAST_FOR = {"save": "editor_a", "submit": "approver_a", "appraise": "appraiser_a", "finish-appraisal": "appraiser_a",
            "explain": "editor_a", "finish-explanation": "editor_a", "finalise": "appraiser_a"}
FORWARD = ("submit", "finish-appraisal", "finish-explanation", "finalise")


def offered(target, person, obj) -> set[str]:
    return {a.name for a in allowed_actions(target, person, obj)}


def push_unit(cycle, unit, people) -> bool:
    """One step forward for the unit with what the pages offer its people; else ask for an extension."""
    a = assessment_of(cycle, unit)
    if a.excluded or a.state == A.FINAL:
        return False
    editor_entries = [entry_of(cycle, unit, leaf) for leaf in ("1.1", "1.2")]
    if a.state == A.DRAFT and all("save" in offered(ENTRY, people["editor_a"], e) for e in editor_entries):
        fill(cycle, unit, people["editor_a"])
    for name in FORWARD:
        person = people[CAST_FOR[name]]
        if name in offered(ASSESSMENT, person, a):
            next(x for x in allowed_actions(ASSESSMENT, person, a) if x.name == name).run(a, person)
            return True
    if a.state == A.DRAFT and "extend" in offered(ASSESSMENT, people["admin"], a) and not a.has_open_extension():
        t.extend(a, people["admin"], NEXT_WEEK, "to catch up")  # the unit's round closed with the cycle's stage
        return True
    return False


def push_cycle(cycle, people) -> bool:
    cycle.refresh_from_db()
    if "publish" in offered(CYCLE, people["admin"], cycle):
        publish(cycle, people["admin"], "first publication")
        return True
    if "council-approve" in offered(CYCLE, people["council"], cycle):
        t.approve_by_council(cycle, people["council"])
        return True
    if "advance" in offered(CYCLE, people["admin"], cycle):
        following = CYCLE_ORDER[CYCLE_ORDER.index(cycle.state) + 1]
        if following != C.COUNCIL or not behind(cycle, following).exists():  # the page disables it then
            t.advance_cycle(cycle, people["admin"], following, confirm=confirmation(behind(cycle, following)))
            return True
    if "return" in offered(CYCLE, people["admin"], cycle) and behind(cycle, C.COUNCIL).exists():
        t.return_to_final_appraisal(cycle, people["admin"], "a unit is not final")
        return True
    return False


@pytest.mark.engine_free
@pytest.mark.parametrize("stage, state_a, state_b", [
    (stage, a, b) for stage, (a, b) in itertools.product(CYCLE_ORDER[:-1], itertools.product(A.values, repeat=2))])
def test_from_every_state_the_offered_buttons_lead_to_publication(cycle, units, people, stage, state_a, state_b):
    """Units A and B in any pair of states, the cycle at any stage before publication: the people of
    the cast, pressing only what their pages offer (units first, then the cycle), publish it."""
    only_units_a_and_b(cycle, units)
    for name, role in (("editor_a", Role.EDITOR), ("approver_a", Role.APPROVER), ("appraiser_a", Role.APPRAISER)):
        Membership.objects.create(user=people[name], role=role, unit=units["B"])  # the same people serve B here
    at_stage(cycle, stage)
    Assessment.objects.filter(pk=assessment_of(cycle, units["A"]).pk).update(state=state_a)
    Assessment.objects.filter(pk=assessment_of(cycle, units["B"]).pk).update(state=state_b)
    for _step in range(60):
        cycle.refresh_from_db()
        if cycle.state == C.PUBLISHED:
            break
        moved = push_unit(cycle, units["A"], people) or push_unit(cycle, units["B"], people) or push_cycle(cycle, people)
        assert moved, f"stuck: cycle {cycle.state}, A {assessment_of(cycle, units['A']).state}, B {assessment_of(cycle, units['B']).state}"
    cycle.refresh_from_db()
    assert cycle.state == C.PUBLISHED
    assert {r.unit.code for r in cycle.snapshots.get().published()} == {"31", "01"}


def test_the_council_reviews_the_draft_ranking_and_every_change_before_approving(cycle, units, people):
    only_units_a_and_b(cycle, units)
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    entry = entry_of(cycle, units["A"], "1.2")
    at_stage(cycle, C.COUNCIL)
    cycle.assessments.filter(unit__in=[units["A"], units["B"]]).update(state=A.FINAL)
    Entry.objects.filter(pk=entry.pk).update(final_points=0.0, final_reason="no decision attached")
    page = client_for(people["council"]).get(f"/cycles/{cycle.pk}/review/").content.decode()
    assert 'id="draft-ranking"' in page and 'data-unit="31"' in page and 'data-unit="01"' in page
    assert "1 change of points since self-assessment" in page and "no decision attached" in page
    assert 'id="council-approve"' in page
    assert 'id="council-approve"' not in client_for(people["admin"]).get(f"/cycles/{cycle.pk}/review/").content.decode()
    assert client_for(people["editor_a"]).get(f"/cycles/{cycle.pk}/review/").status_code == 403
