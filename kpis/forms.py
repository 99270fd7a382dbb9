import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kpis.models import KPI


class FlexibleDecimalField(forms.DecimalField):
    """Accepts "12,5" as well as "12.5": Dutch users type a decimal comma."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        return super().to_python(value)


class MeasurementForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    value = FlexibleDecimalField(
        label=_("Waarde"),
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": _("Vul een getal in, bijvoorbeeld 3 of 12,5.")},
    )
    note = forms.CharField(label=_("Toelichting"), max_length=500, required=False)

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Een meting kan niet in de toekomst liggen."))
        return date


class KPIDefinitionForm(forms.ModelForm):
    target = FlexibleDecimalField(
        label=pgettext_lazy("KPI target", "Doel"),
        max_digits=12,
        decimal_places=2,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": _("Vul een getal in, bijvoorbeeld 3 of 12,5.")},
    )

    class Meta:
        model = KPI
        fields = ["definition", "unit", "kind", "target", "direction"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}
