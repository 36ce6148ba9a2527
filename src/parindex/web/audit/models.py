"""The audit log: append-only, each entry chained to the previous one by hash.

Three layers: the ORM refuses to change or delete a row (one by one or as a queryset); database
triggers refuse UPDATE and DELETE from any client (raw SQL, a console), lifted only while
``flush`` runs (see ``append_only``); and a change made by someone who can drop triggers breaks
the chain, or disagrees with a chain head published earlier, which ``manage.py verify_audit`` detects.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableRow(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk ``update()`` and ``delete()`` refused, like the single-row ones."""

    def update(self, **kwargs):
        raise ImmutableRow(f"{self.model.__name__} rows are append-only")

    def delete(self):
        raise ImmutableRow(f"{self.model.__name__} rows are append-only")


class AuditHead(models.Model):
    """One row, locked while an entry is appended, so two writers never chain to the same parent."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)


class AuditEntry(models.Model):
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    field = models.CharField(max_length=100, blank=True)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit entry")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRow("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRow("audit entries are append-only")
