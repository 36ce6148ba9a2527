"""People and their roles, for administrators: the list (searched, paged), one person's roles, a
new account, a roster imported from a file, deactivation and the password link."""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.core.cells import open_workbook
from parindex.core.errors import ParindexError, ValidationFailed, capped_lines
from parindex.web.accounts import transitions
from parindex.web.accounts.forms import PersonForm, RoleForm, RosterForm
from parindex.web.accounts.roster import COLUMNS, read_roster
from parindex.web.cycles.models import Cycle, Membership, Unit

PAGE_SIZE = 50


def _admin(request: HttpRequest) -> None:
    if not request.user.has_perm(transitions.PERMISSION):
        raise PermissionDenied


def _problems(request: HttpRequest, err: ParindexError) -> list[str]:
    return capped_lines(err.problems, lang=request.LANGUAGE_CODE) if isinstance(err, ValidationFailed) else [err.sentence(request.LANGUAGE_CODE)]


def _units():
    """The units a role can be held for: those valid today first, then the ones merged away."""
    return Unit.objects.order_by(F("valid_to").asc(nulls_first=True), "code", "uid")


@login_required
def people(request: HttpRequest) -> HttpResponse:
    _admin(request)
    query = request.GET.get("q", "").strip()
    found = get_user_model().objects.order_by("username").prefetch_related("memberships__unit", "memberships__cycle")
    if query:
        found = found.filter(Q(username__icontains=query) | Q(first_name__icontains=query) | Q(email__icontains=query)
                             | Q(memberships__unit__name_vi__icontains=query) | Q(memberships__unit__code=query)).distinct()
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/people.html", {"page": page, "query": query, "form": PersonForm(), "roster": RosterForm()})


@login_required
@require_POST
def new_person(request: HttpRequest) -> HttpResponse:
    _admin(request)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            person = transitions.create_person(request.user, **form.cleaned_data)
            messages.success(request, _("%(name)s: account created; give a role, then send the password link.") % {"name": person.username})
            return redirect("accounts:person", pk=person.pk)
        except ParindexError as err:
            messages.error(request, err.sentence(request.LANGUAGE_CODE))
    for field, errors in form.errors.items():
        messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {' '.join(errors)}")
    return redirect("accounts:people")


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    _admin(request)
    someone = get_object_or_404(get_user_model(), pk=pk)
    form = RoleForm(request.POST or None, units=_units(), cycles=Cycle.objects.select_related("programme"))
    if request.method == "POST" and form.is_valid():
        try:
            transitions.grant(request.user, someone, form.cleaned_data["role"], form.cleaned_data["unit"], form.cleaned_data["cycle"])
            messages.success(request, _("%(name)s: role given.") % {"name": someone.username})
            return redirect("accounts:person", pk=pk)
        except ParindexError as err:
            messages.error(request, err.sentence(request.LANGUAGE_CODE))
    memberships = someone.memberships.select_related("unit", "cycle__programme")
    return render(request, "accounts/person.html", {"person": someone, "memberships": memberships, "form": form})


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _admin(request)
    membership = get_object_or_404(Membership.objects.select_related("user", "unit", "cycle"), pk=pk)
    transitions.revoke(request.user, membership)
    messages.success(request, _("%(name)s: role taken away.") % {"name": membership.user.username})
    return redirect("accounts:person", pk=membership.user_id)


@login_required
@require_POST
def active(request: HttpRequest, pk: int) -> HttpResponse:
    _admin(request)
    someone = get_object_or_404(get_user_model(), pk=pk)
    try:
        transitions.set_active(request.user, someone, request.POST.get("active") == "1")
        messages.success(request, _("%(name)s can log in again.") if someone.is_active else _("%(name)s can no longer log in.")
                         % {"name": someone.username})
    except ParindexError as err:
        messages.error(request, err.sentence(request.LANGUAGE_CODE))
    return redirect("accounts:person", pk=pk)


@login_required
@require_POST
def password_link(request: HttpRequest, pk: int) -> HttpResponse:
    _admin(request)
    someone = get_object_or_404(get_user_model(), pk=pk)
    try:
        transitions.send_password_link(request.user, someone, request.get_host(), request.is_secure())
        messages.success(request, _("The link to set a password was sent to %(email)s.") % {"email": someone.email})
    except ParindexError as err:
        messages.error(request, err.sentence(request.LANGUAGE_CODE))
    return redirect("accounts:person", pk=pk)


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    """Import a roster: checked whole, located problems listed here, nothing created while one remains."""
    _admin(request)
    form = RosterForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        units: dict[str, Unit] = {}
        for unit in _units():  # by id, and by code for the unit valid today (a merged-away unit keeps its code)
            units.setdefault(unit.code, unit)
            units[unit.uid] = unit
        cycles = {c.slug: c for c in Cycle.objects.all()}
        try:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / Path(upload.name).name
                with path.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                rows = read_roster(path, units, cycles, upload.name)
            created = transitions.import_roster(request.user, rows)
        except ParindexError as err:
            problems = _problems(request, err)
        else:
            if form.cleaned_data["send_links"]:
                for someone in created:
                    transitions.send_password_link(request.user, someone, request.get_host(), request.is_secure())
            messages.success(request, _("%(rows)s roles imported; %(new)s new accounts.") % {"rows": len(rows), "new": len(created)})
            return redirect("accounts:people")
    return render(request, "accounts/roster.html", {"form": form, "problems": problems, "columns": COLUMNS})


@login_required
def roster_template(request: HttpRequest) -> HttpResponse:
    """The roster's columns with two example rows, to fill in Excel."""
    _admin(request)
    folder = Path(tempfile.mkdtemp())
    path = folder / "tai-khoan.xlsx"
    book = open_workbook(path)
    sheet = book.add_worksheet("Tài khoản")
    sheet.write_row(0, 0, COLUMNS, book.add_format({"bold": True}))
    sheet.write_row(1, 0, ["bientap.haiphong", "Nguyễn Văn A", "a@haiphong.gov.vn", "editor", "31", ""])
    sheet.write_row(2, 0, ["thamdinh.01", "Trần Thị B", "b@moha.gov.vn", "appraiser", "31", "par-province-2026"])
    book.close()
    response = FileResponse(path.open("rb"), as_attachment=True, filename="tai-khoan.xlsx",
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    path.unlink()
    folder.rmdir()
    return response
