import axes.apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskforceConfig(AppConfig):
    name = "taskforce"
    verbose_name = _("Taskforce")


class AxesConfig(axes.apps.AppConfig):
    """django-axes under a Dutch name in the admin (its own is the bare "Axes")."""

    verbose_name = _("Inlogbeveiliging")
