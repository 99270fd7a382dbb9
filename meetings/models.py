"""Weekly meetings of the taskforce and of each workstream: agenda, minutes, decisions, action items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mandate.selectors import stale_delegations
from taskforce.models import Taskforce, WorkstreamRole
from taskforce.permissions import can_edit_meeting, workstream_roles
from updates.selectors import agenda_proposals
from workstreams.models import DUE_SOON_DAYS, Action, Workstream
from workstreams.selectors import workstream_figures
from workstreams.status import RED, status_for

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class AgendaItem:
    """One line of a meeting's proposed agenda: an action that needs talking about, a red workstream,
    or a free item typed by the organiser."""

    kind: str  # one of Meeting.AGENDA_KINDS
    text: str
    action: Action | None = None
    workstream: Workstream | None = None
    reasons: list[str] | None = None
    url: str = ""  # where the item is handled, when it is not an action (an update, a recovery plan)

    @property
    def label(self) -> StrOrPromise:
        return dict(Meeting.AGENDA_LABELS)[self.kind]


def circle_of(user) -> models.Q:
    """The meetings a person belongs at by role, on a meeting's `workstream` (so it filters the history
    of deleted meetings too): their workstreams' meetings, and the taskforce's own for the secretariat,
    taskforce members and trekkers, the circle the meeting form offers as attendees."""
    circle = models.Q(workstream__memberships__user=user)
    if user.sees_all_workstreams or WorkstreamRole.TREKKER in workstream_roles(user).values():
        circle |= models.Q(workstream__isnull=True)
    return circle


class MeetingQuerySet(models.QuerySet):
    def taskforce(self):
        return self.filter(workstream__isnull=True)

    def expected_for(self, user):
        """The meetings a person is expected at: those that list them as attendee, and those of their
        circle (`circle_of`)."""
        people = models.Q(attendees=user) | circle_of(user)
        return self.filter(pk__in=self.model.objects.filter(people).values("pk"))

    def upcoming(self, now: dt.datetime | None = None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "id")

    def past(self, now: dt.datetime | None = None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at", "-id")

    def last_before(self, when: dt.date | dt.datetime) -> Meeting | None:
        """The latest meeting that started before `when` (a date means: before that day began), with
        its attendees and action items loaded, for the digest's "decisions and action items" section.

        Filter first for one workstream or the taskforce: `Meeting.objects.taskforce().last_before(day)`.
        """
        if not isinstance(when, dt.datetime):
            when = timezone.make_aware(dt.datetime.combine(when, dt.time.min))
        return (
            self.filter(starts_at__lt=when)
            .select_related("workstream")
            .prefetch_related(
                "attendees",
                models.Prefetch(
                    "action_items",
                    queryset=Action.objects.select_related("owner", "workstream").order_by("due_date", "id"),
                ),
            )
            .order_by("-starts_at", "-id")
            .first()
        )


class Meeting(models.Model):
    """A weekly meeting of the taskforce (no workstream) or of one workstream."""

    workstream = models.ForeignKey(
        Workstream,
        verbose_name=_("werkstroom"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meetings",
        help_text=_("Leeg voor een vergadering van de taskforce."),
    )
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("datum en tijd"))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    agenda = models.TextField(_("vrije agendapunten"), blank=True, help_text=_("Eén punt per regel."))
    minutes = models.TextField(_("verslag"), blank=True)
    decisions = models.TextField(_("besluiten"), blank=True, help_text=_("Eén besluit per regel."))
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("aanwezigen"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(table_name="workstreams_historicalmeeting")
    objects = MeetingQuerySet.as_manager()

    # The order in which a proposed agenda raises things (issue #3): red and blocked first, then
    # overdue, then due soon, then untouched for 14 days, then what the organiser typed.
    AGENDA_LABELS = [
        ("red", _("Op rood")),
        ("recovery_plan", _("Herstelplan")),
        ("update_missing", _("Update ontbreekt")),
        ("rating_disagreement", _("Oordelen verschillen")),
        ("blocked", _("Geblokkeerd")),
        ("overdue", _("Over de deadline")),
        ("due_soon", _("Deadline binnen 7 dagen")),
        ("delegated", _("Belegd werk zonder recent signaal")),
        ("stale", _("14 dagen niet bijgewerkt")),
        ("free", _("Vrij agendapunt")),
    ]
    AGENDA_KINDS = [kind for kind, _label in AGENDA_LABELS]

    class Meta:
        # The table keeps the name it had when meetings were part of the workstreams app.
        db_table = "workstreams_meeting"
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["workstream", "starts_at"])]
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    # Attachments (attachments.models.Attachable): the agenda, the minutes and other documents, added
    # by those who edit the meeting.
    attachment_purposes = ("agenda", "minutes", "document")

    @property
    def attachment_workstream_id(self) -> int | None:
        return self.workstream_id

    def can_attach(self, user) -> bool:
        return can_edit_meeting(user, self.workstream_id)

    @property
    def is_taskforce_meeting(self) -> bool:
        return self.workstream_id is None

    def free_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def decision_list(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]

    def proposed_agenda(self, today: dt.date | None = None, now: dt.datetime | None = None) -> list[AgendaItem]:
        """The agenda proposed from the open actions of this meeting's workstream (all workstreams for
        a taskforce meeting), followed by the free items. Each action appears once, under the first
        heading that applies; within a heading the earliest deadline comes first.
        """
        today = today or timezone.localdate()
        now = now or timezone.now()
        workstreams: QuerySet[Workstream] | list[Workstream]
        workstreams = Workstream.objects.all()
        if self.workstream_id:
            workstreams = workstreams.filter(pk=self.workstream_id)
        workstreams = list(workstreams)
        actions = list(
            Action.objects.filter(workstream__in=workstreams)
            .exclude(status=Action.Status.DROPPED)
            .select_related("workstream", "owner")
        )
        items: list[AgendaItem] = []

        taskforce = Taskforce.current()
        if taskforce is not None:
            deadline = taskforce.deadline(today)
            figures = workstream_figures(deadline=deadline, now=now, workstream_id=self.workstream_id)
            statuses = {ws.pk: status_for(figures[ws.pk], deadline) for ws in workstreams}
            for workstream in workstreams:
                status = statuses[workstream.pk]
                if status.colour == RED:
                    reasons = [str(reason) for reason in status.reasons]
                    items.append(AgendaItem("red", str(workstream), workstream=workstream, reasons=reasons))
            # The weekly rhythm's items: recovery plans owed, missing updates, ratings that differ.
            proposals = agenda_proposals(
                deadline=deadline, taskforce=taskforce, statuses=statuses, workstreams=workstreams
            )
            for kind in ("recovery_plan", "update_missing", "rating_disagreement"):
                items += [
                    AgendaItem(kind, str(p.workstream), workstream=p.workstream, reasons=p.reasons, url=p.url)
                    for p in proposals
                    if p.kind == kind
                ]

        buckets: dict[str, list[Action]] = {
            "blocked": [],
            "overdue": [],
            "due_soon": [],
            "delegated": [],
            "stale": [],
        }
        soon = today + dt.timedelta(days=DUE_SOON_DAYS)
        # Work delegated outside the app is followed by its last signal, not by edits in the app.
        delegated = {
            d.action_id: d for d in stale_delegations(today=today, workstream_ids=[ws.pk for ws in workstreams])
        }
        for action in actions:
            if not action.is_open:
                continue
            if action.status == Action.Status.BLOCKED:
                buckets["blocked"].append(action)
            elif action.is_overdue(today):
                buckets["overdue"].append(action)
            elif action.due_date is not None and action.due_date <= soon:
                buckets["due_soon"].append(action)
            elif action.pk in delegated:
                buckets["delegated"].append(action)
            elif action.is_stale(now):
                buckets["stale"].append(action)
        for kind, bucket in buckets.items():
            bucket.sort(key=lambda a: (a.due_date or dt.date.max, a.workstream.position, a.position, a.pk))
            items += [
                AgendaItem(
                    kind,
                    action.title,
                    action=action,
                    workstream=action.workstream,
                    reasons=[delegated[action.pk].signal_reason()] if kind == "delegated" else None,
                )
                for action in bucket
            ]

        items += [AgendaItem("free", text) for text in self.free_items()]
        return items

    def add_action_item(self, *, title: str, owner, due_date: dt.date | None, workstream: Workstream | None = None):
        """An action agreed in this meeting, in its workstream (a taskforce meeting names one)."""
        workstream = self.workstream or workstream
        if workstream is None:
            raise ValueError("A taskforce meeting's action item needs a workstream.")
        last = Action.objects.filter(workstream=workstream).aggregate(models.Max("position"))["position__max"]
        return Action.objects.create(
            workstream=workstream,
            title=title,
            owner=owner,
            due_date=due_date,
            meeting=self,
            position=(last or 0) + 1,
        )
