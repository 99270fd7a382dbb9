"""Walks the audit chain from its anchor to its head and names the first broken entry (exit code 1)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.verification import Broken, verify_archive, verify_database


class Command(BaseCommand):
    help = "Verify the audit log's hash chain (and, with --archive, the archive files it continues)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--archive",
            nargs="?",
            const=settings.AUDIT_ARCHIVE_DIR,
            help="also verify the archive files in this folder (default AUDIT_ARCHIVE_DIR) up to the anchor",
        )

    def handle(self, *args, archive=None, **options):
        if archive is not None:
            archived = verify_archive(Path(archive))
            if isinstance(archived, Broken):
                raise CommandError(f"Archive broken at {archived}")
            self.stdout.write(f"Archive intact: {archived.count} entries up to #{archived.last_seq}.")
        result = verify_database()
        if isinstance(result, Broken):
            raise CommandError(f"Audit log broken at {result}")
        self.stdout.write(
            f"Audit log intact: {result.count} entries up to #{result.last_seq}, last hash {result.last_hash}."
        )
