"""Who holds which role, and what the roles may do in cycles (the ``rules`` package). *When* an
action is allowed is the action table's job (``actions``). Other apps name their own permissions
in their ``rules.py``, from the role predicates here.

A unit never reads another unit's unpublished data: every per-unit predicate checks a membership
for that very unit, and ``visible_assessments`` filters querysets the same way.
"""
from __future__ import annotations

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from parindex.web.cycles.models import Assessment, Entry, Membership, Role


def _has_role(user, role, unit=None, cycle=None) -> bool:
    """A membership in ``role`` (for ``unit``, and valid in ``cycle``: for it or for every cycle)."""
    if not user.is_authenticated:
        return False
    query = Membership.objects.filter(user=user, role=role)
    if unit is not None:
        query = query.filter(unit=unit)
    if cycle is not None:
        query = query.filter(Q(cycle__isnull=True) | Q(cycle=cycle))
    return query.exists()


def _assessment_of(obj) -> Assessment | None:
    if isinstance(obj, Entry):
        return obj.assessment
    if isinstance(obj, Assessment):
        return obj
    return None


@rules.predicate
def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _has_role(user, Role.ADMIN))


@rules.predicate
def is_council(user) -> bool:
    return _has_role(user, Role.COUNCIL)


@rules.predicate
def is_survey_manager(user) -> bool:
    return _has_role(user, Role.SURVEY_MANAGER)


def _unit_role(role):
    @rules.predicate(name=f"is_{role}_of_unit")
    def predicate(user, obj) -> bool:
        assessment = _assessment_of(obj)
        return assessment is not None and _has_role(user, role, assessment.unit, assessment.cycle_id)
    return predicate


is_editor = _unit_role(Role.EDITOR)
is_approver = _unit_role(Role.APPROVER)
is_appraiser = _unit_role(Role.APPRAISER)
is_unit_member = is_editor | is_approver

rules.add_perm("cycles.view_assessment", is_admin | is_council | is_survey_manager | is_unit_member | is_appraiser)
rules.add_perm("cycles.edit_inputs", is_editor)
rules.add_perm("cycles.submit_assessment", is_approver)
rules.add_perm("cycles.appraise", is_appraiser)
rules.add_perm("cycles.explain", is_editor | is_approver)
rules.add_perm("cycles.edit_survey_inputs", is_survey_manager | is_admin)
rules.add_perm("cycles.configure", is_admin)
rules.add_perm("cycles.approve_council", is_council)


def visible_assessments(user) -> QuerySet[Assessment]:
    """The assessments a user may open: all for national staff (administrators, the council, survey
    managers, who enter every unit's survey figures), else their own units'."""
    qs = Assessment.objects.select_related("unit", "cycle")
    if is_admin(user) or is_council(user) or is_survey_manager(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    mine = Membership.objects.filter(user=user, role__in=[Role.EDITOR, Role.APPROVER, Role.APPRAISER], unit=OuterRef("unit")) \
        .filter(Q(cycle__isnull=True) | Q(cycle=OuterRef("cycle")))
    return qs.filter(Exists(mine))
