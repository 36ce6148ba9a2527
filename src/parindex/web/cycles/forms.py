"""What the cycle's actions take from a form (or from the API's body, checked by the same form):
each action of ``actions`` names its form, and its transition receives the cleaned values."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DEADLINE_FIELDS = ("self_assessment_due", "appraisal_due", "explanation_due", "final_appraisal_due", "council_due")


class FreeText(forms.Field):
    """Text a person wrote, passed on as given: the transition checks it once with ``clean_text``
    (NFC, control and invisible characters, caps per kind), whether it came from a form or the API."""

    def to_python(self, value):
        return "" if value is None else str(value)


class NoFields(forms.Form):
    """An action that takes nothing but the object (the council's approval)."""


class ReasonForm(forms.Form):
    reason = FreeText(required=False, label=_("Reason"))


class RequiredReasonForm(forms.Form):
    """A reason is required: the transition checks it is not blank once invisible characters are gone."""

    reason = FreeText(required=True, label=_("Reason"))


class AdvanceForm(ReasonForm):
    to = forms.CharField(max_length=40, label=_("Stage"))
    confirm = forms.CharField(required=False, max_length=20000, label=_("Confirmation"))


class ExtensionForm(RequiredReasonForm):
    until = forms.DateField(input_formats=["%Y-%m-%d"], label=_("Open until"), widget=forms.DateInput(attrs={"type": "date"}))


class DeadlinesForm(forms.Form):
    """Every round's deadline; an empty box clears it. Dates as the browser's date picker sends them."""

    self_assessment_due = forms.DateField(required=False, input_formats=["%Y-%m-%d"], label=_("Self-assessment"))
    appraisal_due = forms.DateField(required=False, input_formats=["%Y-%m-%d"], label=_("Appraisal"))
    explanation_due = forms.DateField(required=False, input_formats=["%Y-%m-%d"], label=_("Explanation"))
    final_appraisal_due = forms.DateField(required=False, input_formats=["%Y-%m-%d"], label=_("Final appraisal"))
    council_due = forms.DateField(required=False, input_formats=["%Y-%m-%d"], label=_("Council"))
