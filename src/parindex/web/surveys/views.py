"""Survey waves of a cycle: import (survey managers), estimates per unit and element, apply."""
from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.core.errors import ParindexError, ValidationFailed, capped_lines
from parindex.web.cycles.models import Cycle
from parindex.web.surveys import transitions
from parindex.web.surveys.models import Wave


def _manager(request: HttpRequest) -> None:
    if not request.user.has_perm("surveys.manage_waves"):
        raise PermissionDenied


@login_required
def waves(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    cycle = get_object_or_404(Cycle, pk=pk)
    return render(request, "surveys/waves.html", {"cycle": cycle, "waves": cycle.waves.all()})


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    cycle = get_object_or_404(Cycle, pk=pk)
    file = request.FILES.get("file")
    design = {"weights": request.POST.get("weights"), "strata": request.POST.get("strata"),
              "ids": [c for c in request.POST.get("ids", "").split(",") if c], "fpc": [c for c in request.POST.get("fpc", "").split(",") if c],
              "lonely_psu": request.POST.get("lonely_psu") or "fail"}
    if file is None:
        messages.error(request, "choose a file")
        return redirect("surveys:waves", pk=pk)
    try:
        wave = transitions.import_survey_wave(cycle, request.user, file.name, file, design)
    except ValidationFailed as err:
        for line in capped_lines(err.problems, lang=request.LANGUAGE_CODE):
            messages.error(request, line)
        return redirect("surveys:waves", pk=pk)
    except ParindexError as err:
        messages.error(request, err.sentence(request.LANGUAGE_CODE))
        return redirect("surveys:waves", pk=pk)
    return redirect("surveys:wave", pk=wave.pk)


@login_required
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    wave = get_object_or_404(Wave, pk=pk)
    return render(request, "surveys/wave.html", {"wave": wave, "rows": wave.estimates, "design": json.dumps(wave.design)})


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    wave = get_object_or_404(Wave, pk=pk)
    try:
        changed = transitions.apply_wave(wave, request.user)
        messages.success(request, _("The wave's estimates were applied to %(n)s survey criteria.") % {"n": changed})
    except ParindexError as err:
        messages.error(request, err.sentence(request.LANGUAGE_CODE))
    return redirect("surveys:wave", pk=pk)
