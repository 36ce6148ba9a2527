"""Publishing freezes a snapshot; a correction is a new version with its reason."""
from __future__ import annotations

from django.utils.translation import gettext as _

from parindex.core.errors import Refused
from parindex.core.free_text import REASON, clean_text, is_blank
from parindex.core.results.compute import check_adjustment
from parindex.web.audit.chain import head, record
from parindex.web.cycles.actions import CORRECT, PUBLISH
from parindex.web.cycles.models import Cycle, Entry
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.scoring import cycle_results
from parindex.web.cycles.transitions import check_version, save_entry, set_field
from parindex.web.publication import printing
from parindex.web.publication.models import Snapshot, canonical
from parindex.web.publication.queries import previous_results


def snapshot_payload(cycle: Cycle) -> dict:
    """Every point, reason and result of the cycle, as the core computes them."""
    results = cycle_results(cycle, previous_results(cycle))
    entries = {}
    for assessment in cycle.assessments.filter(excluded=False).select_related("unit").prefetch_related("entries"):
        entries[assessment.unit.uid] = {
            e.leaf_code: {"self_points": e.self_points, "appraised_points": e.appraised_points,
                          "appraisal_reason": e.appraisal_reason, "unit_explanation": e.unit_explanation,
                          "final_points": e.final_points, "final_reason": e.final_reason, "points": e.points}
            for e in assessment.entries.all()
        }
    wave = cycle.waves.filter(applied_at__isnull=False, questionnaire_id="sipas", kind="responses").order_by("-applied_at").first()
    sipas = None if wave is None else {"wave": wave.pk, "sha256": wave.sha256, "rows": wave.rows, "design": wave.design,
                                       "questionnaire": wave.questionnaire_id, "estimates": wave.estimates}
    payload = {"sipas": sipas, "cycle": {"slug": cycle.slug, "year": cycle.year, "programme": cycle.programme.code,
                                         "methodology_id": cycle.methodology_id, "methodology_hash": cycle.methodology_hash},
               "results": results.to_json(), "entries": entries}
    excluded = [{"unit": a.unit.as_core().as_published(), "reason": a.exclusion_reason}
                for a in cycle.assessments.filter(excluded=True).select_related("unit")]
    if excluded:  # only when there are some: a snapshot of a cycle without any reads as it always did
        payload["excluded"] = excluded
    return payload


def _what_is_published(payload: dict) -> str:
    """The figures, reasons and units of a payload, without when they were computed or the audit
    head at the time: two computations of unchanged figures a second apart are the same publication.
    Compared as published (canonical JSON), not as Python objects: tuples, dates and lists read back alike."""
    results = payload.get("results") or {}
    provenance = {k: v for k, v in (results.get("provenance") or {}).items() if k != "computed_at"}
    return canonical({**{k: v for k, v in payload.items() if k != "audit_head"}, "results": {**results, "provenance": provenance}})


@PUBLISH.does
def publish(cycle: Cycle, user, reason: str = "") -> Snapshot:
    """First publication after council approval, or a correction (new version, reason required)."""
    reason = clean_text(reason, REASON, "reason").strip()
    last = cycle.snapshots.order_by("-version").first()
    if last is None:
        reason = reason or "first publication"
    elif is_blank(reason):
        raise Refused(_("a correction needs a reason"), expected=_("why the published figures change"))
    figures = snapshot_payload(cycle)
    if last is not None and _what_is_published(figures) == _what_is_published(last.data):
        raise Refused(_("nothing has changed since version %(v)s; a correction publishes changed figures") % {"v": last.version},
                      expected=_("a corrected point, reason or survey figure before publishing again"))
    seq, last_hash = head()  # published inside the snapshot: the log up to here is anchored outside the database
    payload = canonical({**figures, "audit_head": {"seq": seq, "hash": last_hash}})
    snapshot = Snapshot.objects.create(cycle=cycle, version=(last.version + 1) if last else 1, reason=reason,
                                       payload=payload, created_by=user)
    record(user, "snapshot.checksum", snapshot, field=f"{cycle.slug} v{snapshot.version}", new=snapshot.checksum)
    printing.schedule(snapshot)
    record(user, "cycle.publish", cycle, field=cycle.slug, old=last.version if last else None, new=snapshot.version, reason=reason)
    if cycle.state != C.PUBLISHED:
        record(user, "cycle.state", cycle, field=cycle.slug, old=cycle.state, new=C.PUBLISHED)
        cycle.state = C.PUBLISHED
        cycle.save(update_fields=["state"])
    return snapshot


@CORRECT.does
def correct_entry(entry: Entry, user, points: float, reason: str, version: int) -> Entry:
    """After publication, an administrator may correct a leaf's final points, with a reason; the
    correction reaches the public only through a new snapshot version."""
    reason = clean_text(reason, REASON, "reason").strip()
    if is_blank(reason):
        raise Refused(_("a correction needs a reason"))
    check_adjustment(entry.assessment.cycle.methodology.node(entry.leaf_code), points)
    check_version(entry, version, {"final_points": points})
    set_field(entry, user, "final_points", points, reason)
    set_field(entry, user, "final_reason", reason, reason)
    return save_entry(entry, user)
