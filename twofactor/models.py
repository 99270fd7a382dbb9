"""django-otp keeps the devices; these proxies only give them Dutch names in the admin."""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class AuthenticatorApp(TOTPDevice):
    class Meta:
        proxy = True
        verbose_name = _("authenticator-app")
        verbose_name_plural = _("authenticator-apps")


class BackupCodes(StaticDevice):
    class Meta:
        proxy = True
        verbose_name = _("reservecodes")
        verbose_name_plural = _("reservecodes")
