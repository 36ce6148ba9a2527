"""One demo account per role; the editor and the approver belong to Hải Phòng."""
from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model

from parindex.web.cycles.models import Membership, Role, Unit

DEMO_UNIT = "31"  # Hải Phòng: the demo editor's and approver's unit
ROLES = [("admin", Role.ADMIN, None), ("bientap", Role.EDITOR, DEMO_UNIT), ("pheduyet", Role.APPROVER, DEMO_UNIT),
         ("thamdinh", Role.APPRAISER, None), ("hoidong", Role.COUNCIL, None), ("khaosat", Role.SURVEY_MANAGER, None)]
NAMES = {"admin": "Nguyễn Minh Quản (quản trị, minh họa)", "bientap": "Trần Thu Hà (Sở Nội vụ Hải Phòng, minh họa)",
         "pheduyet": "Lê Văn Phê (lãnh đạo Sở, minh họa)", "thamdinh": "Phạm Thị Định (thẩm định, minh họa)",
         "hoidong": "Hoàng Văn Đồng (Hội đồng, minh họa)", "khaosat": "Vũ Thị Sát (điều tra XHH, minh họa)"}


def ensure_accounts() -> dict:
    """The demo's users by name, each with its role (created once; units must be loaded first)."""
    User = get_user_model()
    users = {}
    for username, role, unit_code in ROLES:
        user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@demo.parindex.example",
                                                                         "first_name": NAMES[username]})
        users[username] = user
        unit = Unit.objects.filter(code=unit_code, valid_from__isnull=False).first() if unit_code else None
        Membership.objects.get_or_create(user=user, role=role, unit=unit)
    return users


def reset_passwords() -> list[tuple[str, str, str]]:
    """New random passwords for the demo accounts, returned to be printed at start."""
    User = get_user_model()
    out = []
    for username, role, unit_code in ROLES:
        password = secrets.token_urlsafe(9)
        user = User.objects.get(username=username)
        user.set_password(password)
        user.save(update_fields=["password"])
        unit = Unit.objects.filter(code=unit_code, valid_from__isnull=False).first() if unit_code else None
        out.append((username, password, f"{Role(role).label}" + (f" — {unit.name_vi}" if unit is not None else "")))
    return out
