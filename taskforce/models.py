"""People, organisations and the taskforce itself, with its 11- and 12-week deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PROGRAMME_WEEKS = 12
FIRST_DEADLINE_WEEKS = 11


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministerie")
        AGENCY = "agency", _("Uitvoeringsorganisatie")
        EU_BODY = "eu_body", _("EU-orgaan")
        ASSOCIATION = "association", _("Branchevereniging")
        PUBLIC_PRIVATE = "public_private", _("Publiek-privaat")
        EDUCATION = "education", _("Opleiding")
        BUSINESS = "business", _("Bedrijfsleven")
        ENVOY = "envoy", _("Special envoy")
        OTHER = "other", _("Overig")

    short_name = models.CharField(_("korte naam"), max_length=80, unique=True)
    full_name = models.CharField(_("volledige naam"), max_length=200, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.short_name


class WorkstreamRole(models.TextChoices):
    """A person's role inside one workstream (workstreams.Membership); the permission rules read it."""

    TREKKER = "trekker", _("Trekker")
    MEMBER = "member", _("Lid")


class UserQuerySet(models.QuerySet):
    def seeing_all_workstreams(self):
        """People who follow every workstream by role: the secretariat and the taskforce members."""
        return self.filter(models.Q(role__in=User.ALL_WORKSTREAM_ROLES) | models.Q(is_superuser=True))


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    class Role(models.TextChoices):
        # Global role; being trekker or member of a workstream comes from Membership.
        SECRETARIAT = "secretariat", _("Secretariaat")
        TASKFORCE = "taskforce", _("Taskforcelid")
        MEMBER = "member", _("Werkstroomlid")
        VIEWER = "viewer", _("Ministerie (alleen lezen)")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    language = models.CharField(
        _("taal"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    digest_enabled = models.BooleanField(_("wekelijkse samenvatting ontvangen"), default=True)
    alerts_enabled = models.BooleanField(_("deadline- en statusberichten ontvangen"), default=True)

    # Roles that read, and take part in, the whole taskforce rather than one workstream.
    ALL_WORKSTREAM_ROLES = (Role.SECRETARIAT, Role.TASKFORCE)

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_secretariat(self) -> bool:
        return self.is_superuser or self.role == self.Role.SECRETARIAT

    @property
    def sees_all_workstreams(self) -> bool:
        """The secretariat and taskforce members: the taskforce's own meetings and every workstream."""
        return self.is_superuser or self.role in self.ALL_WORKSTREAM_ROLES

    @property
    def is_viewer(self) -> bool:
        return self.role == self.Role.VIEWER and not self.is_superuser


@dataclass(frozen=True)
class Deadline:
    """Where a day falls in the taskforce's 12 weeks."""

    start: dt.date
    today: dt.date

    @property
    def eleven_weeks(self) -> dt.date:
        return self.start + dt.timedelta(weeks=FIRST_DEADLINE_WEEKS)

    @property
    def twelve_weeks(self) -> dt.date:
        return self.start + dt.timedelta(weeks=PROGRAMME_WEEKS)

    @property
    def days_elapsed(self) -> int:
        return (self.today - self.start).days

    @property
    def week(self) -> int:
        """Week N of 12: 0 before the start, 1 in the first seven days, above 12 when overrun."""
        if self.today < self.start:
            return 0
        return self.days_elapsed // 7 + 1

    @property
    def days_left(self) -> int:
        return (self.twelve_weeks - self.today).days

    @property
    def days_to_eleven_weeks(self) -> int:
        return (self.eleven_weeks - self.today).days

    @property
    def elapsed_share(self) -> float:
        """Share of the 12 weeks gone, between 0 and 1."""
        total = (self.twelve_weeks - self.start).days
        return min(max(self.days_elapsed / total, 0.0), 1.0)

    @property
    def started(self) -> bool:
        return self.today >= self.start

    @property
    def overrun(self) -> bool:
        return self.today > self.twelve_weeks


class Taskforce(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    goal = models.TextField(pgettext_lazy("goal", "doel"))
    approach = models.TextField(_("aanpak"), blank=True)
    participants: models.ManyToManyField[Organisation, TaskforceParticipant] = models.ManyToManyField(
        Organisation,
        through="TaskforceParticipant",
        verbose_name=_("deelnemers"),
        related_name="taskforces",
    )
    start_date = models.DateField(_("startdatum"))
    meeting_weekday = models.PositiveSmallIntegerField(
        _("vergaderdag"),
        choices=[
            (0, _("maandag")),
            (1, _("dinsdag")),
            (2, _("woensdag")),
            (3, _("donderdag")),
            (4, _("vrijdag")),
        ],
        default=1,
    )
    meeting_time = models.TimeField(_("vergadertijd"), default=dt.time(10, 0))
    planned_size = models.PositiveSmallIntegerField(_("geplande omvang taskforce"), default=6)
    workstream_size_min = models.PositiveSmallIntegerField(_("omvang werkstroom (min)"), default=5)
    workstream_size_max = models.PositiveSmallIntegerField(_("omvang werkstroom (max)"), default=7)

    class Meta:
        verbose_name = _("taskforce")
        verbose_name_plural = _("taskforces")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Taskforce | None:
        return cls.objects.order_by("id").first()

    def deadline(self, today: dt.date | None = None) -> Deadline:
        return Deadline(start=self.start_date, today=today or timezone.localdate())

    @property
    def latest_due_date(self) -> dt.date:
        """The latest deadline an action may have: two years after the start (later is a typo)."""
        return self.start_date + dt.timedelta(days=2 * 365)

    @property
    def earliest_measurement(self) -> dt.date:
        """The earliest date of a KPI measurement: a year before the start (a baseline; earlier is a typo)."""
        return self.start_date - dt.timedelta(days=365)

    def participant_list(self) -> list[Organisation]:
        return [link.organisation for link in self.participant_links.select_related("organisation")]

    def next_meeting_date(self, today: dt.date | None = None) -> dt.date:
        """The next weekly meeting day on or after today."""
        today = today or timezone.localdate()
        return today + dt.timedelta(days=(self.meeting_weekday - today.weekday()) % 7)


def current_deadline(today: dt.date | None = None) -> Deadline:
    """Where today falls in the current taskforce's 12 weeks (a not-yet-configured one starts today)."""
    today = today or timezone.localdate()
    taskforce = Taskforce.current()
    return taskforce.deadline(today) if taskforce else Deadline(start=today, today=today)


class OrganisationLink(models.Model):
    """An organisation in a list whose order the document gives (owners, participants)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, verbose_name=_("organisatie"))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return str(self.organisation)


class TaskforceParticipant(OrganisationLink):
    taskforce = models.ForeignKey(Taskforce, on_delete=models.CASCADE, related_name="participant_links")

    class Meta(OrganisationLink.Meta):
        constraints = [
            models.UniqueConstraint(fields=["taskforce", "organisation"], name="unique_taskforce_participant")
        ]
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
