"""Forms of the registers: they only validate; the views assign the workstream and the editor."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpis.models import KPI
from registers.models import Collaboration, Deliverable, Shortage, Supporter
from workstreams.models import Action


def formfield(field, **kwargs):
    # Links typed without a scheme are taken as https (Django 6's default, silences its warning).
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegisterForm(forms.ModelForm):
    """A register form for one workstream: choices of related objects are limited to that workstream."""

    # Dates that say something happened: they cannot lie in the future.
    past_dates: tuple[str, ...] = ()
    # The version the editor started from; the view compares it with the stored one.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, workstream, **kwargs):
        super().__init__(*args, **kwargs)
        self.workstream = workstream
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in self.past_dates:
            value = cleaned.get(name)
            if value and value > today:
                self.add_error(name, _("Deze datum ligt in de toekomst."))
        return cleaned


class CollaborationForm(RegisterForm):
    past_dates = ("started_on", "scaled_up_on", "ended_on")

    class Meta:
        model = Collaboration
        fields = [
            "dutch_company",
            "partner",
            "kind",
            "stage",
            "started_on",
            "scaled_up_on",
            "ended_on",
            "action",
            "event",
            "evidence_url",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this workstream's actions: an id from elsewhere is refused as an invalid choice.
        self.fields["action"].queryset = Action.objects.filter(workstream=self.workstream)

    def clean(self):
        cleaned = super().clean()
        stage = cleaned.get("stage")
        started_on, scaled_up_on, ended_on = (cleaned.get(f) for f in ("started_on", "scaled_up_on", "ended_on"))
        if stage in (Collaboration.Stage.STARTED, Collaboration.Stage.SCALED_UP) and not started_on:
            self.add_error("started_on", _("Vul de startdatum in: die bepaalt of de KPI de samenwerking telt."))
        if stage == Collaboration.Stage.SCALED_UP and not scaled_up_on:
            self.add_error("scaled_up_on", _("Vul de datum van de opschaling in."))
        if stage == Collaboration.Stage.ENDED and not ended_on:
            self.add_error("ended_on", _("Vul de einddatum in."))
        if started_on and ended_on and ended_on < started_on:
            self.add_error("ended_on", _("De einddatum ligt voor de startdatum."))
        if started_on and scaled_up_on and scaled_up_on < started_on:
            self.add_error("scaled_up_on", _("De opschaling ligt voor de startdatum."))
        return cleaned


class ShortageForm(RegisterForm):
    past_dates = ("signalled_on", "solved_on")

    class Meta:
        model = Shortage
        fields = [
            "category",
            "item",
            "affects_vaccines",
            "affects_medicines",
            "products",
            "nature",
            "severity",
            "solution",
            "status",
            "signalled_on",
            "solved_on",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = formfield
        help_texts = {"solved_on": _("Wordt vandaag als u op opgelost zet en dit leeg laat.")}

    def clean(self):
        cleaned = super().clean()
        signalled_on, solved_on = cleaned.get("signalled_on"), cleaned.get("solved_on")
        if signalled_on and solved_on and solved_on < signalled_on:
            self.add_error("solved_on", _("De datum van oplossen ligt voor de datum van signaleren."))
        return cleaned


class SupporterForm(RegisterForm):
    past_dates = ("confirmed_on",)

    class Meta:
        model = Supporter
        fields = ["party", "sector", "confirmed_on", "confirmation", "link", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = formfield

    def clean_party(self):
        party = self.cleaned_data["party"].strip()
        duplicates = Supporter.objects.filter(workstream=self.workstream, party__iexact=party)
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(_("Deze partij staat al in het register."))
        return party

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("confirmed_on") and not cleaned.get("confirmation"):
            self.add_error("confirmation", _("Zeg hoe de partij haar steun bevestigde."))
        return cleaned


class DeliverableForm(RegisterForm):
    past_dates = ("delivered_on",)

    class Meta:
        model = Deliverable
        fields = ["title", "kpi", "due_on", "delivered_on", "document_url", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = KPI.objects.filter(workstream=self.workstream, kind=KPI.Kind.MILESTONE)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("delivered_on") and not cleaned.get("document_url"):
            self.add_error("document_url", _("Een opgeleverd product heeft een link naar het document."))
        return cleaned


class RecordDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van het verwijderen"),
        max_length=100,  # simple-history keeps a change reason of at most 100 characters
        help_text=_("Blijft in de geschiedenis bij het verwijderde record staan."),
        error_messages={"required": _("Vul in waarom dit record weg moet.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
