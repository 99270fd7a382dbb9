"""Export all of the taskforce's data as JSON (a database-independent backup; see README "Backups")."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from taskforce.backup import backup_labels


class Command(BaseCommand):
    help = "Write every taskforce record (people, workstreams, actions, history, KPIs, mail records, schedule) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", help="File to write, e.g. backup.json")

    def handle(self, *args, path, **options):
        call_command("dumpdata", *backup_labels(), natural_foreign=True, indent=1, output=path, verbosity=0)
        self.stdout.write(f"Exported to {path}.")
