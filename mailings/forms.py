from django import forms

from taskforce.models import User


class MailPreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["digest_enabled", "alerts_enabled"]
