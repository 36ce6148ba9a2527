"""What survey managers send: the design columns of a wave, who ran a survey whose results arrive
as a table, why a wave is withdrawn."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.web.cycles.forms import FreeText

LONELY = [("fail", _("Stop and say which stratum")), ("adjust", _("Centre on the grand mean (R's \"adjust\")")),
          ("average", _("Average of the other strata (R's \"average\")")), ("remove", _("Leave it out of the variance (R's \"remove\")"))]


class DesignForm(forms.Form):
    """Which columns of the uploaded file carry the sample design; each choice is one of its columns."""

    weights = forms.ChoiceField(required=False, label=_("Sampling weights"))
    strata = forms.ChoiceField(required=False, label=_("Strata"))
    cluster1 = forms.ChoiceField(required=False, label=_("Clusters, first stage (e.g. commune)"))
    cluster2 = forms.ChoiceField(required=False, label=_("Clusters, second stage"))
    fpc1 = forms.ChoiceField(required=False, label=_("Population size, first stage"))
    fpc2 = forms.ChoiceField(required=False, label=_("Population size, second stage"))
    lonely_psu = forms.ChoiceField(choices=LONELY, initial="fail", label=_("A stratum with a single cluster"))
    unweighted = forms.BooleanField(required=False, label=_("The wave is unweighted: every respondent counts the same"))

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(c, c) for c in columns]
        for name in ("weights", "strata", "cluster1", "cluster2", "fpc1", "fpc2"):
            self.fields[name].choices = choices

    def design(self) -> dict:
        """The arguments of ``Design.from_frame``: weights, strata, clusters and population sizes by stage."""
        data = self.cleaned_data
        return {"weights": data["weights"] or None, "strata": data["strata"] or None,
                "ids": [c for c in (data["cluster1"], data["cluster2"]) if c], "fpc": [c for c in (data["fpc1"], data["fpc2"]) if c],
                "lonely_psu": data["lonely_psu"]}


class TableSourceForm(forms.Form):
    source = FreeText(required=True, label=_("Who ran the survey (and when)"))


class WithdrawForm(forms.Form):
    reason = FreeText(required=True, label=_("Why the wave is withdrawn"))
