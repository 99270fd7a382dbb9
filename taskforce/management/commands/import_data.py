"""Import a JSON backup written by export_data."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from taskforce.backup import files_import, has_data


class Command(BaseCommand):
    help = "Load a backup written by export_data into this database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Backup file written by export_data")
        parser.add_argument("--replace", action="store_true", help="Delete the current data first.")

    def handle(self, *args, path, replace=False, **options):
        with transaction.atomic():
            if has_data():
                if not replace:
                    raise CommandError("This database already holds taskforce data; pass --replace to overwrite it.")
                # Empties every table (sessions too) and recreates content types and permissions.
                call_command("flush", interactive=False, verbosity=0)
            # The backup holds the history rows; loading m2m links must not write new ones.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", path, verbosity=0)
            # The files last: a backup that does not load leaves the storage as it was.
            count = files_import(path)
        self.stdout.write(f"Imported {path}" + (f" and {count} files." if count else "."))
