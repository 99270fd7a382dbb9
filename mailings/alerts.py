"""The deadline status job: today's snapshot, "workstream turned red" and the 11- and 12-week mails.

Runs daily. A workstream "turns red" when today's status is red and its latest earlier snapshot was
not (or there is none), so each turn is told once, on the day the job first sees it. The 11- and
12-week mails go out on those dates. Both reach the trekkers and the taskforce (taskforce members and
the secretariat); each (workstream or date, person) is one Delivery, so a re-run sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO, cast

from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import timezone, translation

from dashboards.models import WorkstreamSnapshot
from dashboards.services import snapshot_take
from mailings import mail
from mailings.digest import RunReport, app_url, moment
from mailings.models import Delivery
from mailings.notices import notice_build
from mailings.reminders import reminder_build
from taskforce.models import Taskforce, User
from workstreams.models import Action, Membership, Workstream
from workstreams.selectors import workstream_figures
from workstreams.status import RED, Figures, status_for


def take_snapshots(*, today: dt.date) -> int:
    return snapshot_take(today=today)


# --- Who hears it --------------------------------------------------------------------------------


# Who the red-status and deadline mails are for: the trekkers and the taskforce (the secretariat too).
ALERTED = Q(role__in=User.ALL_WORKSTREAM_ROLES) | Q(is_superuser=True) | Q(memberships__role=Membership.Role.TREKKER)


def alert_people():
    """Trekkers and the taskforce who want alerts."""
    return mail.recipients("alerts").filter(ALERTED).distinct().order_by("id")


def receives_alerts(user: User) -> bool:
    """Whether this person's role gets alerts at all (whatever their switch says)."""
    return User.objects.filter(ALERTED, pk=user.pk).exists()


# --- Messages ------------------------------------------------------------------------------------


def red_period(workstream: Workstream, today: dt.date) -> str:
    return f"{workstream.slug}:red:{today.isoformat()}"


def deadline_period(weeks: int, today: dt.date) -> str:
    return f"deadline-{weeks}:{today.isoformat()}"


def _action_lines(actions) -> list[dict]:
    return [{"action": action, "url": app_url(action)} for action in actions]


def red_alert_message(*, user: User, workstream: Workstream, today: dt.date):
    # Only called once deadline_status_run has found a taskforce (a retry rebuilds a mail it sent for one).
    taskforce = cast(Taskforce, Taskforce.current())
    deadline = taskforce.deadline(today)
    figures = workstream_figures(deadline=deadline, now=moment(today)).get(workstream.pk, Figures())
    late = (
        Action.objects.open()
        .filter(workstream=workstream)
        .filter(Q(due_date__lt=today) | Q(status=Action.Status.BLOCKED))
        .select_related("owner")
        .order_by("due_date", "id")
    )
    with translation.override(user.language):
        status = status_for(figures, deadline)
    return mail.message_build(
        kind=Delivery.Kind.RED_ALERT,
        user=user,
        context={
            "workstream": workstream,
            "workstream_url": app_url(workstream),
            "status": status,
            "deadline": deadline,
            "late": _action_lines(late),
        },
    )


def deadline_message(*, user: User, weeks: int, today: dt.date):
    # Only called once deadline_status_run has found a taskforce (a retry rebuilds a mail it sent for one).
    taskforce = cast(Taskforce, Taskforce.current())
    deadline = taskforce.deadline(today)
    figures = workstream_figures(deadline=deadline, now=moment(today))
    actions = list(
        Action.objects.exclude(status=Action.Status.DROPPED).select_related("owner").order_by("position", "id")
    )
    blocks = []
    with translation.override(user.language):
        for workstream in Workstream.objects.order_by("position"):
            mine = [action for action in actions if action.workstream_id == workstream.pk]
            blocks.append(
                {
                    "workstream": workstream,
                    "url": app_url(workstream),
                    "status": status_for(figures.get(workstream.pk, Figures()), deadline),
                    "done": _action_lines(a for a in mine if a.status == Action.Status.DONE),
                    "open": _action_lines(a for a in mine if a.is_open),
                }
            )
    return mail.message_build(
        kind=Delivery.Kind.DEADLINE,
        user=user,
        context={"weeks": weeks, "deadline": deadline, "blocks": blocks, "taskforce": taskforce},
    )


def alert_build(*, delivery: Delivery, today: dt.date):
    """Rebuilds a red-alert, deadline or update-reminder mail from its delivery's period (for a retry)."""
    if delivery.kind in (Delivery.Kind.UPDATE_REMINDER, Delivery.Kind.UPDATES_MISSING):
        return reminder_build(delivery=delivery)
    if delivery.kind in (Delivery.Kind.NOTIFICATION, Delivery.Kind.NOTIFICATION_BUNDLE):
        return notice_build(delivery=delivery)
    if delivery.kind == Delivery.Kind.RED_ALERT:
        slug, _, day = delivery.period.split(":")
        workstream = Workstream.objects.get(slug=slug)
        return red_alert_message(user=delivery.user, workstream=workstream, today=dt.date.fromisoformat(day))
    weeks, day = delivery.period.removeprefix("deadline-").split(":")
    return deadline_message(user=delivery.user, weeks=int(weeks), today=dt.date.fromisoformat(day))


# --- The job -------------------------------------------------------------------------------------


@dataclass
class DeadlineReport(RunReport):
    turned_red: list[str] = field(default_factory=list)
    milestone: int | None = None


def turned_red(*, today: dt.date) -> list[Workstream]:
    """Workstreams red today whose latest earlier snapshot was not red (or that have none)."""
    # Only called once deadline_status_run has found a taskforce (a retry rebuilds a mail it sent for one).
    taskforce = cast(Taskforce, Taskforce.current())
    deadline = taskforce.deadline(today)
    figures = workstream_figures(deadline=deadline, now=moment(today))
    previous: dict[int, str] = {}
    # Newest first, so the first row seen per workstream is its latest before today (works on SQLite too).
    latest_first = WorkstreamSnapshot.objects.filter(date__lt=today).order_by("-date")
    for workstream_id, status in latest_first.values_list("workstream_id", "status"):
        previous.setdefault(workstream_id, status)
    return [
        workstream
        for workstream in Workstream.objects.order_by("position")
        if status_for(figures.get(workstream.pk, Figures()), deadline).colour == RED
        and previous.get(workstream.pk) != RED
    ]


def deadline_status_run(
    *, today: dt.date | None = None, dry_run: bool = False, out: TextIO | None = None
) -> DeadlineReport:
    today = today or timezone.localdate()
    report = DeadlineReport()
    taskforce = Taskforce.current()
    if taskforce is None:
        return report
    deadline = taskforce.deadline(today)
    red = turned_red(today=today)
    report.turned_red = [workstream.slug for workstream in red]
    report.milestone = {deadline.eleven_weeks: 11, deadline.twelve_weeks: 12}.get(today)
    if not dry_run:
        take_snapshots(today=today)

    people = list(alert_people())
    trekkers = dict(
        Membership.objects.filter(role=Membership.Role.TREKKER, user__in=people).values_list("workstream_id", "user_id")
    )
    # Callable[..., …]: mypy cannot infer a lambda that binds the loop variables as defaults otherwise.
    jobs: list[tuple[str, str, User, Callable[..., EmailMultiAlternatives | None]]] = []
    for workstream in red:
        for person in people:
            if person.is_secretariat or person.role == User.Role.TASKFORCE or trekkers.get(workstream.pk) == person.pk:
                jobs.append(
                    (
                        Delivery.Kind.RED_ALERT,
                        red_period(workstream, today),
                        person,
                        lambda p=person, w=workstream: red_alert_message(user=p, workstream=w, today=today),
                    )
                )
    if report.milestone:
        for person in people:
            jobs.append(
                (
                    Delivery.Kind.DEADLINE,
                    deadline_period(report.milestone, today),
                    person,
                    # Within `if report.milestone`, which mypy does not carry into the lambda.
                    lambda p=person: deadline_message(user=p, weeks=report.milestone, today=today),  # type: ignore[arg-type]
                )
            )

    with mail.Sender() as sender:
        for kind, period, person, build in jobs:
            if dry_run:
                if out:
                    out.write(f"{person.email} ({person.get_role_display()}, {person.language}): {kind} {period}\n")
                continue
            delivery = mail.delivery_for(kind=kind, period=period, user=person)
            status = mail.send_one(delivery=delivery, build=build, today=today, sender=sender)
            getattr(report, status).append(delivery.pk)
    if out:
        out.write(
            f"Deadline status {today} (week {deadline.week} of 12): turned red: {', '.join(report.turned_red) or '-'}; "
            f"{'11/12-week date: ' + str(report.milestone) if report.milestone else 'no 11/12-week date'}; "
            f"{len(report.sent)} sent, {len(report.already)} already done, {len(report.failed)} failed\n"
        )
    return report
