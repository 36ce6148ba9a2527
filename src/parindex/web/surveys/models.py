"""Survey data of a cycle, in one of two kinds: a wave of responses imported with its design (the
checked responses kept as Parquet, the estimates the core computed from them), or a table of
unit-level results someone else estimated (a share, SE and n per unit and survey criterion).
Either is applied to the survey criteria; a wave not yet applied can be withdrawn, with a reason."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.web.cycles.models import Cycle


class WaveKind(models.TextChoices):
    RESPONSES = "responses", _("Responses with their design")
    TABLE = "table", _("Unit-level results")


class Wave(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="waves")
    kind = models.CharField(max_length=12, choices=WaveKind.choices, default=WaveKind.RESPONSES)
    questionnaire_id = models.CharField(max_length=40, blank=True)  # the questionnaire of a wave of responses
    source = models.CharField(max_length=200, blank=True)  # who ran the survey a table comes from
    responses = models.FileField(upload_to="waves/", blank=True)  # Parquet, written only after every check passed
    design = models.JSONField()  # weights, strata, ids, fpc, lonely_psu — the arguments of Design.from_frame
    rows = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    estimates = models.JSONField()  # the SIPAS table: one record per unit and element (and national)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    withdrawal_reason = models.TextField(blank=True)

    @property
    def is_open(self) -> bool:
        """Neither applied nor withdrawn: it can still be applied, or withdrawn."""
        return self.applied_at is None and self.withdrawn_at is None

    class Meta:
        ordering = ["-imported_at"]
