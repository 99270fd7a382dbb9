"""Export all of the taskforce's data as JSON (a database-independent backup; see README "Backups")."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from taskforce.backup import backup_labels, files_dir, files_export


class Command(BaseCommand):
    help = (
        "Write every taskforce record (people, workstreams, actions, history, KPIs, mail records, schedule) "
        "as JSON, and the stored files beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="File to write, e.g. backup.json")

    def handle(self, *args, path, **options):
        call_command("dumpdata", *backup_labels(), natural_foreign=True, indent=1, output=path, verbosity=0)
        count = files_export(path)
        self.stdout.write(f"Exported to {path}" + (f", with {count} files in {files_dir(path)}." if count else "."))
