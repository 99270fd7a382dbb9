import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mailings.digest import digest_build
from taskforce.models import User


class Command(BaseCommand):
    help = "Print one person's digest as it would go out; sends and records nothing (safe for any date)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="As if it were this day (YYYY-MM-DD); default: today."
        )
        parser.add_argument("--html", action="store_true", help="Print the HTML part instead of the text.")

    def handle(self, *args, username, date=None, html=False, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        message = digest_build(user=user, today=date or timezone.localdate())
        if message is None:
            self.stdout.write("Nothing new and nothing due: this person gets no digest for that day.")
            return
        body = next(c for c, mimetype in message.alternatives if mimetype == "text/html") if html else message.body
        self.stdout.write(f"Subject: {message.subject}\nTo: {', '.join(message.to)}\n\n{body}")
