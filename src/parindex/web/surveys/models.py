"""Survey waves imported into a cycle: the checked responses (Parquet), the design, and the
estimates the core computed from them."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from parindex.web.cycles.models import Cycle


class Wave(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="waves")
    questionnaire_id = models.CharField(max_length=40)
    responses = models.FileField(upload_to="waves/")  # Parquet, written only after every check passed
    design = models.JSONField()  # weights, strata, ids, fpc, lonely_psu — the arguments of Design.from_frame
    rows = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    estimates = models.JSONField()  # the SIPAS table: one record per unit and element (and national)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-imported_at"]
