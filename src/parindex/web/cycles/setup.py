"""Setting up a programme: units and lineage from the core's data, and a cycle with its assessments."""
from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from parindex.core.errors import Refused
from parindex.core.inputs.registry import read_registry
from parindex.core.methodology import builtin_path, load_methodology_text
from parindex.core.methodology.criteria_table import methodology_yaml, read_criteria_table
from parindex.core.units import UnitCatalogue, builtin_units
from parindex.web.audit.chain import record
from parindex.web.cycles.forms import DEADLINE_FIELDS
from parindex.web.cycles.models import Assessment, Cycle, Entry, Programme, Unit, UnitLineage
from parindex.web.uploads import under_its_name

MAX_TABLE_BYTES = 5 * 1024 * 1024  # a criteria table or a registry of 10,000 communes is far smaller


def load_units() -> int:
    """Units and lineage shipped with parindex (provinces 63 → 34, ministries), added once."""
    catalogue = builtin_units()
    with transaction.atomic():
        save_units(catalogue, None)
    return len(catalogue.units)


def create_cycle(programme: Programme, year: int, methodology_id: str, slug: str, user=None,
                 previous: Cycle | None = None, methodology_text: str | None = None, deadlines: dict | None = None) -> Cycle:
    """A cycle pinned to the methodology's exact text, with one assessment and one entry per leaf for
    every unit of the programme's kind valid on 31 December of ``year``."""
    text = methodology_text if methodology_text is not None else builtin_path(methodology_id).read_text(encoding="utf-8")
    m = load_methodology_text(text, f"{methodology_id}.yaml")
    with transaction.atomic():
        cycle = Cycle.objects.create(programme=programme, slug=slug, year=year, methodology_id=m.id,
                                     methodology_yaml=text, methodology_hash=m.content_hash, previous=previous, **(deadlines or {}))
        day = date(year, 12, 31)
        units = [u for u in programme_units(programme) if
                 (u.valid_from is None or u.valid_from <= day) and (u.valid_to is None or day <= u.valid_to)]
        assessments = Assessment.objects.bulk_create([Assessment(cycle=cycle, unit=u) for u in units])
        Entry.objects.bulk_create([Entry(assessment=a, leaf_code=leaf.code) for a in assessments for leaf in m.leaves()])
        record(user, "cycle.create", cycle, field=slug, new={"methodology": m.id, "hash": m.content_hash, "units": len(units)})
    return cycle


def programme_units(programme: Programme):
    """The units a programme assesses: its own, from its registry, when it has them (a province's
    departments, or its communes, wards and special zones together); else every shared unit of its kind."""
    own = Unit.objects.filter(programme=programme)
    return own if own.exists() else Unit.objects.filter(kind=programme.unit_kind, programme__isnull=True)


def import_registry(programme: Programme, upload, user) -> int:
    """A programme's own units from its registry file (all or nothing: ``ValidationFailed`` lists every
    problem with its row and column). Units already imported are updated; none is deleted, as cycles
    keep pointing at them."""
    _suffix(upload.name, (".xlsx", ".csv"))
    with under_its_name(upload, MAX_TABLE_BYTES) as path:
        catalogue = read_registry(path, prefix=programme.code.upper(), source=upload.name)
    with transaction.atomic():
        save_units(catalogue, programme)
        record(user, "programme.units", programme, field=programme.code, new={"units": len(catalogue.units), "file": upload.name})
    return len(catalogue.units)


def save_units(catalogue: UnitCatalogue, programme: Programme | None) -> None:
    """Units and their lineage into the database: shared (``programme`` None) or a programme's own."""
    for u in catalogue.units:
        Unit.objects.update_or_create(uid=u.id, defaults={
            "code": u.code, "kind": u.kind, "name_vi": u.name.vi, "name_en": u.name.en, "region": u.region or "",
            "valid_from": u.valid_from, "valid_to": u.valid_to, "programme": programme, "parent_uid": u.parent or ""})
    by_uid = {u.uid: u for u in Unit.objects.filter(uid__in={e.predecessor for e in catalogue.lineage} | {e.successor for e in catalogue.lineage})}
    for e in catalogue.lineage:
        UnitLineage.objects.get_or_create(predecessor=by_uid[e.predecessor], successor=by_uid[e.successor],
                                          defaults={"date": e.date, "event": e.event, "legal_basis": e.legal_basis})


def methodology_from_table(upload) -> str:
    """The methodology file's text from an uploaded criteria table (``parindex methodology template``'s layout)."""
    with under_its_name(upload, MAX_TABLE_BYTES) as path:
        return methodology_yaml(read_criteria_table(path, source=upload.name).data)


def _suffix(name: str, allowed: tuple[str, ...]) -> str:
    suffix = "." + name.rpartition(".")[2].lower() if "." in name else ""
    if suffix not in allowed:
        raise Refused(gettext("%(name)s cannot be read") % {"name": name},
                      expected=gettext("a file of type %(types)s") % {"types": ", ".join(allowed)}, got=suffix or name)
    return suffix


MAX_METHODOLOGY_BYTES = 1024 * 1024  # the YAML reader's own cap; larger is refused before reading


def create_cycle_from_form(data: dict, user) -> Cycle:
    """What the new-cycle page sends: an existing programme or a new one, the methodology built in or
    uploaded (read and checked whole: ``ValidationFailed`` lists every problem with its line)."""
    upload = data.get("methodology_file")
    if upload is not None and upload.name.lower().endswith(".xlsx"):
        text = methodology_from_table(upload)
        methodology = load_methodology_text(text, upload.name)
    elif upload is not None:
        if upload.size > MAX_METHODOLOGY_BYTES:
            raise Refused(gettext("%(name)s: the methodology file is too large") % {"name": upload.name},
                          expected=gettext("at most 1 MB"))
        try:
            text = b"".join(upload.chunks()).decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(gettext("%(name)s is not UTF-8 text") % {"name": upload.name}, expected=gettext("a YAML file saved as UTF-8")) from None
        methodology = load_methodology_text(text, upload.name)
    else:
        text = builtin_path(data["methodology"]).read_text(encoding="utf-8")
        methodology = load_methodology_text(text, f"{data['methodology']}.yaml")
    if Cycle.objects.filter(slug=data["slug"]).exists():
        raise Refused(gettext("a cycle named %(slug)s exists already") % {"slug": data["slug"]}, expected=gettext("another short name"))
    load_units()
    with transaction.atomic():
        programme = data.get("programme")
        if programme is None:
            programme = Programme.objects.create(code=data["programme_code"], name_vi=data["programme_name"],
                                                 name_en=data["programme_name"], unit_kind=data["unit_kind"])
            record(user, "programme.create", programme, field=programme.code, new=programme.name_vi)
        if data.get("registry_file") is not None:
            import_registry(programme, data["registry_file"], user)
        deadlines = {name: data.get(name) for name in DEADLINE_FIELDS}
        return create_cycle(programme, data["year"], methodology.id, data["slug"], user, previous=data.get("previous"),
                            methodology_text=text, deadlines=deadlines)
