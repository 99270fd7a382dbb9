from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from mandate.models import BudgetLine, Commitment, Delegation, Mandate, Milestone
from taskforce.models import Organisation
from workstreams.models import Action

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EuroField(forms.DecimalField):
    """An amount as the user's language writes it ("25.000,50" in Dutch, "25,000.50" in English, with
    or without "€"); Django's own parsing only knows the thousand separator when the whole site groups."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("\u00a0", "").replace(" ", "")
            value = value.replace(get_format("THOUSAND_SEPARATOR"), "").replace(get_format("DECIMAL_SEPARATOR"), ".")
        return super().to_python(value)


class MandateForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["scope", "status", "granted_by", "granted_on", "decision_document"]
        widgets = {"scope": forms.Textarea(attrs={"rows": 3}), "granted_on": DATE}

    def clean(self):
        data = super().clean()
        if data.get("status") in Mandate.IN_FORCE and not (data.get("granted_by") and data.get("granted_on")):
            raise forms.ValidationError(_("Een verleend mandaat noemt wie het verleende en wanneer."))
        return data


class BudgetLineForm(forms.ModelForm):
    prefix = "line"  # beside the commitment form on one page: ids stay unique
    amount = EuroField(label=_("Bedrag (euro)"))

    class Meta:
        model = BudgetLine
        fields = ["workstream", "name", "source", "instrument", "amount", "period_start", "period_end", "note"]
        widgets = {"period_start": DATE, "period_end": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Het einde van de periode ligt voor het begin."))
        return data


class CommitmentForm(forms.ModelForm):
    actions = forms.ModelMultipleChoiceField(
        label=_("Acties"), queryset=Action.objects.select_related("workstream"), required=False
    )

    prefix = "commitment"
    amount = EuroField(label=_("Bedrag (euro)"))

    class Meta:
        model = Commitment
        fields = ["budget_line", "party", "description", "amount", "actions", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        if lines is not None:
            self.fields["budget_line"].queryset = lines
        self.fields["party"].queryset = Organisation.objects.all()

    def clean(self):
        data = super().clean()
        line, actions = data.get("budget_line"), data.get("actions") or []
        if line is not None and any(action.workstream_id != line.workstream_id for action in actions):
            self.add_error("actions", _("Kies acties van de werkstroom van de budgetregel."))
        return data


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["name", "date", "target_percent", "measure"]
        widgets = {"date": DATE}


class DelegationForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ["organisation", "contact", "expected_date", "last_signal_date", "last_signal_note"]
        widgets = {
            "expected_date": DATE,
            "last_signal_date": DATE,
            "last_signal_note": forms.Textarea(attrs={"rows": 2}),
        }
