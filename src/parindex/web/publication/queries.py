"""Which snapshot a public page shows: the latest published version of a cycle. The portal's pages,
its JSON API and the workflow API's ``/results/<slug>`` all ask here."""
from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from parindex.core.results import PreviousResults
from parindex.core.results.published import UnknownUnit
from parindex.core.units.lineage import carry_forward
from parindex.web.cycles.models import Cycle
from parindex.web.cycles.scoring import catalogue
from parindex.web.publication.models import Snapshot


def latest_snapshot(cycle: Cycle) -> Snapshot:
    """The newest version, without its payload (read, and verified, only when a page needs it)."""
    snapshot = cycle.snapshots.order_by("-version").defer("payload").first()
    if snapshot is None:
        raise Http404("not published")
    return snapshot


def previous_results(cycle: Cycle) -> PreviousResults | None:
    """The indices the previous cycle of the chain published last, as of the end of its year:
    what this cycle's change is measured against (None before the chain's first publication)."""
    if cycle.previous is None:
        return None
    snapshot = cycle.previous.snapshots.order_by("-version").first()
    if snapshot is None:
        return None
    return PreviousResults(snapshot.published().index_by_unit(), date(cycle.previous.year, 12, 31),
                           f"{cycle.previous.slug} v{snapshot.version}")


def published(slug: str) -> tuple[Cycle, Snapshot]:
    cycle = get_object_or_404(Cycle, slug=slug)
    return cycle, latest_snapshot(cycle)


def unit_id(snapshot: Snapshot, code: str) -> str:
    """The id of a published unit of the snapshot, by code or id; 404 if it was not published."""
    return _found(snapshot, code).unit.id


def _found(snapshot: Snapshot, code: str):
    try:
        return snapshot.published().unit(code)
    except UnknownUnit:
        raise Http404("no such unit in this cycle") from None


def unit_trend(cycle: Cycle, snapshot: Snapshot, unit_id: str, lang: str) -> list[dict[str, Any]]:
    """The unit's index in this cycle and every earlier published cycle of the chain
    (``Cycle.previous``), each earlier year carried onto the unit through lineage — a province
    formed in 2025 is shown, for 2024, with the mean of its predecessors, and says so."""
    def point(c: Cycle, s: Snapshot) -> dict[str, Any] | None:
        published = s.published()
        comparison = carry_forward(published.index_by_unit(), date(c.year, 12, 31), [unit_id], units_catalogue)
        found = comparison.get(unit_id)
        if found is None:
            return None
        rank = published.unit(unit_id).rank if found.is_direct else None
        return {"year": c.year, "cycle": c.slug, "index": found.value, "rank": rank,
                "national_index": published.national_index,
                "how": "" if found.is_direct else found.explanation.get(lang)}

    units_catalogue = catalogue()
    trend = []
    current, current_snapshot, seen = cycle, snapshot, set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        if current_snapshot is not None:
            p = point(current, current_snapshot)
            if p is not None:
                trend.append(p)
        current = current.previous
        current_snapshot = current.snapshots.order_by("-version").defer("payload").first() if current is not None else None
    return sorted(trend, key=lambda t: t["year"])
