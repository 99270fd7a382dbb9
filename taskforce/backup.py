"""Backups: the JSON export (every model of our own apps, plus user groups and the Celery schedule, and
the stored files those rows point at, in a folder beside it), and the archive of PostgreSQL's dump and
the stored files in one tar."""

import hashlib
import io
import json
import os
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, models
from django.utils import timezone

from taskforce import pagecache
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


# --- The archive: pg_dump -Fc and the stored files in one tar -------------------------------------
#
# One file to keep, copy and restore, holding both halves of the data, which the database dump alone
# does not (the attachments live in the storage, not in PostgreSQL): `manage.py backup` writes it,
# `manage.py restore` puts it into an empty database and storage (README "Backups").

ARCHIVE_DUMP = "database.dump"
ARCHIVE_FILES = "files/"
ARCHIVE_MANIFEST = "manifest.json"


class ArchiveError(Exception):
    """The archive cannot be written or restored as asked; the message says why."""


def _postgres_env() -> dict[str, str]:
    """libpq's variables for the configured database, so no password appears on a command line."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise ArchiveError("backup and restore work on PostgreSQL; on another database use export_data/import_data.")
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD", "NAME": "PGDATABASE"}
    env = {**os.environ, **{variable: str(database[key]) for key, variable in names.items() if database.get(key)}}
    env.setdefault("PGHOST", "127.0.0.1")
    return env


def _run(command: list[str]) -> None:
    done = subprocess.run(command, env=_postgres_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise ArchiveError(f"{command[0]} failed: {done.stderr.strip() or done.returncode}")


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def archive_create(path: str | Path) -> dict:
    """Writes pg_dump's custom-format dump and every stored file a row points at into one tar.

    The dump comes first: a file uploaded while the files are copied is in the archive without a row
    (harmless), and a file is never removed from the storage (removing an attachment keeps it).
    """
    path = Path(path)
    _postgres_env()  # PostgreSQL only, said before anything is written
    partial = path.with_name(path.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=path.parent) as work:
            dump = Path(work) / ARCHIVE_DUMP
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}"])
            with open(dump, "rb") as handle:
                manifest: dict = {"format": 1, "created_at": timezone.now().isoformat(), "dump": _sha256(handle)}
            manifest["files"] = {}
            with tarfile.open(partial, "w") as tar:
                tar.add(dump, arcname=ARCHIVE_DUMP)
                for name in sorted(set(stored_file_names())):
                    _add_stored_file(tar, name, manifest)
                data = json.dumps(manifest, indent=1).encode()
                info = tarfile.TarInfo(ARCHIVE_MANIFEST)
                info.size, info.mtime = len(data), int(time.time())
                tar.addfile(info, io.BytesIO(data))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)  # a backup that failed halfway never looks like a finished one
    return manifest


def _add_stored_file(tar: tarfile.TarFile, name: str, manifest: dict) -> None:
    try:
        source = default_storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise ArchiveError(f"A row points at {name}, which the storage does not hold; nothing was written.") from exc
    with source:
        manifest["files"][name] = _sha256(source)
        source.seek(0)
        info = tarfile.TarInfo(ARCHIVE_FILES + name)
        info.size = default_storage.size(name)
        info.mtime = int(time.time())
        tar.addfile(info, source)


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0] == 0


def archive_restore(path: str | Path) -> dict:
    """Restores an archive written by archive_create into an empty database and the storage.

    Checks first (the archive reads, every file matches its checksum, the database is empty, no file
    would be overwritten), then restores the database in one transaction, then writes the files.
    """
    path = Path(path)
    _postgres_env()
    if not path.is_file():
        raise ArchiveError(f"{path} does not exist.")
    try:
        tar = tarfile.open(path, "r")
    except tarfile.TarError as exc:
        raise ArchiveError(f"{path} is not a backup written by `manage.py backup`: {exc}") from exc
    with tar, tempfile.TemporaryDirectory() as work:
        dump = Path(work) / ARCHIVE_DUMP
        try:
            manifest = json.load(tar.extractfile(ARCHIVE_MANIFEST))  # type: ignore[arg-type]
            tar.extract(ARCHIVE_DUMP, work, filter="data")
            checksums = {ARCHIVE_DUMP: manifest["dump"], **{ARCHIVE_FILES + n: c for n, c in manifest["files"].items()}}
            for member, checksum in checksums.items():
                if _sha256(tar.extractfile(member)) != checksum:
                    raise ArchiveError(f"{member} in {path} does not match its checksum: the archive is damaged.")
        except (KeyError, json.JSONDecodeError, tarfile.TarError, EOFError) as exc:
            raise ArchiveError(f"{path} is not a backup written by `manage.py backup`: {exc}") from exc
        for name in manifest["files"]:
            if default_storage.exists(name):
                raise ArchiveError(f"The storage already holds {name}; restore into an empty storage.")
        if not _database_is_empty():
            raise ArchiveError("This database already has tables; restore into a new one (createdb).")
        connection.close()  # pg_restore needs no session of ours open on the database
        database = settings.DATABASES["default"]["NAME"]
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={database}",
                str(dump),
            ]
        )
        # pg_restore wrote past our connection: retire pages cached from a database of the same name.
        pagecache.bump()
        for name in manifest["files"]:
            saved = default_storage.save(name, File(tar.extractfile(ARCHIVE_FILES + name)))
            if saved != name:  # pragma: no cover - storage refused the name; the row would point nowhere
                raise ArchiveError(f"storage saved {name} as {saved}")
    return manifest
