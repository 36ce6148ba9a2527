"""Published result snapshots: frozen, checksummed, never changed; a correction is a new version."""
from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models

from parindex.web.cycles.models import Cycle


_PARSED: dict[tuple[int, str], dict] = {}


class ImmutableSnapshot(Exception):
    pass


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

    @property
    def data(self) -> dict:
        """The published figures, parsed once per process: a snapshot never changes, so its parsed
        form is kept (read-only) and the payload column need not even be loaded again."""
        key = (self.pk, self.checksum)
        if key not in _PARSED:
            payload = self.payload if "payload" in self.__dict__ else Snapshot.objects.values_list("payload", flat=True).get(pk=self.pk)
            if len(_PARSED) >= 32:
                _PARSED.pop(next(iter(_PARSED)))
            _PARSED[key] = json.loads(payload)
        return _PARSED[key]

    def is_intact(self) -> bool:
        return hashlib.sha256(self.payload.encode("utf-8")).hexdigest() == self.checksum
