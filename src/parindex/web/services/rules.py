"""Who may do what with the service index in the web. Its dashboard is public: every visitor reads
it, signed in or not, so its pages check no permission (the board holds no official's id, nothing
a unit has not published). Permissions for writing records belong here when the web takes them.

Who holds a unit's late dossiers — the handling officials' ids — is for the people who answer for
the unit only: its leaders (its approvers) and its province's office (the province's editors and
approvers; for a province, its own). Nobody else, national staff included, is given it: the
dashboard tells them how the unit serves, without naming anyone.
"""
from __future__ import annotations

from functools import lru_cache

import rules

from parindex.core.units.catalogue import builtin_units, communes_2025
from parindex.web.cycles.models import Membership, Role, Unit
from parindex.web.cycles.rules import is_admin

LEADERS = (Role.APPROVER,)  # who signs for the unit, and reads its digest
OFFICE = (Role.EDITOR, Role.APPROVER)  # the province's office: the people who run its programme


@lru_cache(maxsize=1)
def _parents() -> dict[str, str]:
    units = [*builtin_units().units, *communes_2025()]
    return {u.id: u.id if u.kind == "province" else u.parent for u in units if u.parent or u.kind == "province"}


def province_of(code: str) -> str | None:
    """The province a unit of the service index belongs to: itself for a province, a commune's
    province, None for a ministry (or a unit parindex does not know)."""
    unit = Unit.objects.filter(uid=code).only("kind", "parent_uid").first()
    if unit is not None and unit.kind == "province":
        return code
    return (unit.parent_uid if unit is not None and unit.parent_uid else None) or _parents().get(code)


def _holds(user, roles, code: str | None) -> bool:
    return bool(code) and user.is_authenticated and Membership.objects.filter(user=user, role__in=roles, unit__uid=code).exists()


@rules.predicate
def leads_unit(user, code: str) -> bool:
    return _holds(user, LEADERS, code)


@rules.predicate
def in_province_office_of(user, code: str) -> bool:
    return _holds(user, OFFICE, province_of(code))


rules.add_perm("services.view_responsibility", leads_unit | in_province_office_of)


@rules.predicate
def enters_records(user) -> bool:
    """A unit's data-entry official (its editor): uploads the unit's records, and a province
    office's editor its communes' too (``intake.upload_units``)."""
    return user.is_authenticated and Membership.objects.filter(user=user, role=Role.EDITOR, unit__isnull=False).exists()


rules.add_perm("services.upload_records", enters_records)
rules.add_perm("services.manage_sending_systems", is_admin)
