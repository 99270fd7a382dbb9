import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignalForm(forms.Form):
    """The last thing heard from the owner of a recommendation followed on the side.

    A plain form, not a ModelForm: validating must not touch the recommendation the page still shows.
    """

    last_signal_date = forms.DateField(
        label=_("Datum laatste signaal"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    last_signal_note = forms.CharField(
        label=_("Wat meldde de eigenaar?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_last_signal_date(self) -> dt.date:
        date = self.cleaned_data["last_signal_date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Een signaal kan niet in de toekomst liggen."))
        return date
