from django.apps import AppConfig


class WorkstreamsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workstreams"
