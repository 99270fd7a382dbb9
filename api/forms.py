from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van de sleutel"),
        max_length=100,
        help_text=_("Waarvoor u de sleutel gebruikt, bijvoorbeeld: spreadsheet van de directie."),
    )
