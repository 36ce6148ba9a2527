"""Setting up a programme: units and lineage from the core's data, and a cycle with its assessments."""
from __future__ import annotations

from datetime import date

from django.db import transaction

from parindex.core.methodology import builtin_path, load_methodology_text
from parindex.core.units import builtin_units
from parindex.web.audit.chain import record
from parindex.web.cycles.models import Assessment, Cycle, Entry, Programme, Unit, UnitLineage


def load_units() -> int:
    """Units and lineage shipped with parindex (provinces 63 → 34, ministries), added once."""
    catalogue = builtin_units()
    with transaction.atomic():
        for u in catalogue.units:
            Unit.objects.update_or_create(uid=u.id, defaults={
                "code": u.code, "kind": u.kind, "name_vi": u.name.vi, "name_en": u.name.en, "region": u.region or "",
                "valid_from": u.valid_from, "valid_to": u.valid_to})
        by_uid = {u.uid: u for u in Unit.objects.all()}
        for e in catalogue.lineage:
            UnitLineage.objects.get_or_create(predecessor=by_uid[e.predecessor], successor=by_uid[e.successor],
                                              defaults={"date": e.date, "event": e.event, "legal_basis": e.legal_basis})
    return len(catalogue.units)


def create_cycle(programme: Programme, year: int, methodology_id: str, slug: str, user=None,
                 previous: Cycle | None = None, methodology_text: str | None = None) -> Cycle:
    """A cycle pinned to the methodology's exact text, with one assessment and one entry per leaf for
    every unit of the programme's kind valid on 31 December of ``year``."""
    text = methodology_text if methodology_text is not None else builtin_path(methodology_id).read_text(encoding="utf-8")
    m = load_methodology_text(text, f"{methodology_id}.yaml")
    with transaction.atomic():
        cycle = Cycle.objects.create(programme=programme, slug=slug, year=year, methodology_id=m.id,
                                     methodology_yaml=text, methodology_hash=m.content_hash, previous=previous)
        day = date(year, 12, 31)
        units = [u for u in Unit.objects.filter(kind=programme.unit_kind) if
                 (u.valid_from is None or u.valid_from <= day) and (u.valid_to is None or day <= u.valid_to)]
        assessments = Assessment.objects.bulk_create([Assessment(cycle=cycle, unit=u) for u in units])
        Entry.objects.bulk_create([Entry(assessment=a, leaf_code=leaf.code) for a in assessments for leaf in m.leaves()])
        record(user, "cycle.create", cycle, field=slug, new={"methodology": m.id, "hash": m.content_hash, "units": len(units)})
    return cycle
