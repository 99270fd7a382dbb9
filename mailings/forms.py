from django import forms

from notifications.models import NotificationSettings
from taskforce.models import User


class MailPreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["digest_enabled", "alerts_enabled"]

    def __init__(self, *args, receives_alerts: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not receives_alerts:  # nothing to switch: the page says so instead of offering a box
            del self.fields["alerts_enabled"]


class NotificationSettingsForm(forms.ModelForm):
    """Per kind of notification: at once, hourly or not by mail; and whether the digest repeats them."""

    class Meta:
        model = NotificationSettings
        fields = ["assigned", "mentioned", "status_changed", "update_returned", "digest_repeats"]
