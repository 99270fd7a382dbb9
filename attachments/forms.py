from django import forms
from django.utils.translation import gettext_lazy as _

from attachments.models import Attachment
from attachments.validation import ALLOWED, detected_type, limits_text, sanitised_name


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Bestand"))
    purpose = forms.ChoiceField(label=_("Soort"), choices=Attachment.Purpose.choices, initial="document")

    def __init__(self, *args, purposes: tuple[str, ...] = (Attachment.Purpose.DOCUMENT,), **kwargs):
        super().__init__(*args, **kwargs)
        # The limits are said before the upload, beside the field.
        self.fields["file"].help_text = limits_text()
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in ALLOWED)
        choices = [c for c in Attachment.Purpose.choices if c[0] in purposes]
        self.fields["purpose"].choices = choices  # type: ignore[attr-defined]
        if len(purposes) == 1:
            self.fields["purpose"].widget = forms.HiddenInput()
            self.fields["purpose"].initial = purposes[0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_data["mime_type"] = detected_type(upload)
        self.cleaned_data["name"] = sanitised_name(upload.name)
        return upload
