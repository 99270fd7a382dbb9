import re

from django import forms
from django.utils.translation import gettext_lazy as _

from twofactor.services import code_normalise

# Six digits from the app, or a backup code (eight letters and digits, django-otp's StaticToken).
CODE = re.compile(r"\d{6}|[a-z0-9]{8}")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
        error_messages={"required": _("Vul de code in.")},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not CODE.fullmatch(code_normalise(code)):
            raise forms.ValidationError(
                _("Een code bestaat uit de 6 cijfers uit uw app, of is een reservecode van 8 tekens.")
            )
        return code
