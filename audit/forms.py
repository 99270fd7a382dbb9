from django import forms
from django.utils.translation import gettext_lazy as _

from audit.models import Entry, Kind


class EntryFilterForm(forms.Form):
    """GET filters of the audit page; the page shows what a wrong value means instead of ignoring it."""

    person = forms.CharField(
        label=_("Persoon"),
        required=False,
        max_length=150,
        help_text=_("Gebruikersnaam of een deel ervan, of het gebruikersnummer"),
    )
    kind = forms.ChoiceField(label=_("Soort"), required=False)
    start = forms.DateField(label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    object_type = forms.ChoiceField(label=_("Soort object"), required=False)
    object_id = forms.CharField(label=_("Object-id"), required=False, max_length=64)

    def __init__(self, *args, object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Alle")), *Kind.choices]
        labels = {value: Entry(object_type=value).object_label for value in object_types}
        self.fields["object_type"].choices = [("", _("Alle")), *sorted(labels.items(), key=lambda item: item[1])]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
        return cleaned

    def filters(self) -> dict:
        """The filters that are valid, as keyword arguments of selectors.entries_filtered (a wrong date
        is left out and named by the form, the others still apply)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
