"""Workstreams, their people, actions and progress notes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from taskforce.models import Organisation, OrganisationLink, User, WorkstreamRole
from taskforce.permissions import can_edit_actions

STALE_AFTER_DAYS = 14
DUE_SOON_DAYS = 7


class Workstream(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("naam"), max_length=100, unique=True)
    goal = models.TextField(pgettext_lazy("goal", "doel"))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    participants: models.ManyToManyField[Organisation, WorkstreamParticipant] = models.ManyToManyField(
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
    members: models.ManyToManyField[User, Membership] = models.ManyToManyField(
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

    def get_members_url(self) -> str:
        return reverse("workstreams:members", args=[self.slug])

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
    Role = WorkstreamRole

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
    # Who made the change, set before save() for simple-history's record (not a database column).
    _history_user: User | None

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
    # TextFields with a max_length: the database takes any length, but forms and full_clean refuse more.
    description = models.TextField(_("omschrijving"), blank=True, max_length=5000)
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
    # A step that can be taken soon, before the rest (the proposal: some recommendations lead to action sooner).
    is_quick_win = models.BooleanField(_("quick win"), default=False)
    meeting = models.ForeignKey(
        "meetings.Meeting",
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

    # Attachments (attachments.models.Attachable): whoever edits the action attaches documents to it.
    attachment_purposes = ("document",)

    @property
    def attachment_workstream_id(self) -> int:
        return self.workstream_id

    def can_attach(self, user) -> bool:
        return can_edit_actions(user, self.workstream_id)

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < (today or timezone.localdate())

    def is_stale(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_open and self.touched_at < now - dt.timedelta(days=STALE_AFTER_DAYS)


def recommendation_model():
    """The Recommendation model, reached through Action's relation to it.

    The recommendations app builds on this one (a recommendation's progress is counted from its
    actions), so this app never imports it; forms, history and filters that list recommendations
    take the model from here.
    """
    return Action._meta.get_field("recommendations").related_model


class ProgressNote(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", _("Voortgang")
        CHECK_IN = "check_in", _("Geen wijziging deze week")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("auteur"))
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("notitie"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("datum"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action", "-created_at"])]
        verbose_name = _("voortgangsnotitie")
        verbose_name_plural = _("voortgangsnotities")

    def __str__(self) -> str:
        return self.text[:60] or self.get_kind_display()

    def get_absolute_url(self) -> str:
        return f"{self.action.get_absolute_url()}#note-{self.pk}"

    attachment_purposes = ("document",)

    @property
    def attachment_workstream_id(self) -> int:
        return self.action.workstream_id

    def can_attach(self, user) -> bool:
        return can_edit_actions(user, self.action.workstream_id)
