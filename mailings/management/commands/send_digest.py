import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mailings.digest import digest_run


class Command(BaseCommand):
    help = "Send this week's digest now (each person once per meeting); --dry-run prints who would get what."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print who would get what; send and record nothing.")
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="Run as if it were this day (YYYY-MM-DD); default: today."
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        # A run records each delivery of its week: one for a later week would leave that week's
        # scheduled digest nothing to send. To see a digest, preview_digest renders without recording.
        if date and date > timezone.localdate() and not dry_run:
            raise CommandError(
                "--date is in the future: sending now would use up that week's digest. "
                "Use --dry-run, or `manage.py preview_digest <username> --date ...` to see a digest."
            )
        digest_run(today=date, dry_run=dry_run, out=self.stdout)
