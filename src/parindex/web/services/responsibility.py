"""Who holds a unit's late dossiers, for the people who answer for it: the overdue and nearly-due
dossiers with the receiving agency and the handling official (a page, ``.json``, ``.csv``), and the
weekly digest by email to each unit's leader.

Officials' ids are for these people only (``services.view_responsibility``); no public page, file
or email to anyone outside the unit names one.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from parindex.core.errors import ParindexError
from parindex.core.services import responsibility
from parindex.core.services.board import Board
from parindex.core.services.engine import DuckDBEngine, overdue
from parindex.core.text import of_lang
from parindex.web.cycles.models import Membership
from parindex.web.publication.pages import Page
from parindex.web.services import pages
from parindex.web.services.rules import LEADERS

SHOWN = 200  # rows of each table on the page; the CSV and JSON hold every one
SORTS = ("most", "least")  # days overdue: most first (the default) or least first

KEYS = ("list", "dossier_id", "unit_code", "unit", "agency", "procedure", "received_on", "due_on", "completed_on", "state",
        "official", "days_overdue", "working_days_left")


def columns(lang: str) -> list[tuple[str, str]]:
    words = {"list": ("Danh sách", "List"), "dossier_id": ("Mã hồ sơ", "Dossier"), "unit_code": ("Mã đơn vị", "Unit code"),
             "unit": ("Đơn vị", "Unit"), "agency": ("Nơi tiếp nhận", "Receiving agency"), "procedure": ("Mã thủ tục", "Procedure code"),
             "received_on": ("Ngày nhận", "Received"), "due_on": ("Hạn giải quyết", "Due"), "completed_on": ("Ngày giải quyết", "Completed"),
             "state": ("Trạng thái", "State"), "official": ("Cán bộ xử lý", "Handling official"),
             "days_overdue": ("Số ngày quá hạn", "Days overdue"), "working_days_left": ("Số ngày làm việc còn lại", "Working days left")}
    return [(k, of_lang(lang, *words[k])) for k in KEYS]


STATES = {"processing": ("đang giải quyết", "processing"), "completed": ("đã giải quyết (trễ hạn)", "completed late"),
          "returned": ("đã trả lại", "returned"), "withdrawn": ("đã rút", "withdrawn")}


def _day(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


def _rows(frame: pd.DataFrame, kind: str, lang: str) -> list[dict[str, Any]]:
    rows = []
    for r in frame.to_dict("records"):
        rows.append({"list": kind, "dossier_id": r["dossier_id"], "unit_code": r["unit"], "unit": pages.unit_name(r["unit"], lang),
                     "agency": r["agency"], "procedure": r["procedure"], "received_on": _day(r["received_on"]),
                     "due_on": _day(r["due_on"]), "due_words": pages.day(r["due_on"]), "completed_on": _day(r["completed_on"]), "state": r["state"],
                     "state_words": of_lang(lang, *STATES.get(r["state"], (r["state"], r["state"]))), "official": r["official"],
                     "days_overdue": int(r["days_overdue"]) if "days_overdue" in r else None,
                     "working_days_left": int(r["working_days_left"]) if "working_days_left" in r else None})
    return rows


def responsibility_page(board: Board, key: str, level: str, code: str, lang: str, sort: str) -> Page:
    """The unit's overdue dossiers in the period (still processing past due at its end, or completed
    late within it), sorted by days overdue, and those still processing that fall due within
    ``NEARLY_DUE_DAYS`` working days of the records' last day, soonest first."""
    m = pages.methodology()
    period, _ = board.period(key)
    engine = DuckDBEngine(settings.PARINDEX_SERVICES_STORE)
    late = _rows(overdue(engine, level, code, period), "overdue", lang)
    if sort == "least":
        late.reverse()
    calendar_missing = None
    try:
        soon = _rows(responsibility.nearly_due(engine, level, code, board.last_day), "nearly_due", lang)
    except ParindexError as error:  # the holiday calendar lacks the year: said on the page, not guessed
        soon, calendar_missing = [], str(error.title)
    name = pages.unit_name(code, lang)
    extra = {"unit": {"code": code, "name": name, "level": level, "level_name": pages.LEVEL_NAMES[level].get(lang)},
             "overdue": {"count": len(late), "rows": late[:SHOWN], "still_open": sum(r["state"] == "processing" for r in late)},
             "nearly_due": {"count": len(soon), "rows": soon[:SHOWN], "within": responsibility.NEARLY_DUE_DAYS,
                            "on": pages.day(board.last_day), "calendar_missing": calendar_missing},
             "shown": SHOWN, "many_units": level == "province"}
    title = of_lang(lang, "Hồ sơ trễ hạn và sắp đến hạn", "Overdue and nearly-due dossiers")
    meta = pages._meta(board, m, key, lang) | {"level": level, "unit": code, "sort": sort,
                                               "nearly_due_within_working_days": responsibility.NEARLY_DUE_DAYS}
    return Page(f"{title} — {name} — {pages.period_name(key, period, board.last_day, lang)}", columns(lang), late + soon, meta, extra,
                controls=pages.controls(board, key, lang, sort=sort))


def chosen_sort(text: str | None) -> str:
    return text if text in SORTS else SORTS[0]


# -- the weekly digest --------------------------------------------------------------------------------

def level_of(kind: str) -> str:
    """The service index's level of a unit of the database: a province, a ministry, else a commune."""
    return kind if kind in ("province", "ministry") else "commune"


def send_digests(until: date, site: str, dry_run: bool = False) -> list[tuple[str, list[str], int]]:
    """Email each unit's leaders (its approvers) the week ending ``until``: (unit, addresses, overdue)
    for every unit with a leader on file. Vietnamese, the English beside it; a digest names the
    officials of that unit's own dossiers only (a province's: of its units)."""
    engine = DuckDBEngine(settings.PARINDEX_SERVICES_STORE)
    leaders = Membership.objects.filter(role__in=LEADERS, unit__isnull=False, user__is_active=True).exclude(user__email="") \
        .select_related("user", "unit")
    by_unit: dict[Any, set[str]] = {}
    for m in leaders:
        by_unit.setdefault(m.unit, set()).add(m.user.email)
    out = []
    for unit, emails in sorted(by_unit.items(), key=lambda item: item[0].uid):
        level = level_of(unit.kind)
        digest = responsibility.weekly_digest(engine, level, unit.uid, until)
        addresses = sorted(emails)
        if not dry_run and digest.units:
            with translation.override("vi"):
                context = {"digest": digest, "unit": unit, "weeks": [_week(w, "vi") for w in digest.units],
                           "weeks_en": [_week(w, "en") for w in digest.units], "start": pages.day(digest.period.start),
                           "end": pages.day(digest.period.end), "within": responsibility.NEARLY_DUE_DAYS,
                           "link": site + reverse("services:responsibility", args=[level, unit.uid])}
                subject = " ".join(render_to_string("services/email/digest_subject.txt", context).split())
                body = render_to_string("services/email/digest.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
        out.append((unit.uid, addresses, digest.overdue))
    return out


def _week(week: responsibility.UnitWeek, lang: str) -> dict[str, Any]:
    return {"unit": pages.unit_name(week.unit, lang), "overdue": week.overdue, "still_open": week.still_open,
            "nearly_due": week.nearly_due, "worst": _rows(week.worst, "overdue", lang)}
