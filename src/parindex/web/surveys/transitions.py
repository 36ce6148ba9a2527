"""Survey data into a cycle — checked, audited, all or nothing: a wave of responses with its design,
or a table of unit-level results; applying either to the survey criteria; withdrawing a wave that
was not applied."""
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

from parindex.core.errors import ParindexError, Refused
from parindex.core.free_text import REASON, clean_text
from parindex.core.survey import Design
from parindex.core.survey.responses import import_wave
from parindex.core.survey.sipas import sipas, survey_inputs
from parindex.core.survey.unit_results import UnitResult
from parindex.web.audit.chain import record
from parindex.web.cycles.models import Cycle, Entry
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.scoring import score_leaf
from parindex.web.cycles.transitions import require, save_entry, set_field
from parindex.web.surveys.models import Wave, WaveKind
from parindex.web.uploads import Staged, keep, stage

DESIGN_KEYS = ("weights", "strata", "ids", "fpc", "lonely_psu")
NATIONAL = "(national)"


def _open_for_survey_data(cycle: Cycle, user) -> None:
    require(user, "surveys.manage_waves")
    if cycle.state == C.PUBLISHED:
        raise Refused(_("the cycle is published; survey figures can no longer change"))


def import_survey_wave(cycle, user, name: str, content: bytes | File | Staged, design: dict, questionnaire_id: str = "sipas",
                       unweighted: bool = False) -> Wave:
    """Check every answer (all or nothing), estimate with the core, keep the Parquet and the estimates.
    The upload is streamed to disk under the same limits as evidence, never read whole (or arrives
    already staged, from the design-mapping page). A file with a column that looks like weights is
    refused unless weights are chosen or the wave is declared ``unweighted``."""
    _open_for_survey_data(cycle, user)
    questionnaire = cycle.methodology.questionnaire(questionnaire_id)
    design = {k: v for k, v in design.items() if k in DESIGN_KEYS and v not in (None, "", [])}
    units = set(cycle.assessments.values_list("unit__code", flat=True))
    mapped = isinstance(content, Staged)  # from the design-mapping page: on refusal it stays staged, to map again
    upload = content if isinstance(content, Staged) else stage(name, content, settings.SURVEY_WAVE_MAX_BYTES, suffix=Path(name).suffix.lower())
    try:
        with tempfile.TemporaryDirectory(dir=upload.path.parent) as tmp:  # same disk: the move is a rename
            checked = Path(tmp) / Path(name).name
            os.replace(upload.path, checked)  # the reader names problems after the user's file
            try:
                stored = Path(tmp) / "wave.parquet"
                design_columns = [c for k in ("strata", "weights") if design.get(k) for c in [design[k]]] + list(design.get("ids") or [])
                frame = import_wave(checked, questionnaire, stored, design_columns=design_columns, known_units=units,
                                    weights=design.get("weights"), unweighted=unweighted)
                survey_design = Design.from_frame(frame, source=name, **design)
            except ParindexError:
                if mapped:
                    os.replace(checked, upload.path)
                raise
            table = pd.concat([sipas(survey_design, questionnaire, by=questionnaire.unit_column),
                               sipas(survey_design, questionnaire).assign(domain=NATIONAL)], ignore_index=True)
            with stored.open("rb") as parquet:
                responses = keep(stage(stored.name, File(parquet), 2**63), "waves")
    except ParindexError:
        if not mapped:
            upload.discard()
        raise
    upload.discard()
    with transaction.atomic():
        wave = Wave(cycle=cycle, questionnaire_id=questionnaire_id, design=design, rows=len(frame), sha256=upload.sha256,
                    estimates=table.to_dict(orient="records"), imported_by=user)
        wave.responses.name = responses
        wave.save()
        record(user, "wave.import", wave, field=cycle.slug,
               new={"file": name, "sha256": upload.sha256, "rows": len(frame), "questionnaire": questionnaire_id})
    return wave


def import_unit_results(cycle: Cycle, user, results: list[UnitResult], source: str, sha256: str = "") -> Wave:
    """Keep a table of unit-level results (read and checked by the core) as a wave of its own."""
    _open_for_survey_data(cycle, user)
    source = clean_text(source, REASON, "source", required=True).strip()
    if not results:
        raise Refused(_("the table has no results to keep"), expected=_("at least one row with a share"))
    with transaction.atomic():
        wave = Wave.objects.create(cycle=cycle, kind=WaveKind.TABLE, source=source, design={}, rows=len(results), sha256=sha256,
                                   estimates=[r.as_dict() for r in results], imported_by=user)
        record(user, "wave.import", wave, field=cycle.slug, new={"source": source, "rows": len(results), "kind": WaveKind.TABLE})
    return wave


def apply_wave(wave: Wave, user) -> int:
    """Feed the wave's estimates into the survey criteria: a wave of responses into the criteria that
    name its questionnaire (``estimate_from``), a table into the criteria it names."""
    _open_for_survey_data(wave.cycle, user)
    if wave.withdrawn_at is not None:
        raise Refused(_("this wave was withdrawn; import the data again to use it"))
    cycle = wave.cycle
    m = cycle.methodology
    by_code = {a.unit.code: a.unit.uid for a in cycle.assessments.select_related("unit")}
    if wave.kind == WaveKind.TABLE:
        inputs: dict = {}
        for row in wave.estimates:
            inputs.setdefault(by_code[row["domain"]], {})[row["criterion"]] = {"estimate": row["estimate"]}
    else:
        inputs = survey_inputs(m, pd.DataFrame(wave.estimates), wave.questionnaire_id, by_code)
    changed = 0
    with transaction.atomic():
        for entry in Entry.objects.select_for_update(of=("self",)).filter(assessment__cycle=cycle).select_related("assessment__unit"):
            values = inputs.get(entry.assessment.unit.uid, {}).get(entry.leaf_code)
            if values is None or entry.inputs == values:
                continue
            score = score_leaf(m.node(entry.leaf_code), values)
            reason = f"survey wave {wave.pk} ({(wave.sha256 or wave.source)[:40]})"
            set_field(entry, user, "inputs", values, reason)
            set_field(entry, user, "self_points", score.points, reason)
            save_entry(entry, user)
            changed += 1
        wave.applied_at = timezone.now()
        wave.save(update_fields=["applied_at"])
        record(user, "wave.apply", wave, field=cycle.slug, new=changed)
    return changed


def withdraw_wave(wave: Wave, user, reason: str) -> Wave:
    """A wave imported by mistake, not yet applied, is set aside with the reason; it stays on record."""
    _open_for_survey_data(wave.cycle, user)
    reason = clean_text(reason, REASON, "reason", required=True).strip()
    with transaction.atomic():
        wave = Wave.objects.select_for_update().get(pk=wave.pk)
        if not wave.is_open:
            raise Refused(_("only a wave that was neither applied nor withdrawn can be withdrawn"))
        record(user, "wave.withdraw", wave, field=wave.cycle.slug, new=True, reason=reason)
        wave.withdrawn_at, wave.withdrawn_by, wave.withdrawal_reason = timezone.now(), user, reason
        wave.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    return wave


def survey_completeness(cycle: Cycle) -> list[dict]:
    """Every survey criterion, where its data come from, and the units (not excluded) still without
    an estimate: what the survey manager has left to bring in."""
    m = cycle.methodology
    missing: dict[str, list] = {leaf.code: [] for leaf in m.leaves() if leaf.source == "survey"}
    entries = Entry.objects.filter(assessment__cycle=cycle, assessment__excluded=False, leaf_code__in=list(missing)) \
        .select_related("assessment__unit").order_by("assessment__unit__code")
    for entry in entries:
        if (entry.inputs or {}).get("estimate") is None:
            missing[entry.leaf_code].append(entry.assessment.unit)
    return [{"leaf": m.node(code), "questionnaire": m.node(code).estimate_from and m.questionnaire(m.node(code).estimate_from[0]),
             "missing": units} for code, units in missing.items()]
