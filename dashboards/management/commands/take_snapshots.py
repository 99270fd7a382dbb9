from django.core.management.base import BaseCommand

from dashboards.services import snapshot_take


class Command(BaseCommand):
    help = "Stores today's figures of every workstream (idempotent: a second run the same day updates them)."

    def handle(self, *args, **options):
        count = snapshot_take()
        self.stdout.write(f"Snapshots stored for {count} workstream(s).")
