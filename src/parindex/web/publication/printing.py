"""Printed documents, made once per snapshot and served as files.

At publication every document of the new snapshot is scheduled: the national report and each
unit's report in Vietnamese and English, the workbook, and the rank intervals (2,000 Monte Carlo
replications). After the snapshot commits, a printer makes them one by one — a thread of the
server that published (``PARINDEX_PRINTER = "thread"``, the default) or the ``print_documents
--watch`` process (``"watcher"``, what ``bin/serve`` runs). Each is kept in the store under the
hash of its content and served from there, by every worker, after every restart.

A document asked for before the printer reached it is printed by that request, once: printers and
requests claim a document with one conditional UPDATE, so no two make the same one. Whoever finds
it claimed by someone else answers "being prepared" (503, retry shortly). A claim older than
``STALE_CLAIM`` (a printer that died) may be taken over.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.core.analysis import IndexModel, from_published, rank_uncertainty
from parindex.core.analysis.tables import DEFAULT_SEED
from parindex.reports import pdf
from parindex.reports.workbook import workbook_bytes
from parindex.web.cycles.models import Cycle
from parindex.web.guards import ServiceUnavailable
from parindex.web.publication.models import DocumentState as D
from parindex.web.publication.models import PrintedDocument, Snapshot
from parindex.web.publication.queries import unit_id, unit_trend
from parindex.web.uploads import keep, stage

log = logging.getLogger("parindex.printing")
STALE_CLAIM = timedelta(minutes=2)  # a report prints in seconds: a claim this old belongs to a printer that died
LANGS = ("vi", "en")
NATIONAL, UNIT, WORKBOOK, INTERVALS = "national_pdf", "unit_pdf", "workbook", "rank_intervals"


class BeingPrinted(ServiceUnavailable):
    """Someone else is making this document right now: worth asking again in a few seconds."""

    code = "document_being_printed"
    sentence = _("This document is being prepared; it will be ready in a moment. Please try again shortly.")


@dataclass(frozen=True)
class Made:
    content: bytes
    basis: str = ""


def documents_of(snapshot: Snapshot) -> list[tuple[str, str, str]]:
    """(kind, lang, unit code) of every document a snapshot has."""
    codes = [u.unit.code for u in snapshot.published().units]
    return ([(INTERVALS, "", ""), (WORKBOOK, "", "")] + [(NATIONAL, lang, "") for lang in LANGS]
            + [(UNIT, lang, code) for code in codes for lang in LANGS])


def schedule(snapshot: Snapshot) -> None:
    """Inside the publishing transaction: a pending row per document, and the printer started
    once the snapshot is committed. Later cycles' unit reports show this cycle in their trend, so
    they are scheduled again too."""
    PrintedDocument.objects.bulk_create([PrintedDocument(snapshot=snapshot, kind=k, lang=lang, unit_code=code)
                                         for k, lang, code in documents_of(snapshot)], ignore_conflicts=True)
    later, cycles = [], [snapshot.cycle_id]
    while cycles:  # every cycle whose chain of previous cycles reaches this one
        cycles = list(type(snapshot.cycle).objects.filter(previous__in=cycles).exclude(pk__in=later).values_list("pk", flat=True))
        later += cycles
    PrintedDocument.objects.filter(snapshot__cycle__in=later, kind=UNIT).update(state=D.PENDING, claimed_at=None)
    if settings.PARINDEX_PRINTER == "thread":
        transaction.on_commit(start_printer)


def start_printer() -> threading.Thread:
    thread = threading.Thread(target=_print_in_background, name="parindex-printer", daemon=True)
    thread.start()
    return thread


def _print_in_background() -> None:
    try:
        print_pending()
    finally:
        connections.close_all()  # this thread's own connection; a request's are Django's to close


def print_pending(limit: int | None = None) -> int:
    """Print waiting documents, oldest snapshot first, until none is left (or ``limit``)."""
    done = 0
    while limit is None or done < limit:
        document = PrintedDocument.objects.filter(_claimable()).order_by("snapshot_id", "pk").first()
        if document is None:
            break
        if _claim(document):
            try:
                _print(document)
            except Exception:  # noqa: BLE001 — marked failed and logged by _print; go on with the others
                continue
            done += 1
    return done


def served(snapshot: Snapshot, kind: str, lang: str = "", code: str = "") -> bytes:
    """The document's bytes from the store, printing it now if the printer has not yet. Every
    document a snapshot has got its row at publication; one without a row is looked up once (a
    unit not in the cycle is a 404) and then made like the others."""
    document = PrintedDocument.objects.filter(snapshot=snapshot, kind=kind, lang=lang, unit_code=code).first()
    if document is None:
        if kind == UNIT:
            unit_id(snapshot, code)  # Http404 for a unit not in this cycle
        document, _created = PrintedDocument.objects.get_or_create(snapshot=snapshot, kind=kind, lang=lang, unit_code=code)
    if document.state == D.READY:  # a correction upstream set it back to pending (schedule), so ready is current
        with default_storage.open(document.file.name, "rb") as f:
            content = f.read()
        if hashlib.sha256(content).hexdigest() == document.sha256:
            return content
        log.error("printed document %s does not match its checksum; printing it again", document.pk)
        PrintedDocument.objects.filter(pk=document.pk).update(state=D.PENDING, claimed_at=None)
        document.refresh_from_db()
    if not _claim(document, take_ready=True):
        raise BeingPrinted(document)
    return _print(document)


def progress(snapshot: Snapshot) -> dict[str, int]:
    """How many of a snapshot's documents are in each state (what the administrator sees)."""
    counts = {state.value: 0 for state in D}
    for state in snapshot.documents.values_list("state", flat=True):
        counts[state] += 1
    return counts


def _claimable() -> Q:
    return Q(state=D.PENDING) | Q(state=D.PRINTING, claimed_at__lt=timezone.now() - STALE_CLAIM)


def _claim(document: PrintedDocument, take_ready: bool = False) -> bool:
    allowed = _claimable() | Q(state=D.FAILED) | (Q(state=D.READY) if take_ready else Q(pk__in=[]))
    return PrintedDocument.objects.filter(allowed, pk=document.pk).update(state=D.PRINTING, claimed_at=timezone.now()) == 1


def _print(document: PrintedDocument) -> bytes:
    try:
        made = _make(document)
        name = keep(stage(f"{document.kind}.bin", made.content, 2**40), "printed")
    except Exception as exc:  # noqa: BLE001 — recorded on the row and logged; the next request tries again
        log.exception("printing %s %s %s of snapshot %s failed", document.kind, document.lang, document.unit_code, document.snapshot_id)
        PrintedDocument.objects.filter(pk=document.pk).update(state=D.FAILED, error=str(exc)[:2000])
        raise
    PrintedDocument.objects.filter(pk=document.pk).update(
        state=D.READY, file=name, sha256=hashlib.sha256(made.content).hexdigest(), basis=made.basis,
        printed_at=timezone.now(), error="")
    return made.content


def _trend(document: PrintedDocument) -> list:
    snapshot = Snapshot.objects.select_related("cycle").get(pk=document.snapshot_id)
    return unit_trend(snapshot.cycle, snapshot, unit_id(snapshot, document.unit_code), document.lang)


def _basis(document: PrintedDocument) -> str:
    """What a unit report reads beyond its snapshot: the latest published version of every earlier
    cycle of the chain (their checksums — cheap to look up, unlike the trend computed from them)."""
    if document.kind != UNIT:
        return ""
    cycle = Snapshot.objects.select_related("cycle").defer("payload").get(pk=document.snapshot_id).cycle.previous
    checksums, seen = [], set()
    while cycle is not None and cycle.pk not in seen:
        seen.add(cycle.pk)
        latest = cycle.snapshots.order_by("-version").values_list("checksum", flat=True).first()
        checksums.append(f"{cycle.pk}:{latest or ''}")
        cycle = cycle.previous
    return hashlib.sha256(" ".join(checksums).encode()).hexdigest()


def _make(document: PrintedDocument) -> Made:
    snapshot = Snapshot.objects.select_related("cycle").get(pk=document.snapshot_id)
    cycle = snapshot.cycle
    if document.kind == NATIONAL:
        return Made(pdf.national_report(snapshot.published(), cycle.methodology, document.lang))
    if document.kind == UNIT:
        trend = _trend(document)
        return Made(pdf.unit_report(snapshot.published(), cycle.methodology, document.unit_code, document.lang, trend), _basis(document))
    if document.kind == WORKBOOK:
        return Made(workbook_bytes(snapshot.published(), cycle.methodology))
    if document.kind == INTERVALS:
        return Made(json.dumps(rank_intervals(snapshot), sort_keys=True, default=_plain).encode())
    raise ValueError(f"unknown document kind {document.kind!r}")


PORTAL_REPLICATIONS = 2000


def rank_intervals(snapshot: Snapshot) -> dict:
    """Rank intervals of a published cycle (Monte Carlo, fixed seed): rows by unit id and the settings."""
    model = from_published(snapshot.published(), snapshot.cycle.methodology)
    result = rank_uncertainty(model, PORTAL_REPLICATIONS, DEFAULT_SEED)
    return {"rows": {r["unit_id"]: r for r in result.rows()},
            "settings": result.settings | {"replications": PORTAL_REPLICATIONS, "seed": DEFAULT_SEED,
                                           "weight_noise_percent": round(100 * result.settings["weight_noise"])}}


def _plain(value):
    """NumPy scalars as Python numbers in the stored JSON."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON")


def analysed(cycle: Cycle, snapshot: Snapshot) -> tuple[dict[str, dict], IndexModel, dict]:
    """Rank intervals of a published cycle, printed once at publication and read once per process:
    (rows by unit id, the index model, the settings)."""
    def read():
        stored = json.loads(served(snapshot, INTERVALS))
        return stored["rows"], from_published(snapshot.published(), cycle.methodology), stored["settings"]
    return snapshot.kept("rank_uncertainty", read)
