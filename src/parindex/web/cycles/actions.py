"""The workflow's named actions, in one table: what each runs, and the sentence a person reads
once it went through. The HTML views and the JSON API both dispatch from here, so an action added
here is offered by both, with the same name."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as lazy

from parindex.web.cycles import transitions


@dataclass(frozen=True)
class Action:
    run: Callable[..., Any]
    done: Any  # a lazy sentence with %(what)s, translated when shown


ASSESSMENT_ACTIONS: dict[str, Action] = {
    "submit": Action(transitions.submit, lazy("%(what)s: submitted for appraisal.")),
    "finish-appraisal": Action(transitions.finish_appraisal, lazy("%(what)s: appraisal round finished.")),
    "finish-explanation": Action(transitions.finish_explanation, lazy("%(what)s: explanations sent.")),
    "finalise": Action(transitions.finalise, lazy("%(what)s: results finalised.")),
}

CYCLE_DONE = {  # the cycle's actions take different fields, so each caller passes its own; the sentences are shared
    "deadlines": lazy("%(what)s: deadlines saved."), "advance": lazy("%(what)s: moved to the next stage."),
    "council-approve": lazy("%(what)s: approved by the council."), "publish": lazy("%(what)s: published."),
}
