"""Importing a wave and applying its estimates to the cycle's survey criteria — checked, audited."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.core.errors import Refused
from parindex.core.survey import Design
from parindex.core.survey.responses import import_wave
from parindex.core.survey.sipas import sipas, survey_inputs
from parindex.web.audit.chain import record
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.models import Entry
from parindex.web.cycles.scoring import score_leaf
from parindex.web.cycles.transitions import require, save_entry, set_field
from parindex.web.surveys.models import Wave
from parindex.web.uploads import keep, stage

DESIGN_KEYS = ("weights", "strata", "ids", "fpc", "lonely_psu")
NATIONAL = "(national)"


def import_survey_wave(cycle, user, name: str, content: bytes | File, design: dict, questionnaire_id: str = "sipas") -> Wave:
    """Check every answer (all or nothing), estimate with the core, keep the Parquet and the estimates.
    The upload is streamed to disk under the same limits as evidence, never read whole."""
    require(user, "surveys.manage_waves")
    if cycle.state == C.PUBLISHED:
        raise Refused(_("the cycle is published; survey figures can no longer change"))
    questionnaire = cycle.methodology.questionnaire(questionnaire_id)
    design = {k: v for k, v in design.items() if k in DESIGN_KEYS and v not in (None, "", [])}
    units = set(cycle.assessments.values_list("unit__code", flat=True))
    upload = stage(name, content, settings.SURVEY_WAVE_MAX_BYTES, suffix=Path(name).suffix.lower())
    try:
        with tempfile.TemporaryDirectory(dir=upload.path.parent) as tmp:  # same disk: the move is a rename
            checked = Path(tmp) / Path(name).name
            os.replace(upload.path, checked)  # the reader names problems after the user's file
            stored = Path(tmp) / "wave.parquet"
            design_columns = [c for k in ("strata", "weights") if design.get(k) for c in [design[k]]] + list(design.get("ids") or [])
            frame = import_wave(checked, questionnaire, stored, design_columns=design_columns, known_units=units,
                                weights=design.get("weights"))
            survey_design = Design.from_frame(frame, source=name, **design)
            table = pd.concat([sipas(survey_design, questionnaire, by=questionnaire.unit_column),
                               sipas(survey_design, questionnaire).assign(domain=NATIONAL)], ignore_index=True)
            with stored.open("rb") as parquet:
                responses = keep(stage(stored.name, File(parquet), 2**63), "waves")
    finally:
        upload.discard()
    with transaction.atomic():
        wave = Wave(cycle=cycle, questionnaire_id=questionnaire_id, design=design, rows=len(frame), sha256=upload.sha256,
                    estimates=table.to_dict(orient="records"), imported_by=user)
        wave.responses.name = responses
        wave.save()
        record(user, "wave.import", wave, field=cycle.slug, new={"file": name, "sha256": upload.sha256, "rows": len(frame)})
    return wave


def apply_wave(wave: Wave, user) -> int:
    """Feed the wave's estimates into the survey criteria that name the questionnaire (``estimate_from``)."""
    require(user, "surveys.manage_waves")
    cycle = wave.cycle
    if cycle.state == C.PUBLISHED:
        raise Refused(_("the cycle is published; survey figures can no longer change"))
    m = cycle.methodology
    by_code = {a.unit.code: a.unit.uid for a in cycle.assessments.select_related("unit")}
    inputs = survey_inputs(m, pd.DataFrame(wave.estimates), wave.questionnaire_id, by_code)
    changed = 0
    with transaction.atomic():
        for entry in Entry.objects.select_for_update(of=("self",)).filter(assessment__cycle=cycle).select_related("assessment__unit"):
            values = inputs.get(entry.assessment.unit.uid, {}).get(entry.leaf_code)
            if values is None or entry.inputs == values:
                continue
            score = score_leaf(m.node(entry.leaf_code), values)
            reason = f"survey wave {wave.pk} ({wave.sha256[:12]})"
            set_field(entry, user, "inputs", values, reason)
            set_field(entry, user, "self_points", score.points, reason)
            save_entry(entry, user)
            changed += 1
        wave.applied_at = timezone.now()
        wave.save(update_fields=["applied_at"])
        record(user, "wave.apply", wave, field=cycle.slug, new=changed)
    return changed
