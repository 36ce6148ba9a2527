"""Which snapshot a public page shows: the latest published version of a cycle. The portal's pages,
its JSON API and the workflow API's ``/results/<slug>`` all ask here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from parindex.core.results import PreviousResults
from parindex.core.results.published import UnknownUnit
from parindex.core.units.lineage import carry_forward
from parindex.web.cycles.models import Cycle, Programme
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


def published(slug: str, version: str | None = None) -> tuple[Cycle, Snapshot]:
    """The cycle and the snapshot a page shows: the latest version, or the one asked for by ``?v=``
    (every version ever published stays readable; a correction only adds one)."""
    cycle = get_object_or_404(Cycle, slug=slug)
    if not version:
        return cycle, latest_snapshot(cycle)
    if not version.isdigit():
        raise Http404("no such version")
    return cycle, get_object_or_404(cycle.snapshots.defer("payload"), version=int(version))


def versions(cycle: Cycle) -> list[Snapshot]:
    """Every published version of a cycle, newest first, without payloads."""
    return list(cycle.snapshots.order_by("-version").defer("payload").select_related("created_by"))


def versions_compared(cycle: Cycle, before: int | None, after: int | None) -> tuple[list[Snapshot], Snapshot, Snapshot]:
    """Every version of a cycle, and the two to compare: those asked for, or else the newest and the
    one before it (the newest with itself when there is only one)."""
    snapshots = versions(cycle)
    if not snapshots:
        raise Http404("not published")
    by_version = {s.version: s for s in snapshots}
    newer = by_version.get(after, snapshots[0]) if after is not None else snapshots[0]
    default_older = snapshots[1] if len(snapshots) > 1 else snapshots[0]
    older = by_version.get(before, default_older) if before is not None else default_older
    return snapshots, older, newer


def published_years(cycle: Cycle) -> list[Cycle]:
    """The programme's cycles with something published, newest year first: the year switcher."""
    return list(Cycle.objects.filter(programme_id=cycle.programme_id, snapshots__isnull=False).distinct()
                .order_by("-year", "slug").select_related("programme"))


@dataclass(frozen=True)
class Shelf:
    """One programme on the portal's home page: its latest published cycle and the other years."""

    cycle: Cycle
    snapshot: Snapshot
    years: list[Cycle]


def shelves(programme: Programme | None = None) -> list[Shelf]:
    """Each programme with a published cycle (or only ``programme``), its latest year first; the
    national programmes before a province's own."""
    cycles = Cycle.objects.filter(snapshots__isnull=False).distinct().select_related("programme").order_by("programme__code", "-year")
    if programme is not None:
        cycles = cycles.filter(programme=programme)
    found: dict[int, Shelf] = {}
    for cycle in cycles:
        if cycle.programme_id not in found:
            found[cycle.programme_id] = Shelf(cycle, latest_snapshot(cycle), [])
        found[cycle.programme_id].years.append(cycle)
    national_first = sorted(found.values(), key=lambda shelf: (not shelf.cycle.programme.is_national, shelf.cycle.programme.code))
    return national_first


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
