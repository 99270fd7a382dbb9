import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kpis.models import KPI
from taskforce.models import Taskforce


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

    def __init__(self, *args, kpi: KPI | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kpi = kpi
        taskforce = Taskforce.current()
        self.earliest = taskforce.earliest_measurement if taskforce else None
        date_attrs = {"max": timezone.localdate().isoformat()}
        if self.earliest:
            date_attrs["min"] = self.earliest.isoformat()
        self.fields["date"].widget.attrs.update(date_attrs)
        # Counts and must-stay-zero KPIs count things; a milestone is reached (1) or not (0).
        self.fields["value"].help_text = (
            _("0 (niet behaald) of 1 (behaald).")
            if kpi is not None and kpi.kind == KPI.Kind.MILESTONE
            else _("Een aantal: 0 of meer.")
        )

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Een meting kan niet in de toekomst liggen."))
        if self.earliest and date < self.earliest:
            raise forms.ValidationError(
                _("Een meting van vóór %(date)s is vast een tikfout: de taskforce begon een jaar later."),
                params={"date": self.earliest.strftime("%d-%m-%Y")},
            )
        return date

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value < 0:
            raise forms.ValidationError(_("Een KPI telt iets: de waarde is 0 of meer."))
        if self.kpi is not None and self.kpi.kind == KPI.Kind.MILESTONE and value not in (0, 1):
            raise forms.ValidationError(_("Een mijlpaal is behaald (1) of niet (0)."))
        return value


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


REASON_MAX = 100  # simple-history keeps a change reason of at most 100 characters


class MeasurementCorrectionForm(MeasurementForm):
    """A measurement corrected: the same fields and bounds as recording one, from the version it was opened at."""

    reason = forms.CharField(
        label=_("Reden van de correctie (optioneel)"),
        max_length=REASON_MAX,
        required=False,
        help_text=_("Bijvoorbeeld: tikfout, 70 moest 7 zijn."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MeasurementDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van het verwijderen"),
        max_length=REASON_MAX,
        help_text=_("Blijft in de geschiedenis bij de verwijderde meting staan."),
        error_messages={"required": _("Vul in waarom deze meting weg moet.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
