"""Creates the default periodic tasks in the database (django-celery-beat), once.

Idempotent: an entry that exists is left alone, so what the secretariat changed in the admin stays;
--reset puts the defaults back (e.g. after the taskforce's meeting day changed).
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from mailings.digest import digest_weekday
from taskforce.models import Taskforce

TIMEZONE = "Europe/Amsterdam"


def cron_weekday(python_weekday: int) -> str:
    """Python counts Monday as 0, cron Sunday as 0."""
    return str((python_weekday + 1) % 7)


def defaults(taskforce: Taskforce | None) -> list[dict]:
    meeting_weekday = taskforce.meeting_weekday if taskforce else 1
    return [
        {
            "name": "Wekelijkse samenvatting",
            "task": "taskforce.send_digest",
            "cron": {"minute": "0", "hour": "8", "day_of_week": cron_weekday(digest_weekday(meeting_weekday))},
            "description": "08:00 op de werkdag voor de wekelijkse vergadering van de taskforce.",
        },
        {
            "name": "Dagstand werkstromen",
            "task": "taskforce.take_snapshots",
            "cron": {"minute": "0", "hour": "6", "day_of_week": "*"},
            "description": "Elke dag om 06:00: status en cijfers per werkstroom vastleggen.",
        },
        {
            "name": "Deadlinestatus",
            "task": "taskforce.send_deadline_status",
            "cron": {"minute": "30", "hour": "6", "day_of_week": "*"},
            "description": (
                "Elke dag om 06:30: bericht aan trekkers en taskforce als een werkstroom op rood komt, "
                "en op de data van 11 en 12 weken."
            ),
        },
        {
            "name": "Herinneringen weekupdate",
            "task": "taskforce.send_update_reminders",
            "cron": {"minute": "0", "hour": "8-18", "day_of_week": "*"},
            "description": (
                "Elk uur van 08:00 tot 18:00: herinnert trekkers wier update nog niet binnen is (dagen vooraf "
                "volgens de instellingen weekritme en op de ochtend van de dag voor de vergadering), meldt de "
                "taskforce bij het begin van de vergadering welke updates ontbreken, en vraagt een herstelplan "
                "van werkstromen op rood."
            ),
        },
        {
            "name": "Meldingen per uur",
            "task": "taskforce.send_notification_bundles",
            "cron": {"minute": "0", "hour": "*", "day_of_week": "*"},
            "description": (
                "Elk uur: de gebundelde meldingen van het afgelopen uur aan wie dat koos, en elke directe "
                "melding die de wachtrij miste."
            ),
        },
        {
            "name": "Verzendingen afronden",
            "task": "taskforce.sweep_deliveries",
            "cron": {"minute": "*/2", "hour": "*", "day_of_week": "*"},
            "description": (
                "Elke 2 minuten: verstuurt wat een eerdere verzending liet liggen (een storing van database, "
                "wachtrij of mailserver), zodat iedereen zijn bericht precies één keer krijgt."
            ),
        },
        {
            "name": "Auditlog archiveren",
            "task": "taskforce.archive_audit_log",
            "cron": {"minute": "15", "hour": "3", "day_of_week": "*"},
            "description": (
                "Elke nacht om 03:15: regels van het auditlog ouder dan AUDIT_RETENTION_DAYS naar het archief "
                "(AUDIT_ARCHIVE_DIR), waarna de keten verder gaat vanaf de laatste gearchiveerde hash."
            ),
        },
    ]


class Command(BaseCommand):
    help = "Create the default periodic jobs (digest, snapshots, mail, audit archive) in the database; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Put the default day and time back.")

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        for entry in defaults(Taskforce.current()):
            schedule, _ = CrontabSchedule.objects.get_or_create(
                day_of_month="*", month_of_year="*", timezone=TIMEZONE, **entry["cron"]
            )
            task = PeriodicTask.objects.filter(name=entry["name"]).first()
            if task and not reset:
                self.stdout.write(f"{entry['name']}: kept ({task.crontab})")
                continue
            PeriodicTask.objects.update_or_create(
                name=entry["name"],
                defaults={
                    "task": entry["task"],
                    "crontab": schedule,
                    "interval": None,
                    "description": entry["description"],
                    "enabled": True,
                },
            )
            self.stdout.write(f"{entry['name']}: {'reset' if task else 'created'} ({schedule})")
