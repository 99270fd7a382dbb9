from django import forms
from django.utils.translation import gettext_lazy as _

from publications.models import Ground, Publication
from taskforce.models import Organisation


class PublicationForm(forms.ModelForm):
    grounds = forms.MultipleChoiceField(
        label=_("Weigeringsgronden"),
        choices=Ground.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies de grond voor elk deel dat niet openbaar wordt gemaakt."),
    )

    class Meta:
        model = Publication
        fields = ["title", "category", "document_date", "organisation", "grounds", "left_out"]
        widgets = {
            "document_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "left_out": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "organisation": _("Het bestuursorgaan dat verantwoordelijk is voor het document."),
            "left_out": _("Leeg als het document volledig openbaar wordt gemaakt."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Bodies of government that answer for a document: ministries and agencies.
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind__in=[Organisation.Kind.MINISTRY, Organisation.Kind.AGENCY]
        )

    def clean(self):
        data = super().clean()
        grounds, left_out = data.get("grounds"), (data.get("left_out") or "").strip()
        if grounds and not left_out:
            self.add_error("left_out", _("Beschrijf wat is weggelaten op de gekozen gronden."))
        if left_out and not grounds:
            self.add_error("grounds", _("Kies op welke grond is weggelaten wat u beschrijft."))
        return data
