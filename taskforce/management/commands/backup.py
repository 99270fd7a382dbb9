"""Back up the database (pg_dump) and the stored files into one tar (README "Backups")."""

from django.core.management.base import BaseCommand, CommandError

from taskforce.backup import ArchiveError, archive_create


class Command(BaseCommand):
    help = "Write PostgreSQL's dump (pg_dump -Fc) and every stored file (attachments, spreadsheets) into one tar."

    def add_arguments(self, parser):
        parser.add_argument("path", help="File to write, e.g. taskforce-2026-12-02.tar")

    def handle(self, *args, path, **options):
        try:
            manifest = archive_create(path)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up the database and {len(manifest['files'])} files to {path}.")
