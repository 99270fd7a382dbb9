from django import forms

from taskforce.models import User


class MailPreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["digest_enabled", "alerts_enabled"]

    def __init__(self, *args, receives_alerts: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not receives_alerts:  # nothing to switch: the page says so instead of offering a box
            del self.fields["alerts_enabled"]
