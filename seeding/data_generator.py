"""Generated data on top of the seeded taskforce, at a chosen scale, for benchmarks and trying things out.

Everything is created with bulk_create in batches (tens of thousands of rows in seconds) and drawn from
one seeded random generator, so the same scale on the same day gives the same data. Dates are relative
to today and to the taskforce's start date.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from dashboards.models import WorkstreamSnapshot
from kpis.models import KPI, Measurement
from meetings.models import Meeting
from recommendations.models import Recommendation
from seeding import seed_data
from seeding.demo import demo_user_ensure
from taskforce.models import Organisation, Taskforce, User
from workstreams.models import (
    Action,
    HistoricalAction_recommendations,
    Membership,
    ProgressNote,
    Workstream,
    WorkstreamParticipant,
)

BATCH = 2000
# simple-history's record of an action's recommendations at each historical row.
HISTORICAL_ACTION_RECOMMENDATIONS = HistoricalAction_recommendations
SEEDED_ACTIONS = sum(len(ws["actions"]) for ws in seed_data.WORKSTREAMS)
PERSON_PREFIX = "persoon-"


@dataclass(frozen=True)
class Scale:
    """Totals to reach; the seeded objects count towards them."""

    workstreams: int
    actions: int
    notes: int
    action_history: int  # historical rows of actions, the creation rows included
    people: int  # generated people, the demo-like users included
    kpis_per_new_workstream: int
    measurements_per_kpi: int  # one a week, going back from today
    meeting_weeks: int  # weekly meetings of the taskforce and of every workstream
    snapshot_days: int  # daily snapshots of every workstream, going back from today


SCALES = {
    # The taskforce as seeded, with the demo-like users, a few notes and five weeks of life.
    "real": Scale(
        workstreams=len(seed_data.WORKSTREAMS),
        actions=SEEDED_ACTIONS,
        notes=SEEDED_ACTIONS,
        action_history=SEEDED_ACTIONS,
        people=len(seed_data.DEMO_USERS),
        kpis_per_new_workstream=0,
        measurements_per_kpi=5,
        meeting_weeks=5,
        snapshot_days=35,
    ),
    # Ten times the actions, notes and people of the real one.
    "x10": Scale(
        workstreams=len(seed_data.WORKSTREAMS),
        actions=10 * SEEDED_ACTIONS,
        notes=10 * SEEDED_ACTIONS,
        action_history=20 * SEEDED_ACTIONS,
        people=10 * len(seed_data.DEMO_USERS),
        kpis_per_new_workstream=0,
        measurements_per_kpi=5,
        meeting_weeks=5,
        snapshot_days=35,
    ),
    # A large programme running for two years.
    "large": Scale(
        workstreams=10,
        actions=5000,
        notes=50000,
        action_history=50000,
        people=1000,
        kpis_per_new_workstream=3,
        measurements_per_kpi=104,
        meeting_weeks=104,
        snapshot_days=730,
    ),
}

WORDS = (
    "vaccin productie capaciteit fill-and-finish Europese samenwerking kennis opleiding talent "
    "grondstoffen toeleveringsketen pandemische paraatheid innovatie subsidie regelgeving EMA "
    "vergunning biotech opschaling netwerk investering kennisinstelling onderzoek"
).split()
NOTE_TEXTS = (
    "Overleg gevoerd met de betrokken partijen; vervolgafspraak staat.",
    "Conceptnotitie gedeeld, reacties verwacht voor de volgende vergadering.",
    "Wacht op input van het ministerie.",
    "Gesprek met de Europese Commissie was positief.",
    "Planning bijgesteld: levering schuift een week op.",
    "Eerste versie klaar voor bespreking in de werkstroom.",
    "Geen nieuws deze week.",
)
FIRST_NAMES = "Anna Bram Carla Daan Eva Fleur Gijs Hanna Ivo Julia Koen Lotte Milan Noor Olaf Pien Ruben Sara Tim Vera"
LAST_NAMES = "de Vries|Jansen|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|Dekker"
STATUS_WEIGHTS = {
    Action.Status.NOT_STARTED: 25,
    Action.Status.IN_PROGRESS: 40,
    Action.Status.BLOCKED: 5,
    Action.Status.DONE: 25,
    Action.Status.DROPPED: 5,
}
ROLE_WEIGHTS = {
    User.Role.SECRETARIAT: 2,
    User.Role.TASKFORCE: 8,
    User.Role.MEMBER: 75,
    User.Role.VIEWER: 15,
}


class AlreadyGenerated(Exception):
    pass


class DataGenerator:
    def __init__(self, scale: Scale, seed: int = 2021, password: str | None = None):
        self.scale = scale
        self.random = random.Random(seed)
        self.now = timezone.now()
        self.today = timezone.localdate()
        # One hash for every generated login (hashing a thousand passwords would take minutes).
        self.password = make_password(password) if password else make_password(None)
        self.created: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    # -- helpers ---------------------------------------------------------------------------------

    def sentence(self, words: int) -> str:
        return " ".join(self.random.choice(WORDS) for _ in range(words)).capitalize()

    def moment(self, days_back: int) -> dt.datetime:
        """A moment within the last `days_back` days."""
        return self.now - dt.timedelta(seconds=self.random.randrange(max(days_back, 1) * 86400))

    def count(self, name: str, number: int) -> None:
        self.created[name] = self.created.get(name, 0) + number

    def timed(self, step):
        started = time.monotonic()
        result = step()
        self.seconds[step.__name__.removeprefix("make_")] = round(time.monotonic() - started, 2)
        return result

    def bulk(self, model, objs: list, name: str, **options) -> list:
        created = model.objects.bulk_create(objs, batch_size=BATCH, **options)
        self.count(name, len(objs))
        return created

    # -- the steps, in dependency order -----------------------------------------------------------

    def run(self) -> DataGenerator:
        # Generated data belongs in a freshly seeded database, never on top of real work (or a previous run).
        if ProgressNote.objects.exists():
            raise AlreadyGenerated("This database already holds progress notes; generate into a fresh one.")
        self.taskforce = Taskforce.current()
        if self.taskforce is None:
            raise Taskforce.DoesNotExist("Seed the taskforce first (manage.py seed_taskforce).")
        with transaction.atomic():
            self.organisations = list(Organisation.objects.order_by("id"))
            self.recommendations = list(Recommendation.objects.order_by("number"))
            self.workstreams = self.timed(self.make_workstreams)
            self.people = self.timed(self.make_people)
            self.members = self.timed(self.make_memberships)
            self.kpis = self.timed(self.make_kpis)
            self.timed(self.make_measurements)
            self.meetings = self.timed(self.make_meetings)
            self.actions = self.timed(self.make_actions)
            self.timed(self.make_action_history)
            self.timed(self.make_notes)
            self.timed(self.make_snapshots)
        return self

    def make_workstreams(self) -> list[Workstream]:
        existing = list(Workstream.objects.order_by("position", "id"))
        new = []
        for number in range(len(existing) + 1, self.scale.workstreams + 1):
            participants = self.random.sample(self.organisations, 3)
            workstream = Workstream.objects.create(
                slug=f"werkstroom-{number}",
                name=f"Werkstroom {number}",
                goal=self.sentence(12),
                position=number - 1,
                trekker_organisation=participants[0],
            )
            for position, organisation in enumerate(participants):
                WorkstreamParticipant.objects.create(
                    workstream=workstream, organisation=organisation, position=position
                )
            workstream.recommendations.set(self.random.sample(self.recommendations, 2))
            new.append(workstream)
        self.count("workstreams", len(new))
        return existing + new

    def make_people(self) -> list[User]:
        """The demo-like users first (same names as `seed_taskforce --demo-users`), then persoon-NNNN."""
        people = []
        for entry in seed_data.DEMO_USERS[: self.scale.people]:
            user, created = demo_user_ensure(entry, password_hash=self.password)
            self.count("people", created)
            people.append(user)
        first_names, last_names = FIRST_NAMES.split(), LAST_NAMES.split("|")
        roles, weights = list(ROLE_WEIGHTS), list(ROLE_WEIGHTS.values())
        new = []
        for number in range(1, self.scale.people - len(people) + 1):
            username = f"{PERSON_PREFIX}{number:04d}"
            role = self.random.choices(roles, weights)[0]
            new.append(
                User(
                    username=username,
                    first_name=self.random.choice(first_names),
                    last_name=self.random.choice(last_names),
                    email=f"{username}@example.org",
                    role=role,
                    organisation=self.random.choice(self.organisations),
                    language="en" if self.random.random() < 0.1 else "nl",
                    is_staff=role == User.Role.SECRETARIAT,
                    password=self.password,
                    date_joined=self.now,
                )
            )
        return people + self.bulk(User, new, "people")

    def make_memberships(self) -> dict[int, list[int]]:
        """Everybody but viewers and the secretariat works in one or two workstreams; one trekker each."""
        taken = set(Membership.objects.values_list("workstream_id", "user_id"))
        led = set(Membership.objects.filter(role=Membership.Role.TREKKER).values_list("workstream_id", flat=True))
        new = []
        for person in self.people:
            # The demo-like users keep exactly the memberships the demo gives them.
            if not person.username.startswith(PERSON_PREFIX):
                continue
            if person.role not in (User.Role.MEMBER, User.Role.TASKFORCE):
                continue
            for workstream in self.random.sample(self.workstreams, 1 if self.random.random() < 0.8 else 2):
                if (workstream.id, person.id) in taken:
                    continue
                role = Membership.Role.MEMBER
                if person.role == User.Role.TASKFORCE and workstream.id not in led:
                    role = Membership.Role.TREKKER
                    led.add(workstream.id)
                taken.add((workstream.id, person.id))
                new.append(Membership(workstream=workstream, user=person, role=role))
        self.bulk(Membership, new, "memberships")
        members: dict[int, list[int]] = {workstream.id: [] for workstream in self.workstreams}
        for workstream_id, user_id in sorted(taken):
            members[workstream_id].append(user_id)
        return members

    def make_kpis(self) -> list[KPI]:
        new = []
        for workstream in self.workstreams[len(seed_data.WORKSTREAMS) :]:
            for position in range(1, self.scale.kpis_per_new_workstream + 1):
                new.append(
                    KPI(
                        workstream=workstream,
                        name=f"{workstream.name}: {self.sentence(3)}",
                        text=self.sentence(15),
                        unit="aantal",
                        kind=KPI.Kind.COUNT,
                        target=Decimal(self.random.randrange(10, 200)),
                        position=position,
                    )
                )
        self.bulk(KPI, new, "kpis")
        return list(KPI.objects.order_by("id"))

    def make_measurements(self) -> None:
        new = []
        for kpi in self.kpis:
            target = float(kpi.target or 10)
            for week in range(self.scale.measurements_per_kpi):
                date = self.today - dt.timedelta(weeks=self.scale.measurements_per_kpi - 1 - week)
                share = (week + 1) / self.scale.measurements_per_kpi
                value = round(target * share * self.random.uniform(0.6, 1.1), 2)
                new.append(
                    Measurement(
                        kpi=kpi,
                        date=date,
                        value=Decimal(str(value)),
                        recorded_by_id=self.random.choice(self.people).id,
                    )
                )
        self.bulk(Measurement, new, "measurements")

    def make_meetings(self) -> dict[int | None, list[Meeting]]:
        new = []
        for workstream in [None, *self.workstreams]:
            for week in range(self.scale.meeting_weeks):
                starts = self.now - dt.timedelta(weeks=self.scale.meeting_weeks - 1 - week)
                new.append(
                    Meeting(
                        workstream=workstream,
                        title=f"Overleg {workstream.name if workstream else 'taskforce'} week {week + 1}",
                        starts_at=starts.replace(hour=9, minute=0, second=0, microsecond=0),
                        location="Den Haag",
                        agenda="\n".join(self.sentence(4) for _ in range(3)),
                        minutes=self.sentence(30),
                        decisions="\n".join(self.sentence(6) for _ in range(2)),
                    )
                )
        meetings = self.bulk(Meeting, new, "meetings")
        Meeting.history.bulk_history_create(meetings, batch_size=BATCH, default_date=self.now)
        attendees = []
        everyone = [person.id for person in self.people]
        for meeting in meetings:
            pool = self.members[meeting.workstream_id] if meeting.workstream_id else everyone
            for user_id in self.random.sample(pool, min(len(pool), self.random.randint(3, 6))):
                attendees.append(Meeting.attendees.through(meeting_id=meeting.id, user_id=user_id))
        self.bulk(Meeting.attendees.through, attendees, "attendees")
        by_workstream: dict[int | None, list[Meeting]] = {}
        for meeting in meetings:
            by_workstream.setdefault(meeting.workstream_id, []).append(meeting)
        return by_workstream

    def make_actions(self) -> list[Action]:
        """New actions with their creation history (bulk_create_with_history, unrolled to link m2m history)."""
        statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        existing = list(Action.objects.order_by("id"))
        deadline = self.taskforce.deadline(self.today)
        new = []
        for number in range(len(existing) + 1, self.scale.actions + 1):
            workstream = self.random.choice(self.workstreams)
            members = self.members[workstream.id]
            status = self.random.choices(statuses, weights)[0]
            touched = self.moment(60)
            meetings = self.meetings.get(workstream.id)
            action = Action(
                workstream=workstream,
                title=f"{self.sentence(5)} ({number})",
                description=self.sentence(25),
                owner_id=self.random.choice(members) if members and self.random.random() < 0.9 else None,
                status=status,
                due_date=deadline.eleven_weeks + dt.timedelta(days=self.random.randint(-90, 60)),
                result=self.sentence(6) if status == Action.Status.DONE else "",
                position=number,
                completed_at=touched if status == Action.Status.DONE else None,
                touched_at=touched,
                meeting=self.random.choice(meetings) if meetings and self.random.random() < 0.2 else None,
            )
            action._history_date = touched - dt.timedelta(days=self.random.randint(1, 30))
            action._history_user = None
            new.append(action)
        created = self.bulk(Action, new, "actions")
        history = Action.history.bulk_history_create(created, batch_size=BATCH)
        links, records = [], []
        for action, record in zip(created, history, strict=True):
            for recommendation in self.random.sample(self.recommendations, self.random.randint(1, 2)):
                links.append(Action.recommendations.through(action_id=action.id, recommendation_id=recommendation.id))
                records.append(record)
        links = self.bulk(Action.recommendations.through, links, "action recommendations")
        history_links = [
            HISTORICAL_ACTION_RECOMMENDATIONS(
                id=link.id,
                history_id=record.history_id,
                action_id=link.action_id,
                recommendation_id=link.recommendation_id,
            )
            for link, record in zip(links, records, strict=True)
        ]
        self.bulk(HISTORICAL_ACTION_RECOMMENDATIONS, history_links, "action recommendation history")
        self.count("action history", len(history))
        return existing + created

    def make_action_history(self) -> None:
        """Change rows (history_type "~") until the actions have `action_history` historical rows."""
        missing = self.scale.action_history - Action.history.count()
        # `Action.history` builds a new manager on every access: look the model up once, not per row.
        historical = Action.history.model
        tracked = [f.attname for f in historical.tracked_fields]
        statuses = list(STATUS_WEIGHTS)
        rows = []
        for _ in range(max(missing, 0)):
            action = self.random.choice(self.actions)
            values = {name: getattr(action, name) for name in tracked}
            values["status"] = self.random.choice(statuses)
            rows.append(
                historical(
                    **values,
                    history_date=self.moment(120),
                    history_type="~",
                    history_user_id=self.random.choice(self.people).id,
                    history_change_reason="",
                )
            )
        self.bulk(historical, rows, "action history")

    def make_notes(self) -> None:
        notes = []
        for _ in range(self.scale.notes):
            action = self.random.choice(self.actions)
            members = self.members[action.workstream_id] or [person.id for person in self.people]
            check_in = self.random.random() < 0.2
            notes.append(
                ProgressNote(
                    action=action,
                    author_id=self.random.choice(members),
                    kind=ProgressNote.Kind.CHECK_IN if check_in else ProgressNote.Kind.NOTE,
                    text="" if check_in else self.random.choice(NOTE_TEXTS),
                    created_at=self.moment(120),
                )
            )
        self.bulk(ProgressNote, notes, "notes")

    def make_snapshots(self) -> None:
        snapshots = []
        days = self.scale.snapshot_days
        for workstream in self.workstreams:
            total = self.random.randint(3, 10)
            done = 0
            for day in range(days):
                total += self.random.random() < 0.3
                done = min(total, done + (self.random.random() < 0.25))
                overdue = self.random.randint(0, max(0, (total - done) // 4))
                status = "red" if overdue > 3 else "amber" if overdue else "green"
                snapshots.append(
                    WorkstreamSnapshot(
                        workstream=workstream,
                        date=self.today - dt.timedelta(days=days - 1 - day),
                        actions_total=total,
                        actions_done=done,
                        actions_overdue=overdue,
                        actions_blocked=self.random.randint(0, 2),
                        actions_stale=self.random.randint(0, 3),
                        kpis_behind=self.random.randint(0, 2),
                        status=status,
                        reasons=[] if status == "green" else [f"{overdue} acties over de deadline"],
                    )
                )
        self.bulk(WorkstreamSnapshot, snapshots, "snapshots", ignore_conflicts=True)


def generate(scale: Scale, seed: int = 2021, password: str | None = None) -> DataGenerator:
    """Adds generated data to a seeded database; `.created` counts the objects per kind, `.seconds` times steps."""
    return DataGenerator(scale, seed=seed, password=password).run()
