"""Workstreams, their people, actions, progress notes, meetings and daily snapshots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from taskforce.models import Organisation, OrganisationLink, Taskforce
from taskforce.status import RED, status_for

STALE_AFTER_DAYS = 14
DUE_SOON_DAYS = 7


class Workstream(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("naam"), max_length=100, unique=True)
    goal = models.TextField(_("doel"))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    participants = models.ManyToManyField(
        Organisation,
        through="WorkstreamParticipant",
        related_name="workstreams",
        verbose_name=_("deelnemers"),
    )
    trekker_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("trekker (organisatie)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_workstreams",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="workstreams",
        verbose_name=_("leden"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("werkstroom")
        verbose_name_plural = _("werkstromen")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workstreams:detail", args=[self.slug])

    def participant_list(self) -> list[Organisation]:
        return [link.organisation for link in self.participant_links.all()]

    def trekker(self):
        """The person who leads the workstream, once one is assigned."""
        for membership in self.memberships.all():
            if membership.role == Membership.Role.TREKKER:
                return membership.user
        return None


class WorkstreamParticipant(OrganisationLink):
    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="participant_links")

    class Meta(OrganisationLink.Meta):
        constraints = [
            models.UniqueConstraint(fields=["workstream", "organisation"], name="unique_workstream_participant")
        ]
        verbose_name = _("deelnemende organisatie")
        verbose_name_plural = _("deelnemende organisaties")


class Membership(models.Model):
    class Role(models.TextChoices):
        TREKKER = "trekker", _("Trekker")
        MEMBER = "member", _("Lid")

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["role", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["workstream", "user"], name="unique_membership"),
            # One trekker per workstream.
            models.UniqueConstraint(fields=["workstream"], condition=Q(role="trekker"), name="one_trekker"),
        ]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.workstream})"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=Action.CLOSED)

    def overdue(self, today: dt.date | None = None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def due_soon(self, today: dt.date | None = None, days: int = DUE_SOON_DAYS):
        today = today or timezone.localdate()
        return self.open().filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=days))

    def stale(self, now: dt.datetime | None = None):
        now = now or timezone.now()
        return self.open().filter(touched_at__lt=now - dt.timedelta(days=STALE_AFTER_DAYS))

    def for_lists(self):
        return self.select_related("workstream", "owner").prefetch_related("recommendations")


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Niet gestart")
        IN_PROGRESS = "in_progress", _("Bezig")
        BLOCKED = "blocked", _("Geblokkeerd")
        DONE = "done", _("Afgerond")
        DROPPED = "dropped", _("Vervallen")

    CLOSED = (Status.DONE, Status.DROPPED)

    # Set on actions that come from the proposal, so re-seeding finds them and never overwrites edits.
    seed_key = models.CharField(max_length=50, unique=True, null=True, blank=True, editable=False)
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("werkstroom"),
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        blank=True,
        related_name="actions",
        verbose_name=_("aanbevelingen"),
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    result = models.CharField(_("resultaat"), max_length=300, blank=True)
    evidence_url = models.URLField(_("link naar bewijs"), blank=True)
    meeting = models.ForeignKey(
        "Meeting",
        verbose_name=_("afgesproken in vergadering"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    # Last time anybody changed, noted or checked in on it: drives the "stale" flag.
    touched_at = models.DateTimeField(_("laatst bijgewerkt"), default=timezone.now)
    # Optimistic lock: a save that started from an older version is refused.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[recommendations])
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["workstream__position", "position", "id"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["touched_at"]),
        ]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workstreams:action", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < (today or timezone.localdate())

    def is_stale(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_open and self.touched_at < now - dt.timedelta(days=STALE_AFTER_DAYS)


class ProgressNote(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", _("Voortgang")
        CHECK_IN = "check_in", _("Geen wijziging deze week")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("auteur"))
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("notitie"), blank=True)
    created_at = models.DateTimeField(_("datum"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action", "-created_at"])]
        verbose_name = _("voortgangsnotitie")
        verbose_name_plural = _("voortgangsnotities")

    def __str__(self) -> str:
        return self.text[:60] or self.get_kind_display()


@dataclass
class AgendaItem:
    """One line of a meeting's proposed agenda: an action that needs talking about, a red workstream,
    or a free item typed by the organiser."""

    kind: str  # one of Meeting.AGENDA_KINDS
    text: str
    action: Action | None = None
    workstream: Workstream | None = None
    reasons: list[str] | None = None

    @property
    def label(self) -> str:
        return dict(Meeting.AGENDA_LABELS)[self.kind]


class MeetingQuerySet(models.QuerySet):
    def taskforce(self):
        return self.filter(workstream__isnull=True)

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

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    # The order in which a proposed agenda raises things (issue #3): red and blocked first, then
    # overdue, then due soon, then untouched for 14 days, then what the organiser typed.
    AGENDA_LABELS = [
        ("red", _("Op rood")),
        ("blocked", _("Geblokkeerd")),
        ("overdue", _("Over de deadline")),
        ("due_soon", _("Deadline binnen 7 dagen")),
        ("stale", _("14 dagen niet bijgewerkt")),
        ("free", _("Vrij agendapunt")),
    ]
    AGENDA_KINDS = [kind for kind, _label in AGENDA_LABELS]

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["workstream", "starts_at"])]
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

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
        from workstreams.selectors import workstream_figures

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
            for workstream in workstreams:
                status = status_for(figures[workstream.pk], deadline)
                if status.colour == RED:
                    reasons = [str(reason) for reason in status.reasons]
                    items.append(AgendaItem("red", str(workstream), workstream=workstream, reasons=reasons))

        buckets: dict[str, list[Action]] = {"blocked": [], "overdue": [], "due_soon": [], "stale": []}
        soon = today + dt.timedelta(days=DUE_SOON_DAYS)
        for action in actions:
            if not action.is_open:
                continue
            if action.status == Action.Status.BLOCKED:
                buckets["blocked"].append(action)
            elif action.is_overdue(today):
                buckets["overdue"].append(action)
            elif action.due_date is not None and action.due_date <= soon:
                buckets["due_soon"].append(action)
            elif action.is_stale(now):
                buckets["stale"].append(action)
        for kind, bucket in buckets.items():
            bucket.sort(key=lambda a: (a.due_date or dt.date.max, a.workstream.position, a.position, a.pk))
            items += [AgendaItem(kind, action.title, action=action, workstream=action.workstream) for action in bucket]

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


class WorkstreamSnapshot(models.Model):
    """A workstream's figures on one day, so burn-up charts and trends show the past."""

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField(_("datum"))
    actions_total = models.PositiveIntegerField(default=0)
    actions_done = models.PositiveIntegerField(default=0)
    actions_overdue = models.PositiveIntegerField(default=0)
    actions_blocked = models.PositiveIntegerField(default=0)
    actions_stale = models.PositiveIntegerField(default=0)
    kpis_behind = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10)
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workstream", "date"]
        constraints = [models.UniqueConstraint(fields=["workstream", "date"], name="one_snapshot_a_day")]
        verbose_name = _("dagstand werkstroom")
        verbose_name_plural = _("dagstanden werkstromen")

    def __str__(self) -> str:
        return f"{self.workstream} {self.date}: {self.status}"
