"""Password rules. Django's own validators, except the length rule: Django's Vietnamese catalogue
lacks the plural form of its message, so it would show in English."""
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLength(MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(_("This password is too short: it must have at least %(n)s characters.") % {"n": self.min_length},
                                  code="password_too_short")

    def get_help_text(self):
        return _("At least %(n)s characters.") % {"n": self.min_length}
