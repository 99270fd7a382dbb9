"""Reminders of the weekly update and, at meeting time, the taskforce's list of missing updates.

Runs every hour of the working day (setup_schedule). The trekker (and the member they delegated)
whose update for the next taskforce meeting is not in hears it UpdateSettings.reminder_days before
the meeting and again on the morning of the day before; once the meeting has begun, the taskforce
hears which updates are missing. Each (workstream, meeting, reminder, person) is one Delivery, so
every reminder goes exactly once, through the same claim as every other mail, and only to people
who have alerts switched on. Each run also asks a recovery plan of the workstreams gone red.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import timezone

from mailings import mail
from mailings.digest import RunReport, app_url
from mailings.models import Delivery
from taskforce.models import Taskforce, User
from updates.models import Delegate, UpdateSettings, WorkstreamUpdate
from updates.selectors import meeting_date as next_meeting_date
from updates.services import recovery_plans_open
from workstreams.models import Membership, Workstream

EARLY, EVE = "early", "eve"


def reminder_period(workstream: Workstream, meeting: dt.date, which: str) -> str:
    return f"{workstream.slug}:update:{meeting.isoformat()}:{which}"


def missing_period(meeting: dt.date) -> str:
    return f"updates-missing:{meeting.isoformat()}"


def reminders_due(*, today: dt.date, meeting: dt.date, days: int) -> list[str]:
    """Which reminders are due today: the first from `days` days before the meeting, the second on the
    day before. A run that missed the first day still sends it later; both are sent once anyway."""
    left = (meeting - today).days
    due = []
    if 2 <= left <= days:
        due.append(EARLY)
    if left == 1:
        due.append(EVE)
    return due


def writers(workstream_ids: list[int]) -> dict[int, list[User]]:
    """Per workstream, who writes its update and wants alerts: the trekker and the delegated member."""
    wanted = {user.pk: user for user in mail.recipients("alerts")}
    found: dict[int, list[User]] = {ws_id: [] for ws_id in workstream_ids}
    pairs = list(
        Membership.objects.filter(workstream_id__in=workstream_ids, role=Membership.Role.TREKKER).values_list(
            "workstream_id", "user_id"
        )
    )
    pairs += list(Delegate.objects.filter(workstream_id__in=workstream_ids).values_list("workstream_id", "user_id"))
    for ws_id, user_id in pairs:
        if user_id in wanted and wanted[user_id] not in found[ws_id]:
            found[ws_id].append(wanted[user_id])
    return found


def missing_workstreams(meeting: dt.date) -> list[Workstream]:
    done = WorkstreamUpdate.objects.filter(meeting_date=meeting, state__in=WorkstreamUpdate.IN).values("workstream_id")
    return list(Workstream.objects.exclude(pk__in=done).order_by("position"))


def reminder_message(*, user: User, workstream: Workstream, meeting: dt.date):
    update = WorkstreamUpdate.objects.filter(workstream=workstream, meeting_date=meeting).first()
    if update is not None and update.is_in:
        return None  # it came in meanwhile: nothing to remind of
    return mail.message_build(
        kind=Delivery.Kind.UPDATE_REMINDER,
        user=user,
        context={
            "workstream": workstream,
            "meeting_date": meeting,
            "state": update.get_state_display() if update else "",
            "edit_url": app_url("updates:edit", workstream.slug),
        },
    )


@dataclass
class MissingLine:
    workstream: Workstream
    trekker: User | None


def missing_message(*, user: User, meeting: dt.date):
    missing = missing_workstreams(meeting)
    if not missing:
        return None
    trekkers = {
        m.workstream_id: m.user
        for m in Membership.objects.filter(role=Membership.Role.TREKKER, workstream__in=missing).select_related("user")
    }
    return mail.message_build(
        kind=Delivery.Kind.UPDATES_MISSING,
        user=user,
        context={
            "meeting_date": meeting,
            "missing": [MissingLine(ws, trekkers.get(ws.pk)) for ws in missing],
            "list_url": app_url("updates:list"),
        },
    )


def reminder_build(*, delivery: Delivery):
    """Rebuilds a reminder or a missing-updates mail from its period (for a retry or the sweeper)."""
    if delivery.kind == Delivery.Kind.UPDATES_MISSING:
        meeting = dt.date.fromisoformat(delivery.period.removeprefix("updates-missing:"))
        return missing_message(user=delivery.user, meeting=meeting)
    slug, _update, day, _which = delivery.period.split(":")
    workstream = Workstream.objects.get(slug=slug)
    return reminder_message(user=delivery.user, workstream=workstream, meeting=dt.date.fromisoformat(day))


def taskforce_people():
    return mail.recipients("alerts").filter(Q(role__in=User.ALL_WORKSTREAM_ROLES) | Q(is_superuser=True)).order_by("id")


def reminders_run(*, now: dt.datetime | None = None) -> RunReport:
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = RunReport()
    taskforce = Taskforce.current()
    if taskforce is None or not taskforce.deadline(today).started:
        return report
    recovery_plans_open(today=today, now=now)
    settings = UpdateSettings.current()
    meeting = next_meeting_date(taskforce, today)
    report.period = meeting.isoformat()
    # Callable[..., …]: mypy cannot infer a lambda that binds the loop variables as defaults otherwise.
    jobs: list[tuple[str, str, User, Callable[..., EmailMultiAlternatives | None]]] = []
    due = reminders_due(today=today, meeting=meeting, days=settings.reminder_days)
    if due:
        missing = missing_workstreams(meeting)
        people = writers([ws.pk for ws in missing])
        for which in due:
            for workstream in missing:
                for person in people[workstream.pk]:
                    jobs.append(
                        (
                            Delivery.Kind.UPDATE_REMINDER,
                            reminder_period(workstream, meeting, which),
                            person,
                            lambda p=person, w=workstream: reminder_message(user=p, workstream=w, meeting=meeting),
                        )
                    )
    starts = timezone.make_aware(dt.datetime.combine(meeting, taskforce.meeting_time))
    if meeting == today and now >= starts and missing_workstreams(meeting):
        for person in taskforce_people():
            jobs.append(
                (
                    Delivery.Kind.UPDATES_MISSING,
                    missing_period(meeting),
                    person,
                    lambda p=person: missing_message(user=p, meeting=meeting),
                )
            )
    with mail.Sender() as sender:
        for kind, period, person, build in jobs:
            delivery = mail.delivery_for(kind=kind, period=period, user=person)
            status = mail.send_one(delivery=delivery, build=build, today=today, sender=sender)
            getattr(report, status).append(delivery.pk)
    return report
