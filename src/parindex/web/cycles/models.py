"""Programmes, cycles, units, people's roles, assessments, per-criterion entries and evidence.

State lives here; every change of state goes through ``transitions`` (check, change, audit row, one
transaction) and every number through the core.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parindex.core.methodology import Methodology, load_methodology_text
from parindex.core.text import Text
from parindex.core.units.model import Unit as CoreUnit


class Role(models.TextChoices):
    ADMIN = "admin", _("National administrator")
    EDITOR = "editor", _("Unit editor")
    APPROVER = "approver", _("Unit approver")
    APPRAISER = "appraiser", _("Appraiser")
    COUNCIL = "council", _("Council member")
    SURVEY_MANAGER = "survey_manager", _("Survey manager")


UNIT_ROLES = (Role.EDITOR, Role.APPROVER, Role.APPRAISER)


class Unit(models.Model):
    uid = models.CharField(max_length=32, unique=True)  # the core's unit id, e.g. VN-31-2025
    code = models.CharField(max_length=16)
    kind = models.CharField(max_length=16)
    name_vi = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    region = models.CharField(max_length=40, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    # A programme's own unit (a province's departments, its communes), from the registry its office
    # uploaded; empty for the units every programme shares (provinces, ministries).
    programme = models.ForeignKey("Programme", null=True, blank=True, on_delete=models.PROTECT, related_name="own_units")
    parent_uid = models.CharField(max_length=32, blank=True)  # the unit it belongs to (a commune's province)

    class Meta:
        ordering = ["code", "uid"]

    def __str__(self) -> str:
        """The name in the language of the page being drawn: one unit reads "Hải Phòng" in Vietnamese
        and "Hai Phong" in English on every page, the back office's as the portal's."""
        return self.name(get_language())

    def name(self, lang: str | None) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi

    def as_core(self) -> CoreUnit:
        return CoreUnit(id=self.uid, code=self.code, kind=self.kind, name=Text(self.name_vi, self.name_en),
                        region=self.region or None, valid_from=self.valid_from, valid_to=self.valid_to,
                        parent=self.parent_uid or None)


class UnitLineage(models.Model):
    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successor_links")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predecessor_links")
    date = models.DateField()
    event = models.CharField(max_length=16, default="merge")
    legal_basis = models.CharField(max_length=120, blank=True)


class Membership(models.Model):
    """A person's role; editors, approvers and appraisers hold it for one unit. With a cycle, the
    role holds for that cycle only — how appraisers are appointed, one year at a time, so that
    the 2025 appraiser of a unit does not read its 2023 or 2027 files; without one, in every cycle."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships")
    cycle = models.ForeignKey("Cycle", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit", "cycle"], name="one_membership_per_role_unit_cycle")]


class Programme(models.Model):
    code = models.SlugField(unique=True)
    name_vi = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    unit_kind = models.CharField(max_length=16)

    def __str__(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_vi

    @property
    def is_national(self) -> bool:
        """A programme of the shared units (provinces, ministries): its average is the nation's. A
        province's own programme (its departments, its communes) averages over its own units."""
        return not self.own_units.exists()


class CycleState(models.TextChoices):
    SETUP = "setup", _("Setup")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    APPRAISAL = "appraisal", _("Appraisal")
    EXPLANATION = "explanation", _("Explanation")
    FINAL_APPRAISAL = "final_appraisal", _("Final appraisal")
    COUNCIL = "council", _("Council")
    PUBLISHED = "published", _("Published")


class Cycle(models.Model):
    """One programme year. The methodology text is stored whole and pinned by its content hash."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cycles")
    slug = models.SlugField(unique=True)
    year = models.PositiveIntegerField()
    methodology_id = models.CharField(max_length=80)
    methodology_yaml = models.TextField()
    methodology_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=20, choices=CycleState.choices, default=CycleState.SETUP)
    self_assessment_due = models.DateField(null=True, blank=True)
    appraisal_due = models.DateField(null=True, blank=True)
    explanation_due = models.DateField(null=True, blank=True)
    final_appraisal_due = models.DateField(null=True, blank=True)
    council_due = models.DateField(null=True, blank=True)
    council_approved_at = models.DateTimeField(null=True, blank=True)
    council_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year", "slug"]

    def __str__(self) -> str:
        return self.title(get_language() or "vi")

    def title(self, lang: str = "vi") -> str:
        return f"{self.programme.name_en if lang == 'en' else self.programme.name_vi} {self.year}"

    @property
    def methodology(self) -> Methodology:
        return _methodology(self.methodology_hash, self.methodology_yaml, self.methodology_id)


@lru_cache(maxsize=16)
def _methodology(content_hash: str, text: str, methodology_id: str) -> Methodology:
    m = load_methodology_text(text, f"{methodology_id}.yaml")
    if m.content_hash != content_hash:
        raise ValueError(f"cycle's methodology text does not match its pinned hash {content_hash[:12]}")
    return m


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPRAISED = "appraised", _("Appraised")
    EXPLAINED = "explained", _("Explained")
    FINAL = "final", _("Final")


class Assessment(models.Model):
    """One unit in one cycle.

    A unit that falls behind is not a dead end: the administrator can extend its round
    (``extended_until``: the unit keeps acting in its round after the cycle has moved on, until that
    day), send it back a step, or exclude it with a reason — an excluded unit is published as not
    assessed, never as 0 points. Each comes with its reason in the audit log and on the unit's page.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="assessments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments")
    state = models.CharField(max_length=16, choices=AssessmentState.choices, default=AssessmentState.DRAFT)
    extended_until = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    excluded = models.BooleanField(default=False)
    exclusion_reason = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "unit"], name="one_assessment_per_unit_and_cycle")]
        ordering = ["unit__code", "unit__uid"]

    def __str__(self) -> str:
        return f"{self.unit} — {self.cycle}"

    def has_open_extension(self, today: date | None = None) -> bool:
        """Whether the unit's own round is still open after the cycle moved on."""
        return self.extended_until is not None and (today or timezone.localdate()) <= self.extended_until


class Entry(models.Model):
    """One leaf criterion of one assessment: inputs, self points, appraisal, explanation, final points.

    ``version`` grows with every save: a save that started from an older version is refused
    (optimistic locking), so two people never silently overwrite each other.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    leaf_code = models.CharField(max_length=32)
    inputs = models.JSONField(default=dict)
    self_points = models.FloatField(null=True, blank=True)
    note = models.TextField(blank=True)
    appraised_points = models.FloatField(null=True, blank=True)
    appraisal_reason = models.TextField(blank=True)
    unit_explanation = models.TextField(blank=True)
    final_points = models.FloatField(null=True, blank=True)
    final_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "leaf_code"], name="one_entry_per_leaf")]

    @property
    def is_adjusted(self) -> bool:
        return self.appraised_points is not None and self.self_points is not None and \
            abs(self.appraised_points - self.self_points) > 1e-9

    @property
    def points(self) -> float | None:
        """What counts: final points, else appraised, else self-assessed."""
        for value in (self.final_points, self.appraised_points, self.self_points):
            if value is not None:
                return value
        return None


def evidence_path(instance: "Evidence", filename: str) -> str:
    # Stored under the hash of its content (``web.uploads.keep``), once however often it is attached;
    # the user's name is kept only as data.
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
