"""An audit entry as a person reads it: what was done, in words, and its old and new values in the
page's language.

The log itself keeps codes and JSON text: they are hashed into the chain and must never change.
This module is only how a page shows them — the action ``entry.final_points`` reads "Final points",
a state ``submitted`` reads "Submitted", inputs ``{"done": 60, "due": 60}`` read "done: 60; due: 60",
and ``true`` reads "yes". The CSV export keeps the codes, for whoever checks the chain.
"""
from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext as _now
from django.utils.translation import gettext_lazy as _

from parindex.core.text import format_number
from parindex.web.cycles.models import AssessmentState, CycleState, Unit

ACTIONS = {
    "entry.inputs": _("Inputs entered"),
    "entry.self_points": _("Self-assessed points"),
    "entry.note": _("Unit's note"),
    "entry.appraised_points": _("Appraised points"),
    "entry.appraisal_reason": _("Appraiser's reason"),
    "entry.unit_explanation": _("Unit's explanation"),
    "entry.final_points": _("Final points"),
    "entry.final_reason": _("Reason for the final points"),
    "evidence.add": _("Evidence attached"),
    "evidence.remove": _("Evidence removed"),
    "assessment.state": _("File moved to a new step"),
    "assessment.extension": _("Unit's deadline extended"),
    "assessment.exclusion": _("Unit excluded or taken back"),
    "cycle.create": _("Evaluation year created"),
    "cycle.state": _("Evaluation year moved to a new stage"),
    "cycle.deadline": _("Deadline changed"),
    "cycle.council_approval": _("Council approval"),
    "cycle.publish": _("Results published"),
    "snapshot.checksum": _("Checksum of the published results recorded"),
    "programme.create": _("Programme created"),
    "programme.units": _("Programme's own units imported"),
    "wave.import": _("Survey data imported"),
    "wave.apply": _("Survey results applied to the criteria"),
    "wave.withdraw": _("Survey data withdrawn"),
    "account.create": _("Account created"),
    "account.active": _("Account enabled or disabled"),
    "account.password_link": _("Link to set a password sent"),
    "membership.grant": _("Role granted"),
    "membership.revoke": _("Role withdrawn"),
    "demo.seed": _("Demo data loaded"),
}

# Actions whose values are a choice: shown by the choice's label, not its code.
CHOICES: dict[str, type[models.TextChoices]] = {"assessment.state": AssessmentState, "cycle.state": CycleState}


def actor_words(name: str) -> str:
    """Who made the change: a login, or — for what no person did (the demo's seeding, a command) —
    the system, in words."""
    return str(_("the system")) if name in ("", "system") else name


def action_words(code: str) -> str:
    """The action in the active language; an action recorded by a later version reads as itself."""
    return str(ACTIONS.get(code, code))


def value_words(action: str, text: str) -> str:
    """A stored old or new value in the active language: a choice by its label, numbers in the
    language's format, yes/no in words, a set of inputs as "name: value" pairs, — for nothing."""
    if text == "":
        return "—"
    choices = CHOICES.get(action)
    if choices is not None and text in choices.values:
        return str(choices(text).label)
    try:
        value = json.loads(text) if text[:1] in "{[-0123456789" or text in ("true", "false", "null") else text
    except ValueError:
        return text
    return _readable(value)


def _readable(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _now("yes") if value else _now("no")
    if isinstance(value, (int, float)):
        return format_number(value, _language(), keep_one=False)
    if isinstance(value, dict):
        return "; ".join(f"{name}: {_readable(v)}" for name, v in value.items())
    if isinstance(value, list):
        return ", ".join(_readable(v) for v in value)
    return str(value)


def _language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def place_words(field: str, unit_names: dict[str, str]) -> str:
    """Where the change was: the log's "VN-31-2025/1.1.2" reads "Hải Phòng · 1.1.2"."""
    uid, _slash, criterion = field.partition("/")
    name = unit_names.get(uid)
    if name is None:
        return field
    return f"{name} · {criterion}" if criterion else name


def unit_names(entries) -> dict[str, str]:
    """The names, in the active language, of the units that ``entries`` are about."""
    uids = {e.field.partition("/")[0] for e in entries if e.field}
    return {u.uid: str(u) for u in Unit.objects.filter(uid__in=uids)}
