"""What administrators send about people: a new account, a role to give, a roster file."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.web.cycles.models import Role


class PersonForm(forms.Form):
    username = forms.RegexField(r"^[\w.@+-]{1,150}$", max_length=150, label=_("Username"),
                                error_messages={"invalid": _("Letters, digits and @ . + - _ only.")})
    full_name = forms.CharField(max_length=150, label=_("Full name"))
    email = forms.EmailField(label=_("Email (the password link is sent there)"))


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))
    unit = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("— whole programme —"), label=_("Unit"))
    cycle = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("— every cycle —"), label=_("Only for the cycle"))

    def __init__(self, *args, units, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["cycle"].queryset = cycles


class RosterForm(forms.Form):
    file = forms.FileField(label=_("Roster (.xlsx or .csv)"))
    send_links = forms.BooleanField(required=False, initial=True, label=_("Email each new person the link to set a password"))
