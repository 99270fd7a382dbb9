"""Load the Taskforce Vaccins from the implementation proposal.

Idempotent: every object is looked up by its natural key and only created when missing, so a re-run
changes nothing and never overwrites what people edited in the app.
"""

import datetime as dt
import secrets
from base64 import b32encode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kpis.models import KPI
from recommendations.models import Recommendation, RecommendationOwner
from registers.models import Deliverable
from seeding import seed_data
from seeding.demo import demo_user_ensure
from taskforce.models import Organisation, Taskforce, TaskforceParticipant
from twofactor.selectors import second_factor_required
from twofactor.services import backup_codes_renew, totp_device_ensure
from workstreams.models import Action, Workstream, WorkstreamParticipant


def monday_of_this_week() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


class Command(BaseCommand):
    help = "Load the Taskforce Vaccins (15 recommendations, 3 workstreams, actions, KPIs) from the proposal."

    def add_arguments(self, parser):
        parser.add_argument(
            "--start-date",
            type=dt.date.fromisoformat,
            help="First day of the 12 weeks (YYYY-MM-DD); default: Monday of this week. Used only on first seed.",
        )
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="Create one demo login per role and print the passwords.",
        )
        parser.add_argument(
            "--allow-demo-in-production",
            action="store_true",
            help="Allow --demo-users when DEBUG is off.",
        )

    def handle(
        self,
        *args,
        start_date=None,
        demo_users=False,
        allow_demo_in_production=False,
        **options,
    ):
        if demo_users and not settings.DEBUG and not allow_demo_in_production:
            raise CommandError("Refusing --demo-users with DEBUG off; pass --allow-demo-in-production to insist.")
        with transaction.atomic():
            created = self.seed(start_date or monday_of_this_week())
        self.stdout.write(f"Seed: {created} object(s) created, everything else already present.")
        if demo_users:
            self.create_demo_users()

    def seed(self, start_date: dt.date) -> int:
        created = 0
        orgs = {}
        for short, full, kind in seed_data.ORGANISATIONS:
            orgs[short], new = Organisation.objects.get_or_create(
                short_name=short, defaults={"full_name": full, "kind": kind}
            )
            created += new

        spec = seed_data.TASKFORCE
        taskforce = Taskforce.current()
        if taskforce is None:
            taskforce = Taskforce.objects.create(
                name=spec["name"],
                goal=spec["goal"],
                approach=spec["approach"],
                start_date=start_date,
                planned_size=spec["planned_size"],
                workstream_size_min=spec["workstream_size_min"],
                workstream_size_max=spec["workstream_size_max"],
            )
            for position, short in enumerate(spec["participants"]):
                TaskforceParticipant.objects.create(taskforce=taskforce, organisation=orgs[short], position=position)
            created += 1
        elif taskforce.start_date != start_date:
            self.stdout.write(f"Start date stays {taskforce.start_date} (change it in the admin).")

        workstreams = {}
        for position, ws in enumerate(seed_data.WORKSTREAMS):
            workstream, new = Workstream.objects.get_or_create(
                slug=ws["slug"],
                defaults={
                    "name": ws["name"],
                    "goal": ws["goal"],
                    "position": position,
                    "trekker_organisation": orgs[ws["participants"][0]],
                },
            )
            workstreams[ws["slug"]] = workstream
            if new:
                created += 1
                for pos, short in enumerate(ws["participants"]):
                    WorkstreamParticipant.objects.create(workstream=workstream, organisation=orgs[short], position=pos)

        recommendations = {}
        for (
            number,
            title,
            theme,
            tracking,
            owners,
            ws_slugs,
        ) in seed_data.RECOMMENDATIONS:
            rec, new = Recommendation.objects.get_or_create(
                number=number,
                defaults={"title": title, "theme": theme, "tracking": tracking},
            )
            recommendations[number] = rec
            if new:
                created += 1
                for pos, short in enumerate(owners):
                    RecommendationOwner.objects.create(recommendation=rec, organisation=orgs[short], position=pos)
                rec.workstreams.set([workstreams[slug] for slug in ws_slugs])

        # Concrete follow-up is due within 11-12 weeks: seeded actions are due at the 11-week mark.
        due = taskforce.deadline().eleven_weeks
        for ws in seed_data.WORKSTREAMS:
            workstream = workstreams[ws["slug"]]
            for position, (title, description, numbers) in enumerate(ws["actions"], start=1):
                action, new = Action.objects.get_or_create(
                    seed_key=f"{ws['slug']}-{position}",
                    defaults={
                        "workstream": workstream,
                        "title": title,
                        "description": description,
                        "position": position,
                        "due_date": due,
                    },
                )
                if new:
                    created += 1
                    action.recommendations.set([recommendations[n] for n in numbers])
            # A KPI's "source" (its register rule) is set on creation only: re-seeding keeps edits.
            for position, kpi in enumerate(ws["kpis"], start=1):
                _, new = KPI.objects.get_or_create(
                    seed_key=f"{ws['slug']}-kpi-{position}",
                    defaults={"workstream": workstream, "position": position, **kpi},
                )
                created += new
            for position, deliverable in enumerate(ws.get("deliverables", []), start=1):
                _, new = Deliverable.objects.get_or_create(
                    seed_key=f"{ws['slug']}-deliverable-{position}",
                    defaults={
                        "workstream": workstream,
                        "title": deliverable["title"],
                        "kpi": KPI.objects.filter(seed_key=f"{ws['slug']}-kpi-{deliverable['kpi']}").first(),
                        "due_on": due,
                    },
                )
                created += new
        return created

    def demo_second_factor(self, user) -> None:
        """A demo login whose role requires two-factor login gets an app key (kept across runs) and backup codes."""
        device = totp_device_ensure(user=user)
        key = b32encode(device.bin_key).decode()
        codes = backup_codes_renew(user=user)
        self.stdout.write(f"    two-factor login for {user.username}: add this key to an authenticator app: {key}")
        self.stdout.write(f"      {device.config_url}")
        self.stdout.write(f"    or use a backup code (each works once): {' '.join(codes)}")

    def create_demo_users(self) -> None:
        """Demo logins get a fresh random password on every call, printed once."""
        self.stdout.write("Demo logins (local use only):")
        for entry in seed_data.DEMO_USERS:
            user, _ = demo_user_ensure(entry)
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.save(update_fields=["password"])
            username = user.username
            self.stdout.write(f"  {username:<13} {password:<14} ({user.get_role_display()})")
            if second_factor_required(user):
                self.demo_second_factor(user)
