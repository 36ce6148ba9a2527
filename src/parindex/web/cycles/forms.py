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
    """Every round's deadline; an empty box clears it. Dates as the browser's date picker sends them;
    the rounds follow each other, so a later round cannot close before an earlier one."""

    def clean(self):
        data = super().clean()
        given = [(name, data[name]) for name in DEADLINE_FIELDS if data.get(name)]
        for (earlier, first), (later, second) in zip(given, given[1:]):
            if second < first:
                raise forms.ValidationError(_("%(later)s (%(b)s) comes before %(earlier)s (%(a)s): the rounds follow each other")
                                            % {"later": self.fields[later].label, "b": second.strftime("%d/%m/%Y"),
                                               "earlier": self.fields[earlier].label, "a": first.strftime("%d/%m/%Y")})
        return data

    self_assessment_due = forms.DateField(required=False, input_formats=["%Y-%m-%d"], label=_("Self-assessment"))
    appraisal_due = forms.DateField(required=False, input_formats=["%Y-%m-%d"], label=_("Appraisal"))
    explanation_due = forms.DateField(required=False, input_formats=["%Y-%m-%d"], label=_("Explanation"))
    final_appraisal_due = forms.DateField(required=False, input_formats=["%Y-%m-%d"], label=_("Final appraisal"))
    council_due = forms.DateField(required=False, input_formats=["%Y-%m-%d"], label=_("Council"))


class NewCycleForm(DeadlinesForm):
    """A cycle of a programme (an existing one, or a new one named here) for a year, from a built-in
    methodology or an uploaded methodology file, following last year's cycle when there is one."""

    programme = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("— a new programme —"), label=_("Programme"))
    programme_code = forms.SlugField(required=False, max_length=50, label=_("New programme's code (e.g. par-province)"))
    programme_name = forms.CharField(required=False, max_length=200, label=_("New programme's name"))
    unit_kind = forms.ChoiceField(required=False, choices=[("province", _("Provinces")), ("ministry", _("Ministries")),
                                                           ("department", _("A province's departments (from a registry file)")),
                                                           ("commune", _("A province's communes and wards (from a registry file)"))],
                                  label=_("Units it assesses"))
    registry_file = forms.FileField(required=False, label=_("The programme's own units: a registry file (.xlsx or .csv)"),
                                    help_text=_("One row per unit: code, name, kind, parent, valid from, valid to, predecessors."))
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    slug = forms.SlugField(max_length=50, label=_("Short name in addresses (e.g. par-province-2026)"))
    methodology = forms.ChoiceField(required=False, label=_("Built-in methodology"))
    methodology_file = forms.FileField(required=False, label=_("or a methodology file (.yaml) or criteria table (.xlsx)"))
    previous = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("— none —"), label=_("Last year's cycle"))
    field_order = ["programme", "programme_code", "programme_name", "unit_kind", "registry_file", "year", "slug", "methodology", "methodology_file",
                   "previous", *DEADLINE_FIELDS]

    def __init__(self, *args, programmes, cycles, builtin, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["previous"].queryset = cycles
        self.fields["methodology"].choices = [("", "—")] + [(m, m) for m in builtin]
        for name in DEADLINE_FIELDS:
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"})

    def clean(self):
        data = super().clean()
        if not data.get("programme") and not (data.get("programme_code") and data.get("programme_name") and data.get("unit_kind")):
            raise forms.ValidationError(_("Choose a programme, or give the new programme's code, name and units."))
        if not data.get("programme") and data.get("unit_kind") in ("department", "commune") and not data.get("registry_file"):
            raise forms.ValidationError(_("A programme of a province's own units needs their registry file."))
        if bool(data.get("methodology")) == bool(data.get("methodology_file")):
            raise forms.ValidationError(_("Choose a built-in methodology or upload a methodology file (one of the two)."))
        return data
