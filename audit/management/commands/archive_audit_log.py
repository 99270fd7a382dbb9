"""Moves entries older than AUDIT_RETENTION_DAYS to a JSON-lines file and anchors the chain on it."""

from django.conf import settings
from django.core.management.base import BaseCommand

from audit.services import archive


class Command(BaseCommand):
    help = "Archive audit entries older than AUDIT_RETENTION_DAYS into AUDIT_ARCHIVE_DIR, then remove them."

    def handle(self, *args, **options):
        count, path = archive()
        if path is None:
            self.stdout.write(f"Nothing older than {settings.AUDIT_RETENTION_DAYS} days.")
        else:
            self.stdout.write(f"Archived {count} entries to {path}.")
