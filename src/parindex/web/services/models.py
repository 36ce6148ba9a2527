"""The one-stop systems that push records to the service index: who may write for which units.

A sending system holds a bearer token, kept as its SHA-256 only (as ``cycles.ApiToken`` is): the
administrator sees the token once, when the system is created, and a lost token is replaced by a
new system. Records themselves never land here: they go to the Parquet store (``core.services``).
"""
from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SendingSystem(models.Model):
    name = models.CharField(max_length=120)
    units = models.JSONField(default=list)  # the store's unit codes (e.g. "VN-01", "VN-00004-2025") it may report for
    active = models.BooleanField(default=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def issue(cls, name: str, units: list[str], created_by=None) -> tuple["SendingSystem", str]:
        """A new system and its token, the only time the token exists in the clear."""
        token = secrets.token_urlsafe(32)
        system = cls.objects.create(name=name, units=sorted(set(units)), key_hash=token_hash(token), created_by=created_by)
        return system, token

    @classmethod
    def by_token(cls, token: str) -> "SendingSystem | None":
        return cls.objects.filter(key_hash=token_hash(token), active=True).first()

    def may_report_for(self, unit: str) -> bool:
        return unit in self.units
