from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class TwofactorConfig(AppConfig):
    name = "twofactor"
    verbose_name = _("Tweestapsverificatie")
    default = True

    def ready(self) -> None:
        from twofactor import signals  # noqa: F401


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with a site that lets in only sessions that passed the second step."""

    default = False
    default_site = "twofactor.sites.AdminSite"
