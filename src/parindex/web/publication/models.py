"""Published result snapshots: frozen, checksummed, never changed; a correction is a new version."""
from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.core.results.published import PublishedResults, read_published
from parindex.web.audit.models import AppendOnlyQuerySet, AuditEntry
from parindex.web.cycles.models import Cycle
from parindex.web.guards import ServiceUnavailable

_KEPT: dict[tuple, object] = {}  # (snapshot pk, checksum, what) → value derived from that snapshot, in this process
KEPT_MAX = 96


class ImmutableSnapshot(Exception):
    pass


class SnapshotTampered(ServiceUnavailable):
    """The stored figures differ from their checksum, or the checksum from the one the audit log
    recorded when they were published: they are not served, and the administrators are told."""

    code = "snapshot_tampered"
    sentence = _("These published results cannot be shown: the stored figures do not match the checksum "
                 "recorded when they were published. The administrators have been alerted.")
    retry_after = None
    log_as_error = True
    log_title = "published snapshot failed verification"

    def __init__(self, snapshot: "Snapshot", problem: str):
        self.snapshot, self.problem = snapshot, problem
        super().__init__(f"snapshot {snapshot.pk} ({snapshot.cycle_id} v{snapshot.version}): {problem}")


def canonical(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


class Snapshot(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="snapshots")
    version = models.PositiveIntegerField()
    reason = models.TextField()
    payload = models.TextField()  # canonical JSON of every point, reason and result
    checksum = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "version"], name="one_snapshot_per_version")]
        ordering = ["cycle", "-version"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableSnapshot("a published snapshot never changes; publish a correction instead")
        self.checksum = hashlib.sha256(self.payload.encode("utf-8")).hexdigest()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableSnapshot("a published snapshot is never deleted")

    def kept(self, what, compute):
        """Something derived from this snapshot — its parsed figures, its rank intervals, a printed
        report — computed once per process and kept (read-only): a snapshot never changes, so
        neither does anything derived from it. The oldest are dropped beyond ``KEPT_MAX``."""
        key = (self.pk, self.checksum, what)
        if key not in _KEPT:
            value = compute()
            while len(_KEPT) >= KEPT_MAX:
                _KEPT.pop(next(iter(_KEPT)))
            _KEPT[key] = value
        return _KEPT[key]

    @property
    def data(self) -> dict:
        """The published figures. The stored payload is verified every time a snapshot is read
        from the database (once per loaded row, so once per request); the parsing — the costly
        part — is done once per process. ``SnapshotTampered`` if they are not what was published."""
        if "_verified_data" not in self.__dict__:
            payload = self.payload if "payload" in self.__dict__ else Snapshot.objects.values_list("payload", flat=True).get(pk=self.pk)
            self.verify(payload)
            self.__dict__["_verified_data"] = self.kept("data", lambda: json.loads(payload))
        return self.__dict__["_verified_data"]

    def verify(self, payload: str) -> None:
        """The payload hashes to the stored checksum, and that checksum is the one the audit log
        recorded at publication (a tamperer who rewrites both payload and checksum still fails)."""
        if hashlib.sha256(payload.encode("utf-8")).hexdigest() != self.checksum:
            raise SnapshotTampered(self, "payload does not match its checksum")
        audited = AuditEntry.objects.filter(object_type="snapshot", object_id=str(self.pk), action="snapshot.checksum") \
            .values_list("new_value", flat=True).first()
        if audited != self.checksum:
            raise SnapshotTampered(self, "checksum differs from the one recorded in the audit log")

    def published(self) -> PublishedResults:
        """The published figures as typed objects, with this snapshot's version and checksum:
        what the portal, reports, analysis and the next cycle read (parsed once per process)."""
        data = self.data
        return self.kept("published", lambda: read_published(data, self.version, self.checksum,
                                                              source=f"snapshot {self.pk} v{self.version}"))

    def as_bundle(self) -> dict:
        """The payload as published with its version, reason and checksum: a bundle's ``snapshot.json``."""
        return {"version": self.version, "reason": self.reason, "checksum": self.checksum, **self.data}


class DocumentState(models.TextChoices):
    PENDING = "pending", _("Waiting to be printed")
    PRINTING = "printing", _("Being printed")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class PrintedDocument(models.Model):
    """A document made from a snapshot — a PDF report, the workbook, the rank intervals — printed
    once after publication, kept in the store, then served as a file. ``basis`` records what it
    was made from beyond the snapshot (a unit report's trend reads earlier cycles): a correction of
    an earlier cycle sets every later cycle's unit reports back to pending, and they are printed again."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=20)
    lang = models.CharField(max_length=2, blank=True)
    unit_code = models.CharField(max_length=16, blank=True)
    state = models.CharField(max_length=10, choices=DocumentState.choices, default=DocumentState.PENDING)
    file = models.FileField(blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    basis = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    printed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "kind", "lang", "unit_code"], name="one_document_per_kind")]
        ordering = ["snapshot", "kind", "unit_code", "lang"]
