from django import forms
from django.utils.translation import gettext_lazy as _

from attachments.validation import ALLOWED, detected_type, limits_text, sanitised_name

SPREADSHEETS = {ext: ALLOWED[ext] for ext in ("xlsx", "csv")}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Bestand (XLSX of CSV)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
        self.fields["file"].help_text = _(
            "De export van de acties, bewerkt. Gelezen worden Status, Eigenaar, Deadline en een kolom "
            "“Nieuwe notitie” als u die toevoegt; laat Nummer en Versie staan."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            detected_type(upload, allowed=SPREADSHEETS)
        except forms.ValidationError as exc:
            if exc.code in ("type", "content"):
                raise forms.ValidationError(
                    _("Dit bestand is geen spreadsheet: upload een Excel-bestand (.xlsx) of een CSV-bestand."),
                    code="type",
                ) from None
            raise
        self.cleaned_data["filename"] = sanitised_name(upload.name)
        return upload

    @staticmethod
    def limits() -> str:
        return limits_text()
