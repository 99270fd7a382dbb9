"""Restore a backup written by `manage.py backup` into an empty database and storage."""

from django.core.management.base import BaseCommand, CommandError

from taskforce.backup import ArchiveError, archive_restore


class Command(BaseCommand):
    help = "Restore a tar written by `manage.py backup` into this (empty, not migrated) database and the storage."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Backup written by `manage.py backup`")

    def handle(self, *args, path, **options):
        try:
            manifest = archive_restore(path)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the database and {len(manifest['files'])} files from {path}.")
