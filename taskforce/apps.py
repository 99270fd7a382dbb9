import axes.apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskforceConfig(AppConfig):
    name = "taskforce"
    verbose_name = _("Taskforce")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from taskforce import pagecache

        # Every write, however made, retires the cached pages (pagecache.py).
        connection_created.connect(pagecache.install, dispatch_uid="pagecache")


class AxesConfig(axes.apps.AppConfig):
    """django-axes under a Dutch name in the admin (its own is the bare "Axes")."""

    verbose_name = _("Inlogbeveiliging")
