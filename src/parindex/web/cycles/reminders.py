"""Reminders to the units that are late: one email per late unit to its editors and approvers, in
Vietnamese with the English beside it, naming the step owed, the deadline and the page to open."""
from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from parindex.web.cycles.models import Membership, Role
from parindex.web.cycles.oversight import late_units


def send_reminders(today: date, site: str, dry_run: bool = False) -> list[tuple[str, list[str]]]:
    """(unit, addresses written to) for every late unit; with ``dry_run`` nothing is sent."""
    out = []
    for cycle, assessment, due in late_units(today):
        people = Membership.objects.filter(role__in=[Role.EDITOR, Role.APPROVER], unit=assessment.unit, user__is_active=True) \
            .filter(Q(cycle__isnull=True) | Q(cycle=cycle)).exclude(user__email="").select_related("user")
        addresses = sorted({m.user.email for m in people})
        if addresses and not dry_run:
            context = {"cycle": cycle, "assessment": assessment, "due": due, "days": (today - due).days,
                       "link": site + reverse("cycles:assessment", args=[assessment.pk])}
            subject = " ".join(render_to_string("cycles/email/reminder_subject.txt", context).split())
            send_mail(subject, render_to_string("cycles/email/reminder.txt", context), settings.DEFAULT_FROM_EMAIL, addresses)
        out.append((str(assessment.unit), addresses))
    return out
