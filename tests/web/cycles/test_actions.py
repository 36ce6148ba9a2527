"""The table of actions decides both what a page offers and what a transition refuses: for every
action in every stage of the cycle and of the unit's file, the button is shown exactly when the
action goes through its stage check, and each is refused with a sentence that names the stages."""
import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from parindex.core.errors import Refused
from parindex.web.cycles.actions import ACTIONS, ASSESSMENT, CYCLE, CYCLE_ORDER, RUNS, allowed_actions
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.models import Entry, Evidence
from parindex.web.cycles.readiness import behind, confirmation
from tests.web.conftest import assessment_of, at_stage, client_for, entry_of

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
WHO = {"save": "editor_a", "evidence": "editor_a", "remove-evidence": "editor_a", "submit": "approver_a", "appraise": "appraiser_a",
       "finish-appraisal": "appraiser_a",
       "explain": "editor_a", "finish-explanation": "editor_a", "finalise": "appraiser_a", "deadlines": "admin", "advance": "admin",
       "council-approve": "council", "publish": "admin", "correct": "admin", "extend": "admin", "reopen": "admin", "exclude": "admin",
       "include": "admin", "return": "admin"}
ALL_ACTIONS = [a for by_target in ACTIONS.values() for a in by_target.values()]
STAGES = list(itertools.product(CYCLE_ORDER, A.values))


def values_for(action, obj, user=None) -> tuple[tuple, dict]:
    """Plausible values for each action, so that only its stage can stop it."""
    if action.name == "remove-evidence":
        kept = Evidence.objects.create(entry=obj, file="evidence/00/00", original_name="old.pdf", content_type="application/pdf",
                                       size=1, sha256="0" * 64, uploaded_by=user)
        return (kept.pk,), {}
    if action.name == "save":
        return ({"numerator": 1, "denominator": 2}, obj.version), {}
    if action.name in ("appraise", "correct"):
        return (1.0, "reason", obj.version), {}
    if action.name == "explain":
        return ("because", obj.version), {}
    if action.name == "evidence":
        return ("report.pdf", PDF), {}
    if action.name == "advance":
        following = CYCLE_ORDER[min(CYCLE_ORDER.index(obj.state) + 1, len(CYCLE_ORDER) - 1)]
        return (following,), {"confirm": confirmation(behind(obj, following))}
    if action.name == "extend":
        return (timezone.localdate() + timedelta(days=7), "a week more"), {}
    if action.name in ("reopen", "exclude", "include", "return"):
        return ("a reason",), {}
    if action.name == "publish":
        return ("a reason",), {}
    return (), {}


def target_of(action, cycle, units):
    if action.target == CYCLE:
        return cycle
    if action.target == ASSESSMENT:
        return assessment_of(cycle, units["A"])
    return entry_of(cycle, units["A"], "1.1")


def test_every_action_in_the_table_has_its_work_attached():
    assert {a.name for a in ALL_ACTIONS} <= set(RUNS)
    assert set(WHO) == {a.name for a in ALL_ACTIONS}


@pytest.mark.engine_free
@pytest.mark.parametrize("action", ALL_ACTIONS, ids=lambda a: a.name)
@pytest.mark.parametrize("stage", STAGES, ids=lambda s: f"{s[0]}-{s[1]}")
@pytest.mark.parametrize("unit", ["on-time", "extended", "excluded"])
def test_a_button_is_shown_exactly_when_the_stage_check_lets_the_action_through(cycle, units, people, action, stage, unit):
    cycle_state, assessment_state = stage
    at_stage(cycle, cycle_state)
    cycle.assessments.update(state=assessment_state)
    if unit == "extended":
        cycle.assessments.update(extended_until=timezone.localdate() + timedelta(days=3))
    if unit == "excluded":
        cycle.assessments.filter(unit=units["A"]).update(excluded=True, exclusion_reason="merged mid-year")
    Entry.objects.filter(pk=entry_of(cycle, units["A"], "1.1").pk).update(self_points=4.0, appraised_points=2.0)  # adjusted
    obj = target_of(action, cycle, units)
    user = people[WHO[action.name]]
    offered = action.allows(user, obj)
    args, kwargs = values_for(action, obj, user)
    blocked = action.blocked(obj) if action.blocked else None
    try:
        action.run(obj, user, *args, **kwargs)
        went_through = True
    except Refused as refused:
        stage_refusal = refused.title in (str(action.refused), str(blocked)) or "excluded from this cycle" in refused.title
        went_through = not stage_refusal
    assert offered == went_through, (action.name, stage, offered)


def test_someone_without_the_permission_is_never_offered_the_action_and_is_refused(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    assessment = assessment_of(cycle, units["A"])
    submit = ACTIONS[ASSESSMENT]["submit"]
    assert not submit.allows(people["editor_a"], assessment)
    with pytest.raises(PermissionDenied):
        submit.run(assessment, people["editor_a"])


def test_a_refusal_for_the_stage_names_the_stages_in_words(cycle, units, people):
    at_stage(cycle, C.APPRAISAL)
    with pytest.raises(Refused) as refused:
        ACTIONS[ASSESSMENT]["submit"].run(assessment_of(cycle, units["A"]), people["approver_a"])
    assert refused.value.expected == "the Self-assessment stage with the unit's file Draft"
    assert refused.value.got == "the Appraisal stage with the unit's file Draft"


def test_the_assessment_page_shows_the_buttons_the_table_allows(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    assessment = assessment_of(cycle, units["A"])
    page = client_for(people["approver_a"]).get(f"/assessments/{assessment.pk}/").content.decode()
    assert [a.name for a in allowed_actions(ASSESSMENT, people["approver_a"], assessment)] == ["submit"]
    assert 'id="submit"' in page and "Sign and submit" in page and 'id="finalise"' not in page


def test_the_cycle_page_shows_the_cycle_actions_the_table_allows(cycle, people):
    at_stage(cycle, C.COUNCIL)
    cycle.assessments.update(state=A.FINAL)
    council = client_for(people["council"]).get(f"/cycles/{cycle.pk}/").content.decode()
    admin = client_for(people["admin"]).get(f"/cycles/{cycle.pk}/").content.decode()
    assert "Review the draft ranking and approve it" in council and "Publish" not in council
    assert "Review the draft ranking" not in admin and "Save deadlines" in admin and "Move the cycle" not in admin
    assert "Return the cycle to the final appraisal" in admin


def test_an_unknown_action_is_not_found(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    response = client_for(people["approver_a"]).post(f"/assessments/{assessment_of(cycle, units['A']).pk}/launch/")
    assert response.status_code == 404


def test_every_word_of_the_table_has_a_vietnamese_translation():
    with translation.override("vi"):
        for action in ALL_ACTIONS:
            for text in (action.label, action.done, action.refused, action.confirm):
                if text is not None:
                    with translation.override("en"):
                        english = str(text)
                    assert str(text) != english, (action.name, english)
