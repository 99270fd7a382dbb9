"""What a JSON backup holds: every model of our own apps, plus user groups and the Celery schedule,
and the stored files (attachments, uploaded spreadsheets) those rows point at, in a folder beside it."""

from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models

from taskforce.models import Organisation, User

EXTRA_LABELS = ["auth.group", "django_celery_beat"]


def own_apps() -> list:
    # Our apps sit directly in the project folder (installed packages live deeper, in .venv).
    return [config for config in apps.get_app_configs() if Path(config.path).parent == settings.BASE_DIR]


def backup_labels() -> list[str]:
    return [config.label for config in own_apps()] + EXTRA_LABELS


def has_data() -> bool:
    return User.objects.exists() or Organisation.objects.exists()


def files_dir(path: str | Path) -> Path:
    """The folder beside backup.json that holds its files: backup.json.files/."""
    return Path(f"{path}.files")


def stored_file_names() -> Iterator[str]:
    """The storage name of every file a live row of our apps points at (history rows only name them)."""
    for config in own_apps():
        for model in config.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    names = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                    yield from names.iterator()


def files_export(path: str | Path) -> int:
    """Copies each stored file to the folder beside the backup, under its storage name."""
    folder = files_dir(path)
    count = 0
    for name in stored_file_names():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target, "wb") as out:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                out.write(chunk)
        count += 1
    return count


def files_import(path: str | Path) -> int:
    """Puts the files of a backup back into storage under the same names the rows point at."""
    folder = files_dir(path)
    if not folder.is_dir():
        return 0
    count = 0
    for name in stored_file_names():
        source = folder / name
        if not source.is_file():
            continue
        if default_storage.exists(name):
            default_storage.delete(name)
        with open(source, "rb") as handle:
            saved = default_storage.save(name, File(handle))
        if saved != name:  # pragma: no cover - storage refused the name; the row would point nowhere
            raise RuntimeError(f"storage saved {name} as {saved}")
        count += 1
    return count
