"""What stands between a cycle and its next stage: the units whose files are behind it.

The cycle page lists them before the administrator moves on, and moving on with any of them needs a
confirmation that names them (``confirmation``): they are not stranded — an extension keeps their
round open, a step back or an exclusion with a reason settles them — but nobody leaves them behind
without seeing who they are. Moving to the council is the exception: the council approves final
results, so a unit must be final or excluded first.
"""
from __future__ import annotations

from django.db.models import QuerySet

from parindex.web.cycles.models import Assessment, Cycle
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C

# The unit states still behind each stage the cycle can move to.
BEHIND = {
    C.APPRAISAL: (A.DRAFT,),
    C.EXPLANATION: (A.DRAFT, A.SUBMITTED),
    C.FINAL_APPRAISAL: (A.DRAFT, A.SUBMITTED, A.APPRAISED),
    C.COUNCIL: (A.DRAFT, A.SUBMITTED, A.APPRAISED, A.EXPLAINED),
}


def behind(cycle: Cycle, to_state: str) -> QuerySet[Assessment]:
    """The units (not excluded) whose files are behind ``to_state``, in unit order."""
    return cycle.assessments.select_related("unit").filter(excluded=False, state__in=BEHIND.get(to_state, ()))


def confirmation(assessments) -> str:
    """What the page sends back to confirm moving on without these units: their keys, so a unit
    that fell behind after the page was shown is not passed over unseen."""
    return ",".join(str(a.pk) for a in sorted(assessments, key=lambda a: a.pk))
