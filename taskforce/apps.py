from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskforceConfig(AppConfig):
    name = "taskforce"
    verbose_name = _("Taskforce")

    def ready(self) -> None:
        # autodiscover_tasks() only imports taskforce/tasks.py; the snapshot task lives beside it.
        from taskforce import snapshot_tasks  # noqa: F401
