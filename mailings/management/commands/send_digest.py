import datetime as dt

from django.core.management.base import BaseCommand

from mailings.digest import digest_run


class Command(BaseCommand):
    help = "Send this week's digest now (each person once per meeting); --dry-run prints who would get what."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print who would get what; send and record nothing.")
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="Run as if it were this day (YYYY-MM-DD); default: today."
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        digest_run(today=date, dry_run=dry_run, out=self.stdout)
