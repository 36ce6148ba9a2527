"""Which snapshot a public page shows: the latest published version of a cycle. The portal's pages,
its JSON API and the workflow API's ``/results/<slug>`` all ask here."""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from parindex.web.cycles.models import Cycle
from parindex.web.publication.models import Snapshot


def latest_snapshot(cycle: Cycle) -> Snapshot:
    """The newest version, without its payload (read, and verified, only when a page needs it)."""
    snapshot = cycle.snapshots.order_by("-version").defer("payload").first()
    if snapshot is None:
        raise Http404("not published")
    return snapshot


def published(slug: str) -> tuple[Cycle, Snapshot]:
    cycle = get_object_or_404(Cycle, slug=slug)
    return cycle, latest_snapshot(cycle)
