"""What a JSON backup holds: every model of our own apps, plus user groups and the Celery schedule."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

from taskforce.models import Organisation, User

EXTRA_LABELS = ["auth.group", "django_celery_beat"]


def own_apps() -> list:
    # Our apps sit directly in the project folder (installed packages live deeper, in .venv).
    return [config for config in apps.get_app_configs() if Path(config.path).parent == settings.BASE_DIR]


def backup_labels() -> list[str]:
    return [config.label for config in own_apps()] + EXTRA_LABELS


def has_data() -> bool:
    return User.objects.exists() or Organisation.objects.exists()
