"""How ``verify_audit`` checks entries: each audited field of each entry equals the last value the
log recorded for it (a value written behind the application's back — raw SQL, a console — has no
audit row to match)."""
from __future__ import annotations

from parindex.web.audit.chain import as_text
from parindex.web.audit.integrity import IntegrityProblem, integrity_check, last_audited
from parindex.web.cycles.models import Entry

AUDITED_ENTRY_FIELDS = ("inputs", "self_points", "note", "appraised_points", "appraisal_reason", "unit_explanation",
                        "final_points", "final_reason")


@integrity_check
def check_entries() -> list[IntegrityProblem]:
    """Each audited field of each entry equals the last ``new_value`` logged for it, or its initial
    value when nothing was ever logged."""
    last = last_audited("entry", "entry")
    initial = {f: as_text(Entry._meta.get_field(f).get_default()) for f in AUDITED_ENTRY_FIELDS}
    problems = []
    for entry in Entry.objects.select_related("assessment__unit", "assessment__cycle").order_by("pk").iterator():
        for field in AUDITED_ENTRY_FIELDS:
            expected = last.get((str(entry.pk), field), initial[field])
            if as_text(getattr(entry, field)) != expected:
                problems.append(IntegrityProblem(
                    f"{entry.assessment.cycle.slug} {entry.assessment.unit.uid}/{entry.leaf_code} {field}",
                    "the current value differs from the last audited change"))
    return problems
