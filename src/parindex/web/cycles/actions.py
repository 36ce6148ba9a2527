"""The workflow's actions, declared once: who may take each (a ``rules`` permission), in which
stages of the cycle and the unit's assessment, the button that offers it and the sentence that
confirms it.

The assessment and cycle pages show an action's button exactly when ``Action.allows`` says so, and
the transition refuses it with ``Action.check`` — the same test, so a button is never offered for
an action that will be refused for its stage, nor hidden from someone who may take it. The HTML
views and the JSON API find an action here by name and run it; the permission matrix reads the
table too. Each action's work is a function in its app's ``transitions`` module, attached with
``@ACTION.does``: it runs in one transaction, with the object locked and checked first.

Adding an action: declare it here, write its transition with ``@NAME.does``, and its button
appears wherever ``allowed_actions`` is shown; the views and the API take it by its name.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parindex.core.errors import Refused
from parindex.web.cycles.forms import AdvanceForm, DeadlinesForm, ExtensionForm, NoFields, ReasonForm, RequiredReasonForm
from parindex.web.cycles.models import Assessment, Cycle, Entry
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C

CYCLE, ASSESSMENT, ENTRY = "cycle", "assessment", "entry"
CYCLE_ORDER = [C.SETUP, C.SELF_ASSESSMENT, C.APPRAISAL, C.EXPLANATION, C.FINAL_APPRAISAL, C.COUNCIL, C.PUBLISHED]
Stage = tuple[str, str | None]  # (the cycle's state, the assessment's state — None: any, or a cycle-level action)


def lock(target: str, obj: Any) -> Any:
    """The object again, its row locked until the transaction ends, with what the checks read."""
    if target == CYCLE:
        return Cycle.objects.select_for_update().select_related("programme").get(pk=obj.pk)
    if target == ASSESSMENT:
        return Assessment.objects.select_for_update().select_related("cycle", "unit").get(pk=obj.pk)
    return Entry.objects.select_for_update(of=("self",)).select_related("assessment__cycle", "assessment__unit", "updated_by").get(pk=obj.pk)


def stage_of(target: str, obj: Any) -> Stage:
    if target == CYCLE:
        return obj.state, None
    assessment = obj if target == ASSESSMENT else obj.assessment
    return assessment.cycle.state, assessment.state


def assessment_of(target: str, obj: Any) -> Assessment:
    return obj if target == ASSESSMENT else obj.assessment


def _matches(stage: Stage, stages: tuple[Stage, ...]) -> bool:
    cycle_state, assessment_state = stage
    return any(c == cycle_state and a in (None, assessment_state) for c, a in stages)


def stage_words(stage: Stage) -> str:
    cycle_state, assessment_state = stage
    if assessment_state is None:
        return gettext("the %(stage)s stage") % {"stage": C(cycle_state).label}
    return gettext("the %(stage)s stage with the unit's file %(state)s") % {"stage": C(cycle_state).label, "state": A(assessment_state).label}


@dataclass(frozen=True, eq=False)
class Action:
    """One thing a person can do to a cycle, an assessment or an entry."""

    name: str  # in addresses and the API: /assessments/<pk>/<name>/, /api/v1/…/actions/<name>
    target: str  # CYCLE, ASSESSMENT or ENTRY
    permission: str | Callable[[Any], str]  # a ``rules`` permission, or how to pick one from the object
    stages: tuple[Stage, ...]
    label: Any  # the button (lazy)
    done: Any  # what a person reads after it went through, with %(what)s (lazy)
    refused: Any  # why it is refused outside its stages (lazy)
    blocked: Callable[[Any], Any] | None = None  # what else stops it, as the sentence a person reads; None: nothing
    form: type[forms.Form] = NoFields  # what the action takes from its form or the API's body (``values``)
    late: tuple[Stage, ...] = ()  # further stages, open only to a unit whose round was extended
    confirm: Any = None  # the question a person answers before the button does its work (lazy)
    template: str = "actions/_offer.html"  # how a page offers it: the button, and the form's fields

    @property
    def for_units(self) -> bool:
        """A unit's own action (not the administrator's on the unit): closed to an excluded unit."""
        return self.target != CYCLE and self.name not in UNIT_ADMINISTRATION

    def permission_for(self, obj: Any) -> str:
        return self.permission(obj) if callable(self.permission) else self.permission

    def in_stage(self, obj: Any) -> bool:
        stage = stage_of(self.target, obj)
        if self.for_units and assessment_of(self.target, obj).excluded:
            return False
        if _matches(stage, self.stages):
            return True
        return _matches(stage, self.late) and assessment_of(self.target, obj).has_open_extension()

    def allows(self, user, obj: Any) -> bool:
        """Whether to offer the action to ``user`` on ``obj`` now (what ``check`` would let through)."""
        return (self.name in RUNS and self.in_stage(obj) and (self.blocked is None or self.blocked(obj) is None)
                and user.has_perm(self.permission_for(obj), obj))

    def require_permission(self, user, obj: Any) -> None:
        if not user.has_perm(self.permission_for(obj), obj):
            raise PermissionDenied(self.permission_for(obj))

    def check(self, user, obj: Any) -> None:
        """Refuse the action: 403 without the permission, a sentence when the stage is wrong."""
        self.require_permission(user, obj)
        if self.for_units and assessment_of(self.target, obj).excluded:
            assessment = assessment_of(self.target, obj)
            raise Refused(gettext("%(unit)s is excluded from this cycle: %(reason)s")
                          % {"unit": assessment.unit, "reason": assessment.exclusion_reason})
        if not self.in_stage(obj):
            raise Refused(str(self.refused), expected=gettext(" or ").join(stage_words(s) for s in self.stages),
                          got=stage_words(stage_of(self.target, obj)))
        reason = self.blocked(obj) if self.blocked is not None else None
        if reason is not None:
            raise Refused(str(reason))

    def does(self, work: Callable[..., Any]) -> Callable[..., Any]:
        """Attach the action's work: ``work(obj, user, *values)`` runs on the locked, checked object
        inside one transaction; what it returns is what the action returns."""
        @functools.wraps(work)
        def run(obj: Any, user, *args: Any, **values: Any) -> Any:
            with transaction.atomic():
                obj = lock(self.target, obj)
                self.check(user, obj)
                return work(obj, user, *args, **values)
        RUNS[self.name] = run
        return run

    def does_unlocked(self, work: Callable[..., Any]) -> Callable[..., Any]:
        """Attach work that must not hold the row locked all along — an upload streams to disk
        first — and so locks and calls ``check`` itself."""
        RUNS[self.name] = work
        return work

    def run(self, obj: Any, user, *args: Any, **values: Any) -> Any:
        return RUNS[self.name](obj, user, *args, **values)

    def values(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The action's values from a form or a body, checked by its form: only those given (the
        transition's defaults stand for the rest), or ``Refused`` naming the field."""
        form = self.form(data)
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise Refused(" ".join(errors) if field not in form.fields else f"{form.fields[field].label}: {' '.join(errors)}")
        return {name: value for name, value in form.cleaned_data.items() if name in data}


RUNS: dict[str, Callable[..., Any]] = {}  # name → the transition attached with ``@Action.does``


def inputs_permission(entry: Entry) -> str:
    """Survey criteria are filled by survey managers, the others by the unit's editor."""
    leaf = entry.assessment.cycle.methodology.node(entry.leaf_code)
    return "cycles.edit_survey_inputs" if leaf.source == "survey" else "cycles.edit_inputs"


# -- the unit's assessment -----------------------------------------------------------------------------
# A unit whose round the administrator extended keeps its round's actions after the cycle moved on
# (``late``), until the extension's day; appraisers take a late unit's file in whatever stage it
# reaches them, up to the final appraisal.

IN_DRAFT_LATE = tuple((c, A.DRAFT) for c in (C.APPRAISAL, C.EXPLANATION, C.FINAL_APPRAISAL))
SAVE = Action("save", ENTRY, inputs_permission, ((C.SELF_ASSESSMENT, A.DRAFT),), _("Save draft"),
              _("%(what)s: saved."), _("inputs can only change during self-assessment, before submission"), late=IN_DRAFT_LATE)
ATTACH = Action("evidence", ENTRY, "cycles.edit_inputs", ((C.SELF_ASSESSMENT, A.DRAFT), (C.EXPLANATION, A.APPRAISED)), _("Upload"),
                _("%(what)s: attached as evidence."),
                _("evidence is attached during self-assessment, before submission, or with the explanations"),
                late=IN_DRAFT_LATE + ((C.FINAL_APPRAISAL, A.APPRAISED),))
REMOVE_EVIDENCE = Action("remove-evidence", ENTRY, "cycles.edit_inputs", ATTACH.stages, _("Remove"), _("%(what)s: removed from the evidence."),
                         _("evidence is removed while it can be attached"), late=ATTACH.late,
                         confirm=_("Remove this file from the criterion's evidence?"))
SUBMIT = Action("submit", ASSESSMENT, "cycles.submit_assessment", ((C.SELF_ASSESSMENT, A.DRAFT),), _("Sign and submit"),
                _("%(what)s: submitted for appraisal."), _("only a draft can be submitted, during self-assessment"), late=IN_DRAFT_LATE,
                confirm=_("Submit the unit's self-assessment for appraisal? Its inputs can no longer be changed afterwards."))
APPRAISE = Action("appraise", ENTRY, "cycles.appraise",
                  ((C.APPRAISAL, A.SUBMITTED), (C.EXPLANATION, A.SUBMITTED), (C.FINAL_APPRAISAL, A.SUBMITTED),
                   (C.FINAL_APPRAISAL, A.APPRAISED), (C.FINAL_APPRAISAL, A.EXPLAINED)),
                  _("Appraise"), _("%(what)s: appraised."), _("appraisal is closed for this unit"))
FINISH_APPRAISAL = Action("finish-appraisal", ASSESSMENT, "cycles.appraise",
                          ((C.APPRAISAL, A.SUBMITTED), (C.EXPLANATION, A.SUBMITTED), (C.FINAL_APPRAISAL, A.SUBMITTED)),
                          _("Finish appraisal round"), _("%(what)s: appraisal round finished."),
                          _("the appraisal round is finished during appraisal, for a submitted unit"))
EXPLAIN = Action("explain", ENTRY, "cycles.explain", ((C.EXPLANATION, A.APPRAISED),), _("Save explanation"),
                 _("%(what)s: explanation saved."), _("explanations are taken during the explanation round, after appraisal"),
                 blocked=lambda entry: None if entry.is_adjusted else _("only adjusted criteria are explained"),
                 late=((C.FINAL_APPRAISAL, A.APPRAISED),))
FINISH_EXPLANATION = Action("finish-explanation", ASSESSMENT, "cycles.explain", ((C.EXPLANATION, A.APPRAISED),),
                            _("Send explanations"), _("%(what)s: explanations sent."),
                            _("explanations are sent during the explanation round, after appraisal"), late=((C.FINAL_APPRAISAL, A.APPRAISED),),
                            confirm=_("Send the unit's explanations to the appraisers? They can no longer be changed afterwards."))
FINALISE = Action("finalise", ASSESSMENT, "cycles.appraise", ((C.FINAL_APPRAISAL, A.EXPLAINED), (C.FINAL_APPRAISAL, A.APPRAISED)),
                  _("Finalise"), _("%(what)s: results finalised."),
                  _("results are finalised during the final appraisal, after explanations"),
                  confirm=_("Finalise this unit's points? They are what the council will review."))

# -- the administrator, for one unit ------------------------------------------------------------------
# What keeps a cycle from dead-ending on a unit that fell behind: more time, a step back, or leaving
# it out with a reason. Each is audited with its reason and shown on the unit's page.

WORKING_STAGES = (C.SELF_ASSESSMENT, C.APPRAISAL, C.EXPLANATION, C.FINAL_APPRAISAL)
EXTEND = Action("extend", ASSESSMENT, "cycles.configure", tuple((c, None) for c in WORKING_STAGES), _("Extend the unit's deadline"),
                _("%(what)s: deadline extended."), _("a unit's deadline is extended while the cycle's rounds are open"),
                blocked=lambda a: _("the unit's results are final; reopen them first") if a.state == A.FINAL else None,
                form=ExtensionForm)
REOPEN = Action("reopen", ASSESSMENT, "cycles.configure",
                tuple((c, s) for c in WORKING_STAGES for s in (A.SUBMITTED, A.APPRAISED, A.EXPLAINED, A.FINAL)),
                _("Reopen the unit's last step"), _("%(what)s: reopened."), _("a unit's step is reopened while the cycle's rounds are open"),
                form=RequiredReasonForm,
                confirm=_("Send this unit back one step? What it did in that step can be done again."))
EXCLUDE = Action("exclude", ASSESSMENT, "cycles.configure", tuple((c, None) for c in CYCLE_ORDER[:-1]),
                 _("Exclude the unit from the cycle"), _("%(what)s: excluded from the cycle."),
                 _("a unit is excluded before the results are published"),
                 blocked=lambda a: _("the unit is already excluded, or the council has approved the results")
                 if a.excluded or a.cycle.council_approved_at is not None else None, form=RequiredReasonForm,
                 confirm=_("Exclude this unit? It will be published as not assessed, with your reason."))
INCLUDE = Action("include", ASSESSMENT, "cycles.configure", tuple((c, None) for c in (C.SETUP, *WORKING_STAGES)),
                 _("Bring the unit back into the cycle"), _("%(what)s: back in the cycle."),
                 _("a unit is brought back while the cycle's rounds are open"),
                 blocked=lambda a: None if a.excluded else _("the unit is not excluded"), form=RequiredReasonForm)
UNIT_ADMINISTRATION = frozenset({"extend", "reopen", "exclude", "include"})

# -- the cycle -------------------------------------------------------------------------------------------

DEADLINES = Action("deadlines", CYCLE, "cycles.configure", tuple((s, None) for s in CYCLE_ORDER[:-1]), _("Save deadlines"),
                   _("%(what)s: deadlines saved."), _("a published cycle's deadlines no longer change"), form=DeadlinesForm,
                   template="actions/deadlines.html")
ADVANCE = Action("advance", CYCLE, "cycles.configure", tuple((s, None) for s in CYCLE_ORDER[:-2]),
                 _("Move the cycle to the next stage"), _("%(what)s: moved to the next stage."),
                 _("from the council stage a cycle moves on only by being published"), form=AdvanceForm, template="actions/advance.html",
                 confirm=_("Move the whole cycle to the next stage? Units' rounds close unless their deadline was extended."))
def council_blocked(cycle: Cycle) -> str | None:
    """The council approves once, and only final results: every unit final or excluded."""
    if cycle.council_approved_at is not None:
        return gettext("the council has already approved this cycle")
    waiting = cycle.assessments.filter(excluded=False).exclude(state=A.FINAL).count()
    if waiting:
        return ngettext("%(n)s unit is not final yet", "%(n)s units are not final yet", waiting) % {"n": waiting}
    return None


RETURN = Action("return", CYCLE, "cycles.configure", ((C.COUNCIL, None),), _("Return the cycle to the final appraisal"),
                _("%(what)s: back in the final appraisal."), _("a cycle returns to the final appraisal from the council stage"),
                blocked=lambda cycle: None if cycle.council_approved_at is None else
                _("the council has approved these results; publish them, then correct what must change"),
                form=RequiredReasonForm,
                confirm=_("Return the cycle to the final appraisal? The council will review the results again afterwards."))
COUNCIL_APPROVE = Action("council-approve", CYCLE, "cycles.approve_council", ((C.COUNCIL, None),), _("Approve as the council"),
                         _("%(what)s: approved by the council."), _("the council approves during the council stage"),
                         blocked=lambda cycle: council_blocked(cycle), template="actions/council-approve.html",
                         confirm=_("Approve the draft ranking and groups as the council? The administrator can then publish them."))
PUBLISH = Action("publish", CYCLE, "publication.publish", ((C.COUNCIL, None), (C.PUBLISHED, None)), _("Publish"),
                 _("%(what)s: published."), _("results are published from the council stage, and corrected once published"),
                 blocked=lambda cycle: None if cycle.council_approved_at is not None else
                 _("a cycle is published after the council has approved it"), form=ReasonForm,
                 template="actions/publish.html",
                 confirm=_("Publish these results? A published version never changes; a correction is a new version with its reason."))
CORRECT = Action("correct", ENTRY, "publication.publish", ((C.PUBLISHED, None),), _("Correct"),
                 _("%(what)s: corrected; publish a new version for the public to see it."),
                 _("corrections are made to published cycles"))

ACTIONS: dict[str, dict[str, Action]] = {}
for _action in (SAVE, ATTACH, REMOVE_EVIDENCE, SUBMIT, APPRAISE, FINISH_APPRAISAL, EXPLAIN, FINISH_EXPLANATION, FINALISE,
                EXTEND, REOPEN, EXCLUDE, INCLUDE, DEADLINES, ADVANCE, RETURN, COUNCIL_APPROVE, PUBLISH, CORRECT):
    ACTIONS.setdefault(_action.target, {})[_action.name] = _action


def find(target: str, name: str) -> Action | None:
    """The action of that name on that kind of object, if there is one and its work is installed."""
    action = ACTIONS.get(target, {}).get(name)
    return action if action is not None and action.name in RUNS else None


def allowed_actions(target: str, user, obj: Any) -> list[Action]:
    """The actions to offer ``user`` on ``obj`` now, in the table's order: the page's buttons."""
    return [a for a in ACTIONS[target].values() if a.allows(user, obj)]
