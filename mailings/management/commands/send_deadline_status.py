import datetime as dt

from django.core.management.base import BaseCommand

from mailings.alerts import deadline_status_run


class Command(BaseCommand):
    help = (
        "Run the deadline status job now: store today's snapshot, mail trekkers and the taskforce about "
        "workstreams that turned red and on the 11- and 12-week dates. --dry-run prints who would get what."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would get what; send, store and record nothing."
        )
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="Run as if it were this day (YYYY-MM-DD); default: today."
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        deadline_status_run(today=date, dry_run=dry_run, out=self.stdout)
