"""Accounts and roles, changed by administrators: create a person, give or take a role, deactivate,
send the link that sets a password, import a whole roster — each audited, all or nothing."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from parindex.core.errors import Refused
from parindex.web.accounts.roster import RosterRow
from parindex.web.audit.chain import record
from parindex.web.cycles.models import UNIT_ROLES, Cycle, Membership, Unit
from parindex.web.cycles.transitions import require

PERMISSION = "accounts.manage_people"


def create_person(user, username: str, full_name: str, email: str):
    """A new account without a password: the person sets one from the emailed link."""
    require(user, PERMISSION)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise Refused(_("the username %(name)s is taken") % {"name": username}, expected=_("another username"))
    with transaction.atomic():
        person = User.objects.create_user(username, email=email, first_name=full_name)
        person.set_unusable_password()
        person.save(update_fields=["password"])
        record(user, "account.create", person, field=username, new={"name": full_name, "email": email})
    return person


def grant(user, person, role: str, unit: Unit | None = None, cycle: Cycle | None = None) -> Membership:
    require(user, PERMISSION)
    if (role in UNIT_ROLES) != (unit is not None):
        raise Refused(_("this role is held for one unit") if role in UNIT_ROLES else _("this role is for the whole programme, not one unit"))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=person, role=role, unit=unit, cycle=cycle)
        if created:
            record(user, "membership.grant", membership, field=person.username,
                   new=" ".join(x for x in (role, unit.uid if unit else "", cycle.slug if cycle else "") if x))
    return membership


def revoke(user, membership: Membership) -> None:
    require(user, PERMISSION)
    with transaction.atomic():
        record(user, "membership.revoke", membership, field=membership.user.username,
               old=" ".join(x for x in (membership.role, membership.unit.uid if membership.unit else "",
                                        membership.cycle.slug if membership.cycle else "") if x))
        membership.delete()


def set_active(user, person, active: bool):
    """Deactivating keeps the account and its history; the person can no longer log in."""
    require(user, PERMISSION)
    if person == user and not active:
        raise Refused(_("you cannot deactivate your own account"))
    with transaction.atomic():
        record(user, "account.active", person, field=person.username, old=person.is_active, new=active)
        person.is_active = active
        person.save(update_fields=["is_active"])
    return person


def send_password_link(user, person, domain: str, secure: bool) -> None:
    """Email the person a one-day link to choose their password (the password-reset page)."""
    require(user, PERMISSION)
    if not person.email:
        raise Refused(_("%(name)s has no email address") % {"name": person.username}, expected=_("an email address on the account"))
    context = {"user": person, "uid": urlsafe_base64_encode(force_bytes(person.pk)), "token": default_token_generator.make_token(person),
               "protocol": "https" if secure else "http", "domain": domain}
    subject = "".join(render_to_string("accounts/password_link_subject.txt", context).splitlines())
    send_mail(subject, render_to_string("accounts/password_link_email.txt", context), settings.DEFAULT_FROM_EMAIL, [person.email])
    record(user, "account.password_link", person, field=person.username, new=person.email)


def import_roster(user, rows: list[RosterRow]) -> list:
    """Every person and role of a checked roster, in one transaction; accounts that exist keep their
    password and get the new roles. Returns the accounts created (to send their links)."""
    require(user, PERMISSION)
    User = get_user_model()
    created = []
    with transaction.atomic():
        for row in rows:
            person = User.objects.filter(username=row.username).first()
            if person is None:
                person = create_person(user, row.username, row.full_name, row.email)
                created.append(person)
            grant(user, person, row.role, row.unit, row.cycle)
    return created
